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
