import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardWrite, isPermissionError } from '../../src/action/write-guard.ts';

function requestError(status: number, message: string): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Workflow commands written to stdout (`@actions/core` has no other channel on a runner). */
function captureCommands(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  return lines;
}

describe('isPermissionError', () => {
  it.each([
    [requestError(403, 'Resource not accessible by integration'), true],
    [requestError(401, 'Bad credentials'), true],
    [requestError(404, 'Not Found'), false],
    [requestError(422, 'Validation Failed'), false],
    [requestError(500, 'Server Error'), false],
    [
      new Error(
        "fatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 403",
      ),
      true,
    ],
    [new Error('remote: Permission to o/r.git denied to github-actions[bot].'), true],
    [new Error('! [rejected] main -> main (non-fast-forward)'), false],
    [new Error('ECONNRESET'), false],
  ])('%s → %s', (error, expected) => {
    expect(isPermissionError(error)).toBe(expected);
  });
});

describe('guardWrite', () => {
  it('returns the value of a write that succeeds and warns about nothing', async () => {
    const commands = captureCommands();
    await expect(guardWrite('post', 'issues: write', async () => 42)).resolves.toEqual({
      ok: true,
      value: 42,
    });
    expect(commands).toEqual([]);
  });

  it('turns a 403 into a warning naming what, why and the permission, and does not throw', async () => {
    const commands = captureCommands();
    const outcome = await guardWrite(
      'post the sticky comment on #7',
      'pull-requests: write',
      async () => {
        throw requestError(403, 'Resource not accessible by integration');
      },
    );
    expect(outcome).toEqual({
      ok: false,
      reason: 'Resource not accessible by integration (HTTP 403)',
    });
    expect(commands).toEqual([
      '::warning title=modelgate%3A nothing was written::Could not post the sticky comment on #7: Resource not accessible by integration (HTTP 403). The token is read-only here (a pull request from a fork, or a workflow without `pull-requests: write`); the report is still in the job summary and the `modelgate-report` artifact.',
    ]);
  });

  it('lets every other failure through: an outage must fail the step', async () => {
    captureCommands();
    await expect(
      guardWrite('post', 'issues: write', async () => {
        throw requestError(502, 'Bad Gateway');
      }),
    ).rejects.toThrow('Bad Gateway');
  });
});
