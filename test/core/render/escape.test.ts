import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  escapeMermaidText,
  markdownLink,
  shortSha,
} from '../../../src/core/render/escape.ts';
import { markdownTable } from '../../../src/core/render/markdown-table.ts';

describe('escapeMarkdown', () => {
  it('turns HTML into text', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe(
      '&lt;img src=x onerror=alert&#40;1&#41;&gt;',
    );
    expect(escapeMarkdown('</details><script>')).not.toMatch(/[<>]/);
  });

  it('keeps a pipe from opening a new table column', () => {
    const table = markdownTable(['Class'], ['left'], [[escapeMarkdown('a|b')]]);
    const row = table.split('\n')[2] ?? '';
    expect(row.split('|')).toHaveLength(3);
  });

  it('keeps a label on one line', () => {
    expect(escapeMarkdown('first\nsecond\r\n| third')).toBe('first second &#124; third');
    expect(escapeMarkdown('a\u0000b\u001bc')).toBe('abc');
  });

  it('defuses mentions, links, emphasis, code and images', () => {
    const escaped = escapeMarkdown(
      '@org/team [x](javascript:alert(1)) ![i](u) **b** `c` ~~s~~ _i_',
    );
    expect(escaped).not.toMatch(/[[\]()*`~_!]/);
    expect(escaped).toContain('@&#8203;org/team');
  });

  it('escapes the ampersand first so entities in the input stay literal', () => {
    expect(escapeMarkdown('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text alone', () => {
    expect(escapeMarkdown('benign tumour 2')).toBe('benign tumour 2');
    expect(escapeMarkdown('Größe, 東京')).toBe('Größe, 東京');
  });
});

describe('other escapes', () => {
  it('keeps mermaid text from closing its string or the fence', () => {
    expect(escapeMermaidText('acc" ]\n```\nline [1]')).toBe('acc line 1');
    expect(escapeMermaidText('R²')).toBe('R²');
  });

  it('shortens a hex sha and refuses anything else', () => {
    expect(shortSha('ABCDEF0123456789')).toBe('abcdef0');
    expect(shortSha('<b>x</b>')).toBe('unknown');
    expect(shortSha(null)).toBe('unknown');
  });

  it('links only http(s) URLs, with parentheses encoded', () => {
    expect(markdownLink('run', 'https://x.test/a(b)')).toBe('[run](https://x.test/a%28b%29)');
    expect(markdownLink('run', 'javascript:alert(1)')).toBe('run');
    expect(markdownLink('run', 'not a url')).toBe('run');
  });
});
