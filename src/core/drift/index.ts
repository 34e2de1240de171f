/**
 * Data drift: the statistics (scipy-exact), Evidently's test rules, profiles and the report.
 * Faces import from here. This folder holds the two documents, drift.json and profile.json
 * (build, schema, markdown); `statistics/` the tests and distances (KS, chi², z, PSI, JS,
 * Wasserstein and their special functions), `columns/` how one column is judged (Evidently's
 * rules, per-kind drift, histograms), `samples/` the column samples they read (sorting,
 * reservoir sampling, the float64 codec of profiles).
 */
export { driftReport, DriftReportSchema, DriftFeatureSchema } from './drift-report.ts';
export type {
  DriftFeature,
  DriftHistogram,
  DriftInput,
  DriftOptions,
  DriftReport,
  DriftSide,
} from './drift-report.ts';
export { renderDriftMarkdown } from './drift-markdown.ts';
export { DRIFT_TESTS, type DriftTestName } from './columns/evidently-rules.ts';
export { buildProfile, mergeProfiles, type BuildProfileOptions } from './profile.ts';
export {
  ProfileSchema,
  DEFAULT_SAMPLE_CAP,
  type Profile,
  type ProfileFeature,
} from './profile-schema.ts';
