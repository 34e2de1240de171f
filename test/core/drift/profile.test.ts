import { describe, expect, it } from 'vitest';
import {
  buildProfile,
  driftReport,
  DriftReportSchema,
  mergeProfiles,
  ProfileSchema,
  type Profile,
} from '../../../src/core/drift/index.ts';
import { decodeFloat64, encodeFloat64 } from '../../../src/core/drift/samples/float64-codec.ts';
import { featureSampleValues } from '../../../src/core/drift/profile.ts';
import { seededRandom } from '../../../src/core/drift/samples/reservoir.ts';
import { InputError } from '../../../src/core/errors.ts';
import type { Column, Table } from '../../../src/core/table.ts';

function table(path: string, x: Float64Array, city: (string | null)[]): Table {
  return {
    path,
    sha256: 'ab'.repeat(32),
    rows: x.length,
    columns: [
      { name: 'x', kind: 'numeric', values: x },
      { name: 'city', kind: 'categorical', values: city },
    ],
  };
}

function columns(n: number, seed: number, shift = 0): { x: Float64Array; city: (string | null)[] } {
  const random = seededRandom(seed);
  const x = Float64Array.from({ length: n }, () => random() + shift);
  x[0] = NaN;
  x[1] = Infinity;
  const city = Array.from({ length: n }, (_, i) => (i === 2 ? null : random() < 0.3 ? 'a' : 'b'));
  return { x, city };
}

function data(n: number, seed: number, shift = 0): Table {
  const { x, city } = columns(n, seed, shift);
  return table(`data-${seed}.csv`, x, city);
}

/** What a profile looks like after being written and read back as JSON. */
function roundTrip(profile: Profile): Profile {
  return ProfileSchema.parse(JSON.parse(JSON.stringify(profile)));
}

describe('buildProfile', () => {
  it('keeps every finite value below the cap, counts drops, and survives a JSON round trip', () => {
    const profile = buildProfile(data(500, 1));
    expect(roundTrip(profile)).toEqual(profile);
    const [x, city] = profile.features;
    if (x?.type !== 'numerical' || city?.type !== 'categorical')
      throw new Error('unexpected feature types');
    expect([x.count, x.missing, x.infinite, x.sample.size, x.sample.exact]).toEqual([
      498,
      1,
      1,
      498,
      true,
    ]);
    const values = featureSampleValues(x);
    expect([...values]).toEqual([...values].sort((a, b) => a - b));
    expect(x.stats?.min).toBe(values[0]);
    expect(x.stats?.quantiles.p50).toBeCloseTo(
      ((values[248] ?? NaN) + (values[249] ?? NaN)) / 2,
      12,
    );
    expect(city.count + city.missing).toBe(500);
    expect(city.categories.map(([name]) => name)).toEqual(['b', 'a']);
  });

  it('samples beyond the cap, reproducibly from the seed, and can leave the label out', () => {
    const source = data(5000, 2);
    const a = buildProfile(source, { sampleCap: 300, exclude: ['city'] });
    expect(a.features.map((f) => f.name)).toEqual(['x']);
    expect(a.features[0]?.type === 'numerical' && a.features[0].sample).toMatchObject({
      exact: false,
      size: 300,
    });
    expect(buildProfile(source, { sampleCap: 300, exclude: ['city'] })).toEqual(a);
    expect(buildProfile(source, { sampleCap: 300, exclude: ['city'], seed: 9 })).not.toEqual(a);
  });
});

describe('compact samples', () => {
  const ages = Float64Array.from({ length: 20_000 }, (_, i) => 18 + (i % 60));
  const profile = buildProfile(
    table(
      'ages.csv',
      ages,
      Array.from({ length: ages.length }, () => 'x'),
    ),
  );
  const [feature] = profile.features;
  if (feature?.type !== 'numerical') throw new Error('expected numerical');

  it('stores repeated values once with their counts and expands them back exactly', () => {
    expect(feature.sample.counts).toBeDefined();
    // 60 distinct ages of 20,000 values: about 1 kB instead of 213 kB of doubles.
    expect(JSON.stringify(feature.sample).length).toBeLessThan(1100);
    expect([...featureSampleValues(feature)]).toEqual([...ages].sort((a, b) => a - b));
    expect(roundTrip(profile)).toEqual(profile);
  });

  it.each([
    ['counts that do not add up to size', (c: Uint32Array) => void (c[0] = (c[0] ?? 0) + 1)],
    ['a zero count', (c: Uint32Array) => void (c[1] = 0)],
  ])('rejects %s', (_what, edit) => {
    const copy = structuredClone(profile);
    const sample = copy.features[0]?.type === 'numerical' ? copy.features[0].sample : undefined;
    if (sample?.counts === undefined) throw new Error('expected run-length counts');
    const bytes = Buffer.from(sample.counts, 'base64');
    const counts = new Uint32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    edit(counts);
    sample.counts = Buffer.from(counts.buffer).toString('base64');
    expect(ProfileSchema.safeParse(JSON.parse(JSON.stringify(copy))).success).toBe(false);
  });
});

describe('ProfileSchema rejects tampered profiles', () => {
  const valid = buildProfile(data(50, 3));

  /** Whether the schema accepts `valid` after `edit`, as JSON read from a file. */
  function accepts(edit: (profile: Profile) => void): boolean {
    const copy = structuredClone(valid);
    edit(copy);
    return ProfileSchema.safeParse(JSON.parse(JSON.stringify(copy))).success;
  }

  function numerical(profile: Profile) {
    const feature = profile.features[0];
    if (feature?.type !== 'numerical') throw new Error('expected a numerical first feature');
    return feature;
  }

  function categorical(profile: Profile) {
    const feature = profile.features[1];
    if (feature?.type !== 'categorical') throw new Error('expected a categorical second feature');
    return feature;
  }

  it('accepts the original', () => expect(accepts(() => undefined)).toBe(true));
  it('rejects samples that are not ascending', () =>
    expect(
      accepts((p) => {
        const sample = numerical(p).sample;
        sample.values = encodeFloat64(
          (decodeFloat64(sample.values) ?? new Float64Array()).reverse(),
        );
      }),
    ).toBe(false));
  it('rejects a sample that is not base64 of doubles', () =>
    expect(accepts((p) => void (numerical(p).sample.values = 'not base64!'))).toBe(false));
  it('rejects a sample larger than the count', () =>
    expect(accepts((p) => void (numerical(p).count = 10))).toBe(false));
  it('rejects counts that do not add up to the rows', () =>
    expect(accepts((p) => void (p.rows = 51))).toBe(false));
  it('rejects a wrong schema name', () =>
    expect(accepts((p) => void Object.assign(p, { schema: 'modelgate/profile@2' }))).toBe(false));
  it('rejects a category listed twice', () =>
    expect(
      accepts((p) => {
        const feature = categorical(p);
        feature.categories = [
          ['a', feature.count - 1],
          ['a', 1],
        ];
      }),
    ).toBe(false));
});

describe('mergeProfiles', () => {
  it('is exact when both shards are exact and the union fits the cap', () => {
    const a = columns(300, 4);
    const b = columns(200, 5);
    const merged = mergeProfiles(
      buildProfile(table('data-4.csv', a.x, a.city)),
      buildProfile(table('data-5.csv', b.x, b.city)),
    );
    const whole = buildProfile(
      table('whole.csv', Float64Array.from([...a.x, ...b.x]), [...a.city, ...b.city]),
    );
    const [mx, mc] = merged.features;
    const [wx, wc] = whole.features;
    if (mx?.type !== 'numerical' || wx?.type !== 'numerical')
      throw new Error('unexpected feature types');
    expect(mx.sample).toEqual(wx.sample);
    expect([mx.count, mx.missing, mx.infinite]).toEqual([wx.count, wx.missing, wx.infinite]);
    expect(mx.stats?.mean).toBeCloseTo(wx.stats?.mean ?? NaN, 12);
    expect(mx.stats?.std).toBeCloseTo(wx.stats?.std ?? NaN, 12);
    expect(mx.stats?.quantiles).toEqual(wx.stats?.quantiles);
    expect(mc).toEqual(wc);
    expect(merged.rows).toBe(500);
    expect(merged.sources.map((s) => s.path)).toEqual(['data-4.csv', 'data-5.csv']);
    expect(roundTrip(merged)).toEqual(merged);
  });

  it('samples the union at the smaller cap when it does not fit', () => {
    const merged = mergeProfiles(
      buildProfile(data(3000, 6), { sampleCap: 1000 }),
      buildProfile(data(1000, 7), { sampleCap: 500 }),
    );
    const [x] = merged.features;
    if (x?.type !== 'numerical') throw new Error('expected numerical');
    expect([merged.sample_cap, x.sample.size, x.sample.exact, x.count]).toEqual([
      500,
      500,
      false,
      3996,
    ]);
    expect(roundTrip(merged)).toEqual(merged);
  });

  it('gives a column without any value in one shard the type of the other shard', () => {
    const shard = (path: string, b: Column): Table => ({
      path,
      sha256: 'ab'.repeat(32),
      rows: b.values.length,
      columns: [b],
    });
    // How readTable types an all-empty column: numeric, every value NaN.
    const empty = shard('empty.csv', {
      name: 'b',
      kind: 'numeric',
      values: Float64Array.from([NaN, NaN]),
    });
    const text = shard('text.csv', { name: 'b', kind: 'categorical', values: ['x', 'y', 'x'] });
    const whole = buildProfile(
      shard('whole.csv', { name: 'b', kind: 'categorical', values: [null, null, 'x', 'y', 'x'] }),
    );
    for (const [first, second] of [
      [empty, text],
      [text, empty],
    ] as const) {
      const merged = roundTrip(mergeProfiles(buildProfile(first), buildProfile(second)));
      expect(merged.features).toEqual(whole.features);
    }
    // And the other way round: an empty column read as categorical (--categorical b) next
    // to numbers.
    const forced = buildProfile(
      shard('forced.csv', { name: 'b', kind: 'categorical', values: [null, null] }),
    );
    const numbers = buildProfile(
      shard('numbers.csv', { name: 'b', kind: 'numeric', values: Float64Array.from([1, 2]) }),
    );
    const merged = roundTrip(mergeProfiles(forced, numbers));
    expect(merged.features[0]).toMatchObject({ type: 'numerical', count: 2, missing: 2 });
  });

  it('refuses profiles of different columns or types, naming the column', () => {
    const a = buildProfile(data(100, 8));
    const b = buildProfile(data(100, 9), { exclude: ['city'] });
    expect(() => mergeProfiles(a, b)).toThrow(InputError);
    expect(() => mergeProfiles(a, b)).toThrow(/'city' only in the first/);
    const c = structuredClone(a);
    c.features[1] = { ...a.features[0]!, name: 'city' };
    expect(() => mergeProfiles(a, c)).toThrow(
      /'city' is categorical in the first profile but numerical/,
    );
    // Unrelated profiles: a few names and a count, not every column.
    const wide = structuredClone(a);
    wide.features = Array.from({ length: 8 }, (_, i) => ({ ...a.features[0]!, name: `f${i}` }));
    expect(() => mergeProfiles(wide, a)).toThrow(
      "Profiles to merge must have the same features: 'f0', 'f1', 'f2', 'f3', 'f4' and 3 more only in the first; 'x', 'city' only in the second.",
    );
  });
});

describe('drift against a profile', () => {
  it('gives the same verdicts and statistics as against the data when the profile is exact', () => {
    const reference = data(800, 10);
    const current = data(700, 11, 0.1);
    const fromData = driftReport({ reference, current });
    const fromProfile = driftReport({ reference: roundTrip(buildProfile(reference)), current });
    expect(fromProfile.features).toEqual(fromData.features);
    expect(fromProfile.reference).toEqual({ source: 'data-10.csv', kind: 'profile', rows: 800 });
  });

  it('reports a numerical profile feature listed as categorical instead of guessing its categories', () => {
    const reference = data(100, 12);
    const report = driftReport({
      reference: buildProfile(reference),
      current: reference,
      options: { categorical: ['x'] },
    });
    expect(report.features[0]).toMatchObject({ name: 'x', status: 'error' });
    expect(report.features[0]?.error).toBe(
      'In the reference, it was profiled as numerical; build the profile with --categorical x to compare it as categories.',
    );
  });

  it('profiles, merges and tests 1e300-scale values with finite, accurate standard deviations', () => {
    // Squares of such values overflow: the std was Infinity, saved as null, and drift then
    // refused the profile ("features[0].stats.std ... received null").
    const [a, b, now] = [columns(300, 15), columns(200, 16), columns(400, 17, 0.2)];
    const huge = (x: Float64Array) => x.map((value) => value * 1e300);
    const whole = table('whole.csv', Float64Array.from([...a.x, ...b.x]), [...a.city, ...b.city]);
    const current = table('current.csv', now.x, now.city);
    const merged = roundTrip(
      mergeProfiles(
        buildProfile(table('a.csv', huge(a.x), a.city)),
        buildProfile(table('b.csv', huge(b.x), b.city)),
      ),
    );
    const report = driftReport({
      reference: merged,
      current: table('current.csv', huge(now.x), now.city),
    });
    const plain = driftReport({ reference: whole, current });
    const [x] = report.features;
    const [plainX] = plain.features;
    expect(x).toMatchObject({ name: 'x', status: 'ok', drifted: plainX?.drifted });
    const std = (feature: typeof x, side: 'reference' | 'current') =>
      feature?.summary?.[side].std ?? NaN;
    for (const side of ['reference', 'current'] as const) {
      expect(std(x, side) / 1e300 / std(plainX, side)).toBeCloseTo(1, 12);
    }
    expect(DriftReportSchema.parse(JSON.parse(JSON.stringify(report)))).toBeTruthy();
  });

  it("chooses Evidently's test by the profiled population, not the sample size", () => {
    const reference = data(3000, 13);
    const report = driftReport({
      reference: buildProfile(reference, { sampleCap: 500 }),
      current: data(800, 14),
    });
    // 3,000 reference rows (> 1,000) call for Wasserstein although the profile keeps 500 values.
    expect(report.features[0]).toMatchObject({
      name: 'x',
      test: 'wasserstein',
      n_reference: 500,
      population: { reference: 2998, current: 798 },
    });
    expect(report.features[1]).toMatchObject({ name: 'city', test: 'jensenshannon' });
  });
});
