import { parse } from 'yaml';
import { z } from 'zod';

/** What DVC says of one tracked output: its content hash and size. */
export interface DvcOutput {
  readonly md5: string;
  readonly size: number | null;
  /** Files in a tracked directory, when DVC says. */
  readonly nfiles: number | null;
}

/** The data's DVC pointer before and after the pull request, when it changed. */
export interface DvcChange {
  /** `data/train.csv.dvc` or `dvc.lock`. */
  readonly source: string;
  readonly base: DvcOutput | null;
  readonly pr: DvcOutput | null;
}

/** Pointer files are a few lines; anything larger is not one. */
export const MAX_DVC_FILE_BYTES = 256 * 1024;

const OutSchema = z.object({
  path: z.string().max(4096),
  // DVC 2 writes `md5`, DVC 3 adds `hash: md5`; a directory's md5 ends in `.dir`.
  md5: z.string().regex(/^[0-9a-f]{32}(?:\.dir)?$/),
  size: z.number().int().nonnegative().optional(),
  nfiles: z.number().int().nonnegative().optional(),
});
const PointerSchema = z.object({ outs: z.array(z.unknown()).max(1000) });
const LockSchema = z.object({
  stages: z.record(z.string(), z.object({ outs: z.array(z.unknown()).max(1000).optional() })),
});

function normalise(path: string): string {
  return path.replace(/^\.\//, '');
}

function output(value: unknown): (DvcOutput & { path: string }) | null {
  const parsed = OutSchema.safeParse(value);
  if (!parsed.success) return null;
  const { path, md5, size, nfiles } = parsed.data;
  return { path: normalise(path), md5, size: size ?? null, nfiles: nfiles ?? null };
}

function yamlOf(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 10 });
  } catch {
    return null;
  }
}

/**
 * The output a `.dvc` pointer file records for `name` (the data file's base name, as DVC
 * writes it beside the file); null when the text is not such a pointer. The file comes from
 * a pull request, so it is parsed as untrusted YAML and only the md5 and sizes are kept.
 */
export function readDvcPointer(text: string, name: string): DvcOutput | null {
  const parsed = PointerSchema.safeParse(yamlOf(text));
  if (!parsed.success) return null;
  const outs = parsed.data.outs.map(output).filter((out) => out !== null);
  const found = outs.find((out) => out.path === name) ?? (outs.length === 1 ? outs[0] : undefined);
  return found === undefined ? null : { md5: found.md5, size: found.size, nfiles: found.nfiles };
}

/** The output `dvc.lock` records for the repository path `path`, of any stage; else null. */
export function readDvcLock(text: string, path: string): DvcOutput | null {
  const parsed = LockSchema.safeParse(yamlOf(text));
  if (!parsed.success) return null;
  const wanted = normalise(path);
  for (const stage of Object.values(parsed.data.stages)) {
    for (const out of (stage.outs ?? []).map(output)) {
      if (out !== null && out.path === wanted)
        return { md5: out.md5, size: out.size, nfiles: out.nfiles };
    }
  }
  return null;
}

/** The change between two pointers' outputs, or null when they agree (or neither exists). */
export function dvcChange(
  source: string,
  base: DvcOutput | null,
  pr: DvcOutput | null,
): DvcChange | null {
  if (base === null && pr === null) return null;
  if (base !== null && pr !== null && base.md5 === pr.md5) return null;
  return { source, base, pr };
}
