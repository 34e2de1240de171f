import { driftReport } from '../drift/drift-report.ts';
import type { Profile } from '../drift/profile-schema.ts';
import type { CrossEvaluation, DataSummary } from './data-summary-schema.ts';
import type { DvcChange } from './dvc-pointer.ts';
import { diffRowHashes, type RowChange } from './row-hashes.ts';

/** A column as a summary names it. */
export interface ColumnType {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

/** Columns added, removed or retyped, and categories the base data never had. */
export interface SchemaChange {
  readonly added: readonly ColumnType[];
  readonly removed: readonly ColumnType[];
  readonly retyped: readonly { name: string; from: string; to: string }[];
  /** Per categorical column: up to `MAX_LISTED` new categories (most frequent first) and how many. */
  readonly new_categories: readonly { column: string; categories: string[]; count: number }[];
}

/** One column's drift from the base data to the pull request's. */
export interface ColumnDrift {
  readonly name: string;
  readonly test: string;
  readonly score: number;
  readonly threshold: number;
  readonly drifted: boolean;
}

/** What the pull request did to the data the config names. */
export interface DataChange {
  readonly base: { path: string; sha256: string; rows: number } | null;
  readonly pr: { path: string; sha256: string; rows: number } | null;
  readonly rows: RowChange | null;
  readonly schema: SchemaChange | null;
  readonly label: {
    readonly name: string;
    readonly base: readonly (readonly [string, number])[];
    readonly pr: readonly (readonly [string, number])[];
  } | null;
  readonly drift: { readonly columns: readonly ColumnDrift[]; readonly tested: number } | null;
  /** Set when the held-out rows differ: the metrics are measured on other rows. */
  readonly test_rows: { base: number; pr: number } | null;
  /** The base and the PR model on each other's test rows, as the PR's run measured them. */
  readonly cross: CrossEvaluation | null;
  readonly dvc: DvcChange | null;
  /** Sentences about what could not be compared (an expired base report). */
  readonly notes: readonly string[];
}

/** What `dataChange` compares: each side's summary (or why it is missing) and DVC pointers. */
export interface DataFacts {
  readonly base: DataSummary | null;
  /** Why the base summary is missing, when the data changed (one sentence). */
  readonly baseProblem: string | null;
  readonly pr: DataSummary | null;
  /** Whether the pull request changed the config's data file in git. */
  readonly fileChanged: boolean;
  readonly dvc: DvcChange | null;
}

/** New categories listed per column; the rest are counted. */
const MAX_LISTED = 5;

function schemaChange(base: DataSummary, pr: DataSummary): SchemaChange {
  const before = new Map(base.columns.map((c) => [c.name, c.type]));
  const after = new Map(pr.columns.map((c) => [c.name, c.type]));
  const retyped = pr.columns.flatMap((c) => {
    const from = before.get(c.name);
    return from !== undefined && from !== c.type ? [{ name: c.name, from, to: c.type }] : [];
  });
  return {
    added: pr.columns.filter((c) => !before.has(c.name)),
    removed: base.columns.filter((c) => !after.has(c.name)),
    retyped,
    new_categories: newCategories(base.profile, pr.profile),
  };
}

function newCategories(base: Profile, pr: Profile): SchemaChange['new_categories'] {
  const known = new Map<string, Set<string>>();
  for (const feature of base.features)
    if (feature.type === 'categorical')
      known.set(feature.name, new Set(feature.categories.map(([category]) => category)));
  return pr.features.flatMap((feature) => {
    const before = known.get(feature.name);
    if (feature.type !== 'categorical' || before === undefined) return [];
    // Profiles list categories most frequent first, so the listed ones are the largest.
    const fresh = feature.categories.filter(([category]) => !before.has(category));
    if (fresh.length === 0) return [];
    return [
      {
        column: feature.name,
        categories: fresh.slice(0, MAX_LISTED).map(([category]) => category),
        count: fresh.length,
      },
    ];
  });
}

function driftOf(base: Profile, pr: Profile): DataChange['drift'] {
  const report = driftReport({ reference: base, current: pr });
  const columns = report.features
    .filter((f) => f.status === 'ok' && f.test !== null && f.score !== null)
    .map((f) => ({
      name: f.name,
      test: f.test ?? '',
      score: f.score ?? 0,
      threshold: f.threshold ?? 0,
      drifted: f.drifted,
    }));
  return { columns, tested: columns.length };
}

/**
 * The data section's content, or null when the pull request left the data alone (same file
 * in git, same DVC pointer, same hash in both summaries). Works from the two summaries only:
 * row hashes, schemas, label counts and small profiles, never the tables.
 */
export function dataChange(facts: DataFacts): DataChange | null {
  const { base, pr } = facts;
  const summaryChanged = base !== null && pr !== null && base.sha256 !== pr.sha256;
  if (!facts.fileChanged && facts.dvc === null && !summaryChanged) return null;
  const notes: string[] = [];
  if (facts.baseProblem !== null) notes.push(facts.baseProblem);
  const both = base !== null && pr !== null;
  const testChanged = both && base.test_rows.digest !== pr.test_rows.digest;
  return {
    base: base === null ? null : { path: base.path, sha256: base.sha256, rows: base.rows },
    pr: pr === null ? null : { path: pr.path, sha256: pr.sha256, rows: pr.rows },
    rows: both ? diffRowHashes(base.row_hashes, pr.row_hashes) : null,
    schema: both ? schemaChange(base, pr) : null,
    label:
      both && base.label_counts !== null && pr.label_counts !== null
        ? { name: pr.label, base: base.label_counts, pr: pr.label_counts }
        : null,
    drift: both ? driftOf(base.profile, pr.profile) : null,
    test_rows: testChanged ? { base: base.test_rows.count, pr: pr.test_rows.count } : null,
    cross: pr?.cross ?? null,
    dvc: facts.dvc,
    notes,
  };
}
