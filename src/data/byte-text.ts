/** Questions about a file's text answered from its bytes, without decoding all of it. */

const CR = 13;
const LF = 10;

/** Line-break bytes after which `headText` stops: more than the sniffer's 100 lines need. */
const HEAD_BREAKS = 202;

/**
 * The text of the file's first lines, enough for `sniffDelimiter` (which splits off at most
 * 100 lines), without decoding a whole large file that the byte path then reads anyway.
 */
export function headText(bytes: Buffer): string {
  let breaks = 0;
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at];
    if ((byte === LF || byte === CR) && ++breaks === HEAD_BREAKS)
      return bytes.toString('utf8', 0, at + 1);
  }
  return bytes.toString('utf8');
}

/** True when the file holds only blanks (what `text.trim() === ''` says of its text). */
export function isBlank(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at] ?? 0;
    if (byte === 32 || (byte >= 9 && byte <= 13)) continue;
    // Non-ASCII may be a BOM or another Unicode blank: let trim decide.
    return byte < 128 ? false : bytes.toString('utf8').trim() === '';
  }
  return true;
}
