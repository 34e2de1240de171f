import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/core/gate/compare.ts';
import { renderPullRequestComment } from '../../../src/core/render/pull-request-comment.ts';
import { renderReleaseNotes } from '../../../src/core/render/release-notes.ts';
import { classificationRun } from '../gate/fixtures.ts';

/**
 * Renders the markdown as a GFM renderer does (tables on, raw HTML passed through, like
 * GitHub before its sanitiser) and checks that hostile text stays text.
 */

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  'a|b',
  '</details><script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '@org/everyone',
  '**bold** `code` ~~x~~',
  'line\nbreak',
];

function html(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true });
}

function hostileComparison() {
  const labels = HOSTILE;
  return compareRuns({
    baseline: null,
    candidate: classificationRun(
      { accuracy: 0.5 },
      {
        labels,
        confusion_matrix: labels.map((_, row) => labels.map((__, col) => (row === col ? 5 : 0))),
        per_class: {
          precision: labels.map(() => 1),
          recall: labels.map(() => 1),
          f1: labels.map(() => 1),
          support: labels.map(() => 5),
        },
        warnings: HOSTILE,
        data: { path: HOSTILE[0] ?? '', sha256: 'a'.repeat(64), rows: 35 },
      },
    ),
    rules: [{ metric: 'accuracy', min: 0.9 }],
  });
}

describe('hostile text in the rendered comment', () => {
  const output = html(
    renderPullRequestComment({
      comparison: hostileComparison(),
      override: { by: '<b>evil</b>', reason: HOSTILE.join(' ') },
      baseRef: '<img src=y>',
      runUrl: 'javascript:alert(1)',
    }),
  );

  it('creates no element from user text', () => {
    expect(output).not.toMatch(/<img|<script|<b>evil/i);
    expect(output).not.toMatch(/href="javascript:/i);
    expect(output).not.toContain('<strong>bold</strong>');
    expect(output).not.toContain('<del>');
  });

  it('shows the text itself', () => {
    expect(output).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // GFM drops cells beyond the header's count, so a split cell shows as a lost "|b".
    expect(output).toMatch(/<td[^>]*>a\|b<\/td>/);
  });

  it('keeps every table row to its header’s cell count', () => {
    const tables = [...output.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(
      (match) => match[1] ?? '',
    );
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const table of tables) {
      const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => match[1] ?? '');
      const cells = rows.map((row) => (row.match(/<t[hd][ >]/g) ?? []).length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('keeps the collapsed sections balanced', () => {
    const opened = output.match(/<details>/g)?.length ?? 0;
    const closed = output.match(/<\/details>/g)?.length ?? 0;
    expect(opened).toBeGreaterThan(0);
    expect(closed).toBe(opened);
  });

  it('defuses mentions', () => {
    expect(output).not.toMatch(/@org\/everyone/);
    expect(output).toContain('@\u200Borg/everyone');
  });
});

describe('hostile text in release notes', () => {
  it('stays text', () => {
    const output = html(
      renderReleaseNotes({
        tag: 'model-v1.0.0<img src=z>',
        metrics: classificationRun({ accuracy: 0.9 }, { labels: HOSTILE.slice(0, 2) }),
        pullRequest: { number: 3, title: HOSTILE.join(' '), url: 'https://github.com/o/r/pull/3' },
        // A model file name comes from the run's artifact.
        assets: ['model.json', 'x`<img src=y>`.bin'].map((name) => ({
          name,
          sha256: 'f'.repeat(64),
        })),
      }),
    );
    expect(output).not.toMatch(/<img|<script/i);
    expect(output).toContain('<a href="https://github.com/o/r/pull/3">#3</a>');
  });
});

describe('release notes as GitHub shows them', () => {
  it('give every table a header row of named columns (the model table had an empty one)', () => {
    const output = html(
      renderReleaseNotes({
        tag: 'model-v1.1.0',
        metrics: classificationRun({ accuracy: 0.91 }),
        previous: { tag: 'model-v1.0.0', metrics: classificationRun({ accuracy: 0.9 }) },
        assets: [{ name: 'model.json', sha256: 'a'.repeat(64) }],
      }),
    );
    const headers = [...output.matchAll(/<thead>([\s\S]*?)<\/thead>/g)].map((match) =>
      [...(match[1] ?? '').matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((cell) => cell[1] ?? ''),
    );
    expect(headers.length).toBeGreaterThanOrEqual(2);
    expect(headers).toContainEqual(['Property', 'Value']);
    // The confusion matrix's corner cell names both axes; no header cell is left empty.
    for (const header of headers) for (const cell of header) expect(cell.trim()).not.toBe('');
  });
});
