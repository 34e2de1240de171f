import { describe, expect, test } from 'vitest';
import { MAX_OVERRIDE_REASON, parseSlashCommand } from '../../src/core/commands.ts';

describe('parseSlashCommand', () => {
  test('ignores comments without a command', () => {
    expect(parseSlashCommand('LGTM, thanks!')).toBeNull();
    expect(parseSlashCommand('see /modelgate-docs for more')).toBeNull();
  });

  test('finds the command on any line', () => {
    expect(parseSlashCommand('Retrying after the config fix.\n/modelgate rerun')).toEqual({
      kind: 'rerun',
    });
    expect(parseSlashCommand('/ModelGate RERUN')).toEqual({ kind: 'rerun' });
  });

  test('keeps the whole reason of an override', () => {
    expect(
      parseSlashCommand('/modelgate override accuracy drop is noise: the test set changed'),
    ).toEqual({
      kind: 'override',
      reason: 'accuracy drop is noise: the test set changed',
    });
  });

  test('skips quoted lines and code blocks, so quoting a command does not run it', () => {
    expect(parseSlashCommand('> /modelgate override because')).toBeNull();
    expect(
      parseSlashCommand('Use it like this:\n```\n/modelgate override <reason>\n```'),
    ).toBeNull();
  });

  test('explains what is wrong with a malformed command', () => {
    expect(parseSlashCommand('/modelgate override')).toEqual({
      kind: 'invalid',
      message:
        'An override needs a reason: `/modelgate override <why this change may merge anyway>`.',
    });
    expect(parseSlashCommand('/modelgate')).toEqual({
      kind: 'invalid',
      message:
        '`/modelgate` needs a command. Commands: `/modelgate rerun` or `/modelgate override <reason>`.',
    });
    expect(parseSlashCommand('/modelgate merge <img>')).toEqual({
      kind: 'invalid',
      message:
        '`/modelgate merge` is not a command. Commands: `/modelgate rerun` or `/modelgate override <reason>`.',
    });
    expect(
      parseSlashCommand(`/modelgate override ${'x'.repeat(MAX_OVERRIDE_REASON + 1)}`),
    ).toMatchObject({ kind: 'invalid' });
  });
});
