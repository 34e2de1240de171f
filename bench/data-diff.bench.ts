import { performance } from 'node:perf_hooks';
import { DataSummarySchema } from '../src/core/data-diff/data-summary-schema.ts';
import { dataChange } from '../src/core/data-diff/diff-data.ts';
import { createOpenRandom } from '../src/core/random.ts';
import { dataSection } from '../src/core/render/data-section.ts';
import { inferSchema, readLabels } from '../src/data/schema.ts';
import { splitRows } from '../src/data/split.ts';
import type { Table } from '../src/data/table.ts';
import { buildDataSummary } from '../src/train/data-summary.ts';

/**
 * The data diff of a pull request on 1,000,000 rows (two numerical columns, a category and a
 * 0/1 label; the pull request drops 50,000 rows, adds 50,000 and shifts one column). Each
 * side's summary is built from its own table, which is dropped before the other is made —
 * as two training runs do —, serialized as it travels in the artifact, and the gate's part
 * (parse and validate both summaries, diff, drift on the profiles, render) is timed on its
 * own. Peak RSS is the process's own (`resourceUsage().maxRSS`). The drift benchmark's figure
 * for the whole `modelgate drift` command on two 1e6-row CSVs is the budget: 0.84 s, 288 MB.
 */

const ROWS = 1_000_000;
const CHANGED = 50_000;

function table(offset: number, shift: number): Table {
  const uniform = createOpenRandom(11);
  const a = new Float64Array(ROWS);
  const b = new Float64Array(ROWS);
  const city: string[] = new Array<string>(ROWS);
  const label: string[] = new Array<string>(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const row = i + offset;
    a[i] = Math.round(uniform() * 1e6) / 1e3 + shift;
    b[i] = row;
    city[i] = ['oslo', 'rome', 'lima', 'kyiv'][row % 4] ?? 'oslo';
    label[i] = uniform() < 0.3 ? '1' : '0';
  }
  return {
    path: 'data/train.csv',
    sha256: String(offset).padStart(64, '0'),
    rows: ROWS,
    columns: [
      { name: 'a', kind: 'numeric', values: a },
      { name: 'b', kind: 'numeric', values: b },
      { name: 'city', kind: 'categorical', values: city },
      { name: 'label', kind: 'categorical', values: label },
    ],
  };
}

function summaryText(t: Table): string {
  const schema = inferSchema(t, { label: 'label' });
  const labelled = readLabels(t, schema);
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, 0.2, 42, strata);
  return JSON.stringify(buildDataSummary({ table: t, schema, labelled, test: split.test }));
}

/** Runs the benchmark and prints its lines; returns the timings for callers. */
export default function benchDataDiff(): { buildMs: number; diffMs: number; peakMb: number } {
  let started = performance.now();
  const base = summaryText(table(0, 0));
  const pr = summaryText(table(CHANGED, 5));
  const buildMs = (performance.now() - started) / 2;
  started = performance.now();
  const change = dataChange({
    base: DataSummarySchema.parse(JSON.parse(base)),
    pr: DataSummarySchema.parse(JSON.parse(pr)),
    baseProblem: null,
    fileChanged: true,
    dvc: null,
  });
  const section = dataSection(change) ?? '';
  const diffMs = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const rows = change?.rows;
  console.log(
    [
      `data diff, ${ROWS.toLocaleString('en-US')} rows a side (+${CHANGED.toLocaleString('en-US')} / −${CHANGED.toLocaleString('en-US')}, one column shifted):`,
      `  summary per training run (row hashes, bottom-50k sketch, profile): ${buildMs.toFixed(0)} ms; ${(base.length / 1e6).toFixed(1)} MB of JSON`,
      `  gate: parse + validate both summaries, diff, drift, render: ${diffMs.toFixed(0)} ms (${section.length} characters)`,
      `  estimated rows: +${rows?.added ?? '?'} / −${rows?.removed ?? '?'} (${rows?.exact ? 'exact' : 'from the sketch'}); drifted: ${change?.drift?.columns.filter((c) => c.drifted).map((c) => c.name).join(', ') ?? '?'}`,
      `  peak RSS of the whole benchmark: ${peakMb.toFixed(0)} MB (budget: the drift benchmark's 0.84 s, 288 MB)`,
    ].join('\n'),
  );
  return { buildMs, diffMs, peakMb };
}
