import type { StepOutcome } from '../printer.ts';
import type { ReportData } from './collect.ts';

export function renderReportPage(data: ReportData, steps: readonly StepOutcome[], when: Date): string {
  return `<!doctype html><pre>${JSON.stringify({ data, steps, when }, null, 2).replace(/</g, '&lt;')}</pre>`;
}
