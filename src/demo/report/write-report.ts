import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../data/atomic-write.ts';
import type { StepOutcome } from '../printer.ts';
import type { ReportData } from './collect.ts';
import { renderReportPage } from './page.ts';

/** Writes `index.html` into `dir` (created when missing) and returns its path. */
export async function writeHtmlReport(
  dir: string,
  data: ReportData,
  steps: readonly StepOutcome[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'index.html');
  await writeFileAtomic(path, renderReportPage(data, steps, new Date()));
  return path;
}
