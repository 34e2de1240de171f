/**
 * Turns each side of a drift comparison (a table or a profile) into named column samples.
 */
import type { Table } from '../../table.ts';
import { InputError } from '../../errors.ts';
import { listNames } from '../../name-list.ts';
import { categoricalSample, type ColumnSample } from './column-sample.ts';
import { profileColumnSample, tableColumnSample } from '../profile.ts';
import type { Profile } from '../profile-schema.ts';

/** One side of a comparison: data read with `readTable`, or a profile.json. */
export type DriftSide = Table | Profile;

/** One side reduced to what the report needs: its source, size and columns by name. */
export interface SideColumns {
  source: string;
  kind: 'data' | 'profile';
  rows: number;
  /** Columns in file order. */
  columns: Map<string, ColumnSample | { error: string }>;
}

function isProfile(side: DriftSide): side is Profile {
  return 'schema' in side;
}

/** A number's category name when a numerical column is compared as categories. */
function categoryOf(x: number): string | null {
  return Number.isNaN(x) ? null : String(x);
}

/** Reads a side's columns; `categorical` names columns to compare as categories. */
export function sideColumns(side: DriftSide, categorical: ReadonlySet<string>): SideColumns {
  const columns: SideColumns['columns'] = new Map();
  if (!isProfile(side)) {
    for (const column of side.columns) {
      if (column.kind === 'numeric' && categorical.has(column.name)) {
        columns.set(column.name, categoricalSample(Array.from(column.values, categoryOf)));
      } else {
        columns.set(column.name, tableColumnSample(column));
      }
    }
    return { source: side.path, kind: 'data', rows: side.rows, columns };
  }
  for (const feature of side.features) {
    if (feature.type === 'numerical' && categorical.has(feature.name)) {
      // The profile keeps numbers, not the text they were written as ("007" vs 7), so
      // categories rebuilt from it would not match categories read from a file.
      columns.set(feature.name, {
        error: `it was profiled as numerical; build the profile with --categorical ${feature.name} to compare it as categories`,
      });
    } else {
      columns.set(feature.name, profileColumnSample(feature));
    }
  }
  const source = side.sources.map((s) => s.path).join(', ') || 'profile';
  return { source, kind: 'profile', rows: side.rows, columns };
}

/** Checks that every column named in an option exists on at least one side. */
export function requireColumns(
  names: readonly string[],
  option: string,
  reference: SideColumns,
  current: SideColumns,
): void {
  const unknown = names.filter(
    (name) => !reference.columns.has(name) && !current.columns.has(name),
  );
  if (unknown.length > 0) {
    const known = [...new Set([...reference.columns.keys(), ...current.columns.keys()])];
    throw new InputError(
      `${option} names ${unknown.map((n) => `'${n}'`).join(', ')}, which is in neither the reference nor the current data; columns are ${listNames(known, { quote: "'" })}.`,
    );
  }
}
