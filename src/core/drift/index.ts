/**
 * Data drift: the statistics (scipy-exact), Evidently's test rules, profiles and the report.
 * Faces import from here.
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
export { DRIFT_TESTS, type DriftTestName } from './evidently-rules.ts';
export { buildProfile, mergeProfiles, type BuildProfileOptions } from './profile.ts';
export {
  ProfileSchema,
  DEFAULT_SAMPLE_CAP,
  type Profile,
  type ProfileFeature,
} from './profile-schema.ts';
