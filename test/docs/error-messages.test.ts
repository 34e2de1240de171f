import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messagesOf, messagesPage } from '../../scripts/error-messages.ts';

/** docs/error-messages.md lists every message of a user's mistake that src/ can print. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the error messages page', () => {
  it('is what the sources say (run `npm run docs:errors` after changing a message)', async () => {
    const committed = await readFile(`${ROOT}docs/error-messages.md`, 'utf8');
    expect(committed).toBe(await messagesPage(ROOT));
  });

  it('reads a message as a user sees it: literal text, … for each value', () => {
    const source = [
      'throw new InputError(`${file}: line ${n} has ${k} fields; expected ${m}.`);',
      "throw new InputError('The data file path is empty; expected a CSV or JSONL file.');",
      "throw new InputError(`${flag} is empty; ` + 'expected a path.');",
      'throw new InputError(message);',
      "throw new Error('not a user mistake');",
    ].join('\n');
    expect(messagesOf('data/x.ts', source).map((m) => m.text)).toEqual([
      '…: line … has … fields; expected ….',
      'The data file path is empty; expected a CSV or JSONL file.',
      '… is empty; expected a path.',
    ]);
  });

  it('is linked from troubleshooting, next to the common messages', async () => {
    const troubleshooting = await readFile(`${ROOT}docs/troubleshooting.md`, 'utf8');
    expect(troubleshooting).toContain('(error-messages.md)');
  });
});
