/**
 * Escaping for text we did not write — class labels, file paths, branch names, override
 * reasons, API error messages — before it goes into GitHub-flavoured markdown. A label such as
 * `<img src=x onerror=alert(1)>` or `a|b` must render as itself, not as HTML or a new table
 * column, and `@org/team` in a reason must not notify anyone.
 */

/**
 * Characters replaced by HTML entities rather than backslash escapes: entities work the same
 * in table cells, in `<details>` blocks (where markdown backslashes would show literally) and
 * in headings.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '~': '&#126;',
  '#': '&#35;',
  '!': '&#33;',
  $: '&#36;',
  ':': '&#58;',
  // A zero-width space after "@" stops GitHub from turning `@user` into a notification.
  '@': '@&#8203;',
};

const SPECIAL = /[&<>"'|\\`*_[\]()~#!$:@]/g;

/**
 * Makes untrusted text safe inside a markdown table cell, a heading or an HTML block: one
 * line (newlines and tabs become spaces, other control characters are dropped), every
 * markdown and HTML metacharacter as an entity, mentions defused.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(SPECIAL, (char) => ENTITIES[char] ?? char)
  );
}

/** Shortens untrusted text to `max` characters (with an ellipsis) before escaping it. */
export function escapeShort(text: string, max = 120): string {
  const chars = [...text];
  return escapeMarkdown(chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text);
}

/**
 * Text inside a mermaid block, where HTML entities do not apply: keep letters, digits and a
 * few safe punctuation marks, so a crafted name cannot close the string or the code fence.
 */
export function escapeMermaidText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} .,_\-/()%²]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 80);
}

/** First 7 characters of a commit sha, or `unknown` when it is not a hex sha. */
export function shortSha(sha: string | null | undefined): string {
  return sha !== null && sha !== undefined && /^[0-9a-f]{7,64}$/i.test(sha)
    ? sha.slice(0, 7).toLowerCase()
    : 'unknown';
}

/** A markdown link when `url` is an http(s) URL, else the escaped text alone. */
export function markdownLink(text: string, url: string | null | undefined): string {
  if (url === null || url === undefined) return text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return text;
  // Parentheses and spaces would end the link target early; URL.href percent-encodes spaces.
  const target = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${text}](${target})`;
}
