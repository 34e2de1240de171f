import { describe, expect, it, vi } from 'vitest';
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
});
