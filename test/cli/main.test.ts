import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.ts';

describe('modelgate CLI', () => {
  it('exits 2 on an unknown command, naming it', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await main(['node', 'modelgate', 'no-such-command']);
    const printed = stderr.mock.calls.map((call) => String(call[0])).join('');
    stderr.mockRestore();
    expect(code).toBe(2);
    expect(printed).toBe(
      "modelgate: unknown command 'no-such-command'\n(run 'modelgate --help' for the commands)\n",
    );
  });

  it('suggests the near command or flag for a typo', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const printed = async (...args: string[]) => {
      stderr.mockClear();
      const code = await main(['node', 'modelgate', ...args]);
      return { code, text: stderr.mock.calls.map((call) => String(call[0])).join('') };
    };
    try {
      expect(await printed('compar')).toEqual({
        code: 2,
        text: "modelgate: unknown command 'compar'\n(Did you mean compare?)\n(run 'modelgate --help' for the commands)\n",
      });
      expect(await printed('train', '--epoch', '3')).toEqual({
        code: 2,
        text: "modelgate: unknown option '--epoch'\n(Did you mean --epochs?)\n(run 'modelgate train --help' for usage)\n",
      });
      expect(
        (await printed('drift', '--reference', 'a.csv', '--current', 'b.csv', '--formt', 'md'))
          .text,
      ).toContain('(Did you mean --format?)');
    } finally {
      stderr.mockRestore();
    }
  });

  it('prints the version of package.json with --version and exits 0', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'modelgate', '--version']);
    const printed = stdout.mock.calls.map((call) => String(call[0])).join('');
    stdout.mockRestore();
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(code).toBe(0);
    expect(printed).toBe(`${manifest.version}\n`);
  });
});
