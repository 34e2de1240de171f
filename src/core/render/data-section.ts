import type { DataChange } from '../data-diff/diff-data.ts';
import type { DvcOutput } from '../data-diff/dvc-pointer.ts';
import { formatValue } from '../gate/format-value.ts';
import type { MetricRow } from '../gate/types.ts';
import { escapeMarkdown, escapeShort, shortSha } from './escape.ts';
import { details, markdownTable } from './markdown-table.ts';
import { groupDigits } from '../group-digits.ts';

/** Drift rows shown: drifted columns first; a wide table lists the rest in the count. */
const MAX_DRIFT_ROWS = 20;
/** Classes shown in the label table. */
const MAX_LABEL_ROWS = 20;

const count = (n: number): string => groupDigits(n);
const name = (text: string): string => `**${escapeShort(text, 80)}**`;

function rowsLine(change: DataChange): string | null {
  const { rows, base, pr } = change;
  if (rows === null || base === null || pr === null) return null;
  const about = rows.exact ? '' : '≈ ';
  return `**Rows:** ${count(base.rows)} → ${count(pr.rows)}: ${about}+${count(rows.added)} added, ${about}−${count(rows.removed)} removed, ${about}${count(rows.shared)} unchanged (by row hash${rows.exact ? '' : ', estimated from a sample of the hashes'}).`;
}

function schemaLines(change: DataChange): string[] {
  const schema = change.schema;
  if (schema === null) return [];
  const lines: string[] = [];
  if (schema.added.length > 0)
    lines.push(
      `Columns added: ${schema.added.map((c) => `${name(c.name)} (${c.type})`).join(', ')}.`,
    );
  if (schema.removed.length > 0)
    lines.push(`Columns removed: ${schema.removed.map((c) => name(c.name)).join(', ')}.`);
  for (const r of schema.retyped)
    lines.push(`Column ${name(r.name)} changed type: ${r.from} → ${r.to}.`);
  for (const c of schema.new_categories) {
    const more = c.count > c.categories.length ? ` and ${c.count - c.categories.length} more` : '';
    lines.push(`New categories in ${name(c.column)}: ${c.categories.map(name).join(', ')}${more}.`);
  }
  return lines.length === 0 ? [] : ['**Schema:**', ...lines.map((line) => `- ${line}`)];
}

function share(n: number, total: number): string {
  return total === 0 ? '—' : `${((100 * n) / total).toFixed(1)} %`;
}

function labelTable(change: DataChange): string | null {
  const { label } = change;
  if (label === null) return null;
  const before = new Map(label.base);
  const after = new Map(label.pr);
  const classes = [...new Set([...after.keys(), ...before.keys()])].slice(0, MAX_LABEL_ROWS);
  const totalBefore = label.base.reduce((n, [, k]) => n + k, 0);
  const totalAfter = label.pr.reduce((n, [, k]) => n + k, 0);
  const rows = classes.map((c) => {
    const b = before.get(c) ?? 0;
    const a = after.get(c) ?? 0;
    return [
      escapeShort(c, 80),
      `${count(b)} (${share(b, totalBefore)})`,
      `${count(a)} (${share(a, totalAfter)})`,
    ];
  });
  return [
    `**Label before and after** (${escapeShort(label.name, 80)}):`,
    markdownTable(['Class', 'Base', 'PR'], ['left', 'right', 'right'], rows),
  ].join('\n\n');
}

function driftTable(change: DataChange): string | null {
  const drift = change.drift;
  if (drift === null || drift.columns.length === 0) return null;
  const sorted = [...drift.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted));
  const shown = sorted.slice(0, MAX_DRIFT_ROWS);
  const drifted = drift.columns.filter((c) => c.drifted).length;
  const table = markdownTable(
    ['Column', 'Test', 'Score', 'Threshold', 'Drift'],
    ['left', 'left', 'right', 'right', 'left'],
    shown.map((c) => [
      name(c.name),
      c.test,
      c.score.toPrecision(3),
      String(c.threshold),
      c.drifted ? '🔴 drifted' : '🟢 no',
    ]),
  );
  const more =
    sorted.length > shown.length
      ? `\n\n${sorted.length - shown.length} more columns not shown.`
      : '';
  return details(
    `Drift from the base data: ${drifted} of ${drift.tested} columns drifted`,
    `${table}${more}`,
    drifted > 0,
  );
}

function dvcLine(change: DataChange): string | null {
  const { dvc } = change;
  if (dvc === null) return null;
  const side = (out: DvcOutput | null) =>
    out === null
      ? 'none'
      : `md5 \`${out.md5.slice(0, 12)}\`${out.size === null ? '' : `, ${count(out.size)} bytes`}${out.nfiles === null ? '' : `, ${count(out.nfiles)} files`}`;
  return `**DVC:** the data tracked by ${name(dvc.source)} changed: ${side(dvc.base)} → ${side(dvc.pr)}.`;
}

/**
 * The 2×2 table that splits the metric change into the data's part and the model's: the base
 * and the PR model, each on the base's and the PR's test rows. The diagonal is the two runs'
 * own metrics; the other cells are what the PR's run measured (or why it could not).
 */
function crossSection(change: DataChange, primary: MetricRow | undefined): string | null {
  const { cross } = change;
  if (cross === null || primary === undefined) return null;
  if (cross.status !== 'ok')
    return `**Data effect or model effect:** not measured: ${escapeMarkdown(cross.detail)}`;
  const table = markdownTable(
    [escapeMarkdown(primary.label), 'Base test rows', 'PR test rows'],
    ['left', 'right', 'right'],
    [
      ['**Base model**', formatValue(primary.base), formatValue(cross.base_model_on_pr_rows)],
      ['**PR model**', formatValue(cross.pr_model_on_base_rows), formatValue(primary.candidate)],
    ],
  );
  const data =
    cross.base_model_on_pr_rows !== null && primary.base !== null
      ? cross.base_model_on_pr_rows - primary.base
      : null;
  const model =
    cross.pr_model_on_base_rows !== null && primary.base !== null
      ? cross.pr_model_on_base_rows - primary.base
      : null;
  const words =
    data === null || model === null
      ? ''
      : `\n\nSame model, new rows: ${signed(data)} (the data's effect); same rows, new model: ${signed(model)} (the model's effect). Base model from the default-branch run of \`${shortSha(cross.base_sha)}\`.`;
  return `**Data effect or model effect:**\n\n${table}${words}`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${formatValue(Math.abs(value))}`;
}

/**
 * "What this pull request did to the data": rows added and removed, schema changes, the label
 * before and after, drift per column, a warning when the test rows changed, the 2×2 table and
 * the DVC pointer. Null when the pull request left the data alone. Every name from the data
 * (columns, categories, classes) is escaped.
 */
export function dataSection(
  change: DataChange | null | undefined,
  primary?: MetricRow,
): string | null {
  if (change === null || change === undefined) return null;
  const parts = ['#### Data changes'];
  if (change.base !== null && change.pr !== null && change.base.path !== change.pr.path)
    parts.push(`Data file: ${name(change.base.path)} → ${name(change.pr.path)}.`);
  if (change.test_rows !== null)
    parts.push(
      `> [!WARNING]\n> The test rows changed (base ${count(change.test_rows.base)}, PR ${count(change.test_rows.pr)}): the metrics are measured on other rows, so part of the change is the data's, not the model's.`,
    );
  for (const part of [
    dvcLine(change),
    rowsLine(change),
    schemaLines(change).join('\n') || null,
    labelTable(change),
    crossSection(change, primary),
    driftTable(change),
  ])
    if (part !== null) parts.push(part);
  for (const note of change.notes) parts.push(`_${escapeMarkdown(note)}_`);
  if (parts.length === 1) parts.push('The data file changed.');
  return parts.join('\n\n');
}
