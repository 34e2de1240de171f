import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../core/constants.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import {
  createStagingDirectory,
  publishDirectory,
  writeFileAtomic,
  writeJsonAtomic,
} from '../data/atomic-write.ts';
import type { Preprocessing } from '../data/preprocess.ts';
import { writeModel, type SerializedModel } from './save-model.ts';

/** The files of a run directory (DESIGN.md §4); `model` is absent for `evaluate`. */
export interface RunFiles {
  metrics: MetricsReport;
  report: string;
  profile?: unknown;
  model?: { serialized: SerializedModel; preprocessing: Preprocessing };
}

/**
 * Writes a whole run into a staging directory next to `outDir` and swaps it in, so `--out`
 * holds the previous run or the new one and never a mix; on failure the staging directory
 * is removed and `outDir` is untouched.
 */
export async function writeRunDirectory(outDir: string, files: RunFiles): Promise<void> {
  const staging = await createStagingDirectory(outDir);
  try {
    if (files.model) {
      await writeModel(join(staging, RUN_FILES.modelDir), files.model.serialized);
      await writeJsonAtomic(join(staging, RUN_FILES.preprocessing), files.model.preprocessing);
    }
    await writeJsonAtomic(join(staging, RUN_FILES.metrics), files.metrics);
    if (files.profile !== undefined)
      await writeJsonAtomic(join(staging, RUN_FILES.profile), files.profile);
    await writeFileAtomic(join(staging, RUN_FILES.report), files.report);
    await publishDirectory(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
