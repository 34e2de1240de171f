import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { z } from 'zod';
import { sharedFile } from './shared-data.ts';

/**
 * Golden vectors of `../shared/refdata/public/*.json` (scipy / scikit-learn values, see
 * DEFINITIONS.md there) and the comparison rule they define:
 * `|actual − expected| ≤ abs + rel·|expected|`, with the tolerance chosen by the longest dotted
 * path prefix in the case's `tol` (`*` as fallback). Non-finite expected numbers are written as
 * the strings "NaN", "Infinity" and "-Infinity".
 */

const ToleranceSchema = z.object({ abs: z.number().nonnegative(), rel: z.number().nonnegative() });
/** `|actual − expected| ≤ abs + rel·|expected|`. */
export type Tolerance = z.infer<typeof ToleranceSchema>;
/** A case's `tol`: dotted path prefix (or `*`) → tolerance. */
export type ToleranceMap = Record<string, Tolerance>;

const GoldenCaseSchema = z.looseObject({
  id: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
  tol: z.record(z.string(), ToleranceSchema),
});
/** One golden case: `id`, `description`, `inputs`, `expected`, `tol` (and any extra fields). */
export type GoldenCase = z.infer<typeof GoldenCaseSchema>;

const GoldenFileSchema = z.object({
  meta: z.record(z.string(), z.unknown()),
  cases: z.array(GoldenCaseSchema).min(1),
});

/** URL of a public golden file (`refdata/public/<file>` of the shared reference data). */
export function goldenUrl(file: string): URL {
  return sharedFile(`refdata/public/${file}`);
}

/** Loads and validates every case of a public golden file, e.g. `loadGoldenCases('metrics.json')`. */
export function loadGoldenCases(file: string): GoldenCase[] {
  const parsed: unknown = JSON.parse(readFileSync(goldenUrl(file), 'utf8'));
  return GoldenFileSchema.parse(parsed).cases;
}

/** The tolerance for a dotted path: the longest key of `tol` that is the path or a prefix of it at a dot. */
export function toleranceFor(tol: ToleranceMap, path: string): Tolerance {
  let best: string | undefined;
  for (const key of Object.keys(tol)) {
    if (key === '*') continue;
    if ((path === key || path.startsWith(`${key}.`)) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  const chosen = tol[best ?? '*'];
  if (!chosen)
    throw new Error(`No tolerance for "${path}" and no "*" fallback in ${JSON.stringify(tol)}.`);
  return chosen;
}

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** An expected number, decoding the "NaN" / "Infinity" / "-Infinity" strings; undefined otherwise. */
export function expectedNumber(expected: unknown): number | undefined {
  if (typeof expected === 'number') return expected;
  if (typeof expected === 'string' && expected in NON_FINITE) return NON_FINITE[expected];
  return undefined;
}

/** Whether `actual` passes `expected` under `tolerance` (non-finite values must match exactly). */
export function isClose(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance.abs + tolerance.rel * Math.abs(expected);
}

/**
 * Compares `actual` with `expected` recursively (numbers with the tolerance of their path,
 * strings/booleans/null exactly, arrays by length and element, objects by the keys of
 * `expected`) and returns one line per mismatch — empty when everything passes. Tests assert
 * `expect(mismatches(...)).toEqual([])`, so a failure lists every wrong path at once.
 */
export function mismatches(
  actual: unknown,
  expected: unknown,
  tol: ToleranceMap,
  path = '',
): string[] {
  const here = path || '(root)';
  const number = expectedNumber(expected);
  if (number !== undefined) {
    if (typeof actual !== 'number')
      return [`${here}: expected ${String(expected)}, got ${JSON.stringify(actual)}`];
    const tolerance = toleranceFor(tol, path);
    if (isClose(actual, number, tolerance)) return [];
    const detail = Number.isFinite(number)
      ? ` (|diff| ${Math.abs(actual - number)}, abs ${tolerance.abs}, rel ${tolerance.rel})`
      : '';
    return [`${here}: expected ${number}, got ${actual}${detail}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return [`${here}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${here}: expected ${expected.length} elements, got ${actual.length}`];
    }
    return expected.flatMap((item, i) =>
      mismatches(actual[i], item, tol, path ? `${path}.${i}` : String(i)),
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${here}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const record = new Map(Object.entries(actual));
    return Object.entries(expected).flatMap(([key, value]) =>
      record.has(key)
        ? mismatches(record.get(key), value, tol, path ? `${path}.${key}` : key)
        : [`${path ? `${path}.${key}` : key}: missing`],
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${here}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Whether an expected value is sklearn's raised error (`{ error, message }`). */
export function isExpectedError(expected: unknown): expected is { error: string; message: string } {
  return z.object({ error: z.string(), message: z.string() }).safeParse(expected).success;
}

/**
 * Asserts that `actual` matches `expected` within `tol` (see `mismatches`); `path` is the dotted
 * prefix of `expected` inside the case, e.g. `ks` when comparing `expected.ks`, so the case's
 * tolerance keys apply.
 */
export function expectClose(
  actual: unknown,
  expected: unknown,
  tol: ToleranceMap,
  path = '',
): void {
  expect(mismatches(actual, expected, tol, path)).toEqual([]);
}
