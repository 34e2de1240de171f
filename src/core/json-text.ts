import { InputError, errorMessage } from './errors.ts';

/**
 * JSON.parse's complaint on one line. V8 quotes the text around the error, newlines and all
 * (`Unexpected token 'N', ..."ccuracy": NaN\n  },\n "... is not valid JSON`), which would
 * break the one-sentence error of a pretty-printed file across lines.
 */
export function jsonErrorReason(error: unknown): string {
  return errorMessage(error).replace(/\s+/g, ' ').trim();
}

/**
 * Parses the JSON text of a file the user gave us; invalid JSON is an InputError naming the
 * file, the parser's reason and what the file should have been (`expected` completes
 * "expected …", e.g. "a metrics.json written by modelgate train").
 */
export function parseJsonText(text: string, source: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${source} is not valid JSON (${jsonErrorReason(error)}); expected ${expected}.`,
    );
  }
}
