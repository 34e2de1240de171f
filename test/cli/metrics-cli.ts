import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** What one in-process `modelgate` run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `modelgate <args>` in-process through `main()`, capturing stdout and stderr. */
export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'modelgate', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A temporary directory for written inputs, removed by `cleanup`. */
export function tempDir(): {
  path: (name: string) => string;
  write: (name: string, text: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-metrics-'));
  return {
    path: (name) => join(dir, name),
    write: (name, text) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A CSV text from named columns of equal length (values written in round-trip form). */
export function csv(columns: Record<string, readonly (string | number)[]>): string {
  const names = Object.keys(columns);
  const rows = columns[names[0] ?? '']?.length ?? 0;
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++)
    lines.push(names.map((name) => String(columns[name]?.[i] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}
