import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import {
  assertWritablePath,
  createStagingDirectory,
  publishDirectory,
  writeFileAtomic,
  writeJsonAtomic,
} from '../data/atomic-write.ts';
import type { Preprocessing } from '../data/preprocess.ts';
import type { CalibrationFile } from '../core/performance/calibration-file.ts';
import { writeModel, type SerializedModel } from './save-model.ts';

/** The files of a run directory (DESIGN.md §4); `model` is absent for `evaluate`. */
export interface RunFiles {
  metrics: MetricsReport;
  report: string;
  profile?: unknown;
  /** predictions.csv text (`TrainResult.predictions.text`); absent for `evaluate`. */
  predictions?: string;
  model?: {
    serialized: SerializedModel;
    preprocessing: Preprocessing;
    /** A binary classifier's calibrator; absent or null for other models. */
    calibration?: CalibrationFile | null;
  };
  /** A model modelgate did not train, as files for `model/` by flat name (predictions runs). */
  modelFiles?: ReadonlyMap<string, Uint8Array>;
  /** data-summary.json (`TrainResult.dataSummary`); absent for `evaluate`. */
  dataSummary?: unknown;
}

/**
 * Refuses an `--out` that replacing as a whole would destroy: a file (say, the training data)
 * or a directory that does not hold a modelgate run (say, `src` or the repository root);
 * and one that cannot be written (a read-only parent, a file in the path, an empty path).
 * Absent, empty and previous-run directories are fine. Faces call it before training, so a
 * slip costs no training time and leaves nothing behind; `writeRunDirectory` checks again
 * before it swaps.
 */
export async function assertRunDirectoryTarget(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new InputError(
      `--out ${outDir} is a file; expected a directory for the run, which is replaced as a whole.`,
    );
  }
  if (info !== undefined) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes(RUN_FILES.metrics)) {
      throw new InputError(
        `--out ${outDir} is a directory that holds no modelgate run (no ${RUN_FILES.metrics}); the run directory is replaced as a whole, so expected a new, empty or previous-run directory.`,
      );
    }
  }
  await assertWritablePath(outDir, '--out', 'a path in a writable directory');
}

/**
 * Writes a whole run into a staging directory next to `outDir` and swaps it in, so `--out`
 * holds the previous run or the new one and never a mix; on failure the staging directory
 * is removed and `outDir` is untouched.
 */
export async function writeRunDirectory(outDir: string, files: RunFiles): Promise<void> {
  await assertRunDirectoryTarget(outDir);
  const staging = await createStagingDirectory(outDir);
  try {
    // The files are independent and each is flushed to disk before its rename: written one
    // after another, the run waited on a dozen flushes in turn at the end of every `train`.
    // All are settled before the staging directory is published or removed, so no write
    // can land in it afterwards.
    const writes: Promise<void>[] = [];
    if (files.model) {
      const { model } = files;
      writes.push(writeModel(join(staging, RUN_FILES.modelDir), model.serialized));
      writes.push(writeJsonAtomic(join(staging, RUN_FILES.preprocessing), model.preprocessing));
      if (model.calibration)
        writes.push(writeJsonAtomic(join(staging, RUN_FILES.calibration), model.calibration));
    }
    for (const [name, bytes] of files.modelFiles ?? [])
      writes.push(writeFileAtomic(join(staging, RUN_FILES.modelDir, name), bytes));
    writes.push(writeJsonAtomic(join(staging, RUN_FILES.metrics), files.metrics));
    if (files.profile !== undefined)
      writes.push(writeJsonAtomic(join(staging, RUN_FILES.profile), files.profile));
    writes.push(writeFileAtomic(join(staging, RUN_FILES.report), files.report));
    if (files.predictions !== undefined)
      writes.push(writeFileAtomic(join(staging, RUN_FILES.predictions), files.predictions));
    if (files.dataSummary !== undefined)
      writes.push(writeJsonAtomic(join(staging, RUN_FILES.dataSummary), files.dataSummary));
    for (const result of await Promise.allSettled(writes))
      if (result.status === 'rejected') throw result.reason;
    await publishDirectory(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
