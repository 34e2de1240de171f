import { createServer, type Server } from 'node:net';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/errors.ts';

// Commands that fail in each way main() tells apart, in place of the real ones. The verdict
// is made after main.ts has loaded (the mock cannot import main.ts, which imports the mock).
const thrown = vi.hoisted(() => ({ verdict: new Error('set below') }));
vi.mock('../../src/cli/commands/index.ts', async () => {
  const { listeningOn } = await import('../../src/cli/listen-error.ts');
  return {
    registerCommands: (program: Command): void => {
      program.command('crash').action(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'length')");
      });
      program.command('bad').action(() => {
        throw new InputError('data.csv: line 3 has 4 fields; expected 5 like the header.');
      });
      program.command('verdict').action(() => {
        throw thrown.verdict;
      });
      program
        .command('listen <port>')
        .action((port: string) =>
          listeningOn(`--port ${port}`, () => listenOnce(Number(port)).then(() => undefined)),
        );
    },
  };
});

const { main, EXIT } = await import('../../src/cli/main.ts');
const { VerdictFailure } = await import('../../src/cli/verdict-failure.ts');
thrown.verdict = new VerdictFailure('modelgate: gate failed.');

function listenOnce(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'modelgate', ...args]);
    return { code, stderr: stderr.mock.calls.map((call) => String(call[0])).join('') };
  } finally {
    stderr.mockRestore();
  }
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('exit codes', () => {
  it('1 for a negative verdict, with its sentence', async () => {
    expect(await run('verdict')).toEqual({
      code: EXIT.failed,
      stderr: 'modelgate: gate failed.\n',
    });
  });

  it('2 for bad input, one sentence and no stack trace', async () => {
    expect(await run('bad')).toEqual({
      code: EXIT.badInput,
      stderr: 'modelgate: data.csv: line 3 has 4 fields; expected 5 like the header.\n',
    });
  });

  it('3 for a failure of modelgate itself, so a workflow never reads a crash as a verdict', async () => {
    const { code, stderr } = await run('crash');
    expect(code).toBe(EXIT.internal);
    expect(code).not.toBe(EXIT.failed);
    expect(stderr).toBe(
      "modelgate: Cannot read properties of undefined (reading 'length')\n(run with --verbose for the stack trace)\n",
    );
    const verbose = await run('--verbose', 'crash');
    expect(verbose.code).toBe(EXIT.internal);
    expect(verbose.stderr).toMatch(
      /^modelgate: Cannot read[^\n]*\nTypeError: Cannot read[^\n]*\n\s+at /,
    );
  });

  it('2 for a port another process holds, naming the setting', async () => {
    const taken = await listenOnce(0);
    servers.push(taken);
    const address = taken.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    expect(await run('listen', String(address.port))).toEqual({
      code: EXIT.badInput,
      stderr: `modelgate: --port ${address.port} is already in use by another process; expected a free port (0 picks one).\n`,
    });
  });
});
