/**
 * Conclusions of a workflow run that ended without a result (training failed or never
 * finished). Such a training run must fail the gate rather than leave it pending; the other
 * non-success conclusions (`skipped`, `neutral`, `action_required`, `stale`) mean the run did
 * not train, and a run like that without the report artifact is ignored.
 */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set([
  'failure',
  'cancelled',
  'timed_out',
  'startup_failure',
]);
