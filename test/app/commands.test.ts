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

describe('parseSlashCommand reads the comment as markdown', () => {
  test.each([
    ['a fenced block', 'Like this:\n\n```\n/modelgate override because\n```'],
    ['a tilde fence', '~~~\n/modelgate rerun\n~~~'],
    ['an indented code block', 'Like this:\n\n    /modelgate override because'],
    ['a block quote', 'You wrote:\n\n> /modelgate override because'],
    ['a nested block quote', '> > /modelgate rerun'],
    ['an HTML comment', '<!-- /modelgate override hidden -->'],
    [
      'an HTML comment inside a paragraph',
      'Looks fine <!--\n/modelgate override hidden\n--> to me',
    ],
    ['an HTML block', '<div>\n/modelgate override hidden\n</div>'],
    ['inline code spanning lines', 'Type `the\n/modelgate rerun` command'],
    ['a list item', '- /modelgate rerun'],
    ['a heading', '# /modelgate rerun'],
    ['an escaped slash', '\\/modelgate rerun'],
  ])('ignores a command in %s', (_where, body) => {
    expect(parseSlashCommand(body)).toBeNull();
  });

  test('acts on a command in a plain paragraph after skipped blocks', () => {
    const body =
      '> /modelgate override quoted\n\n```\n/modelgate rerun\n```\n\n/modelgate override real reason';
    expect(parseSlashCommand(body)).toEqual({ kind: 'override', reason: 'real reason' });
  });

  test('acts on a paragraph inside a details block, which GitHub shows', () => {
    expect(parseSlashCommand('<details>\n\n/modelgate rerun\n\n</details>')).toEqual({
      kind: 'rerun',
    });
  });
});
