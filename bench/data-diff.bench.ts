import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { inferSchema, readLabels } from '../src/data/schema.ts';
import { splitRows } from '../src/data/split.ts';
import type { Table } from '../src/data/table.ts';
import { buildDataSummary } from '../src/train/data-summary.ts';

/**
 * The data diff of a pull request on 1,000,000 rows a side (two numerical columns, a category
 * and a 0/1 label; the pull request drops 50,000 rows and adds 50,000 whose first column is
 * shifted). Each side's summary is built from its own table, which is dropped before the
 * other is made, as two training runs do; that cost is part of training and printed apart.
 * The gate's part runs as a child process (`data-diff-gate.ts`: read, validate, diff, drift,
 * render), timed with its start-up and peak RSS by `/usr/bin/time`, as the drift benchmark
 * times `modelgate drift` on two 1e6-row CSVs (its figure, 0.84 s and 288 MB, is the budget).
 */

const ROWS = 1_000_000;
const CHANGED = 50_000;
const TIME = '/usr/bin/time';
const here = dirname(fileURLToPath(import.meta.url));

/** A value of row `row` that does not depend on which table holds it. */
function valueOf(row: number): number {
  const x = Math.sin(row * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

/** Rows `first`…`first + ROWS - 1`; rows past `ROWS` are the new ones, shifted by `shift`. */
function table(first: number, shift: number): Table {
  const a = new Float64Array(ROWS);
  const b = new Float64Array(ROWS);
  const city = new Array<string>(ROWS);
  const label = new Array<string>(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const row = first + i;
    a[i] = Math.round(valueOf(row) * 1e6) / 1e3 + (row >= ROWS ? shift : 0);
    b[i] = row;
    city[i] = ['oslo', 'rome', 'lima', 'kyiv'][row % 4] ?? 'oslo';
    label[i] = valueOf(row + 0.5) < 0.3 ? '1' : '0';
  }
  return {
    path: 'data/train.csv',
    sha256: String(first).padStart(64, '0'),
    rows: ROWS,
    columns: [
      { name: 'a', kind: 'numeric', values: a },
      { name: 'b', kind: 'numeric', values: b },
      { name: 'city', kind: 'categorical', values: city },
      { name: 'label', kind: 'categorical', values: label },
    ],
  };
}

function summaryText(first: number): string {
  const t = table(first, 500);
  const schema = inferSchema(t, { label: 'label' });
  const labelled = readLabels(t, schema);
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, 0.2, 42, strata);
  return JSON.stringify(buildDataSummary({ table: t, schema, labelled, test: split.test }));
}

/** Runs the benchmark and prints its lines. */
export default async function benchDataDiff(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-bench-datadiff-'));
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const base = summaryText(0);
    const pr = summaryText(CHANGED);
    const buildMs = (performance.now() - started) / 2;
    const used = process.cpuUsage(cpu);
    const buildCpuMs = (used.user + used.system) / 2000;
    await writeFile(join(dir, 'base.json'), base);
    await writeFile(join(dir, 'pr.json'), pr);
    const child = spawnSync(
      TIME,
      [
        '-f',
        '%e %U %S %M',
        process.execPath,
        '--import',
        'tsx',
        join(here, 'data-diff-gate.ts'),
        join(dir, 'base.json'),
        join(dir, 'pr.json'),
      ],
      { encoding: 'utf8', cwd: join(here, '..') },
    );
    const [seconds = '?', user = '0', system = '0', kb = '0'] =
      child.stderr.trim().split('\n').at(-1)?.split(' ') ?? [];
    const cpuSeconds = (Number(user) + Number(system)).toFixed(2);
    console.log(
      [
        `data diff, ${ROWS.toLocaleString('en-US')} rows a side (−${CHANGED.toLocaleString('en-US')} / +${CHANGED.toLocaleString('en-US')} rows, the new ones shifted):`,
        `  summary per training run (row hashes, 50k sketch, profile): ${(buildMs / 1000).toFixed(2)} s wall, ${(buildCpuMs / 1000).toFixed(2)} s CPU, ${(base.length / 1e6).toFixed(1)} MB of JSON`,
        `  gate, whole process (read, validate, diff, drift, render): ${seconds} s wall, ${cpuSeconds} s CPU, ${(Number(kb) / 1024).toFixed(0)} MB peak`,
        `  found: ${child.stdout.trim()}`,
        `  budget: the drift benchmark's whole command, 0.84 s and 288 MB`,
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
