/**
 * Every name the outside world sees, in one place: file schemas, the check run, the comment
 * and issue markers, the artifact, the history branch. Changing one of these is a breaking
 * change for users' workflows, branch protection rules or existing comments.
 */

/** metrics.json of a training or evaluation run (DESIGN.md §5). */
export const METRICS_SCHEMA = 'modelgate/metrics@1';
/** drift.json of `modelgate drift` and monitoring runs. */
export const DRIFT_SCHEMA = 'modelgate/drift@1';
/** profile.json: what monitoring keeps of the training data. */
export const PROFILE_SCHEMA = 'modelgate/profile@1';
/** `modelgate compare --format json`: the table and the gate verdict. */
export const COMPARISON_SCHEMA = 'modelgate/comparison@1';
/** model/preprocessing.json: the fitted imputation, scaling and one-hot encoding. */
export const PREPROCESSING_SCHEMA = 'modelgate/preprocessing@1';
/** model/calibration.json: the isotonic calibrator CBPE estimates performance with. */
export const CALIBRATION_SCHEMA = 'modelgate/calibration@1';
/** performance.json of a monitoring run: the released model's metrics on production data. */
export const PERFORMANCE_SCHEMA = 'modelgate/performance@1';
/** One monitoring run's metrics on the history branch, a point of the performance trend. */
export const PERFORMANCE_RUN_SCHEMA = 'modelgate/performance-run@1';
/** data-summary.json: what a pull request's gate compares of the training data (issue 17A). */
export const DATA_SUMMARY_SCHEMA = 'modelgate/data-summary@1';
/** `modelgate metrics --json`: metrics of a predictions file, no model or run data. */
export const PREDICTION_METRICS_SCHEMA = 'modelgate/prediction-metrics@1';

/** Name of the check run that branch protection requires. */
export const CHECK_RUN_NAME = 'modelgate / gate';
/** Hidden marker that identifies the one sticky comment per pull request. */
export const COMMENT_MARKER = '<!-- modelgate:report -->';
/**
 * Second hidden marker of the Action's report comments, on the line after `COMMENT_MARKER`. A
 * workflow or installation token cannot learn which bot it writes as, and the App (also a
 * bot) posts the same report marker; this is how the Action tells its comment from the App's.
 */
export const ACTION_WRITER_MARKER = '<!-- modelgate:writer action -->';
/** Hidden marker prefix of a drift issue; the release tag follows it. */
export const DRIFT_ISSUE_MARKER_PREFIX = '<!-- modelgate:drift';
/** Hidden marker prefix of the monitoring run (`<id>:<attempt>`) an issue body or comment reports. */
export const DRIFT_RUN_MARKER_PREFIX = '<!-- modelgate:drift-run';
/** Hidden marker prefix of a performance issue; the release tag follows it. */
export const PERFORMANCE_ISSUE_MARKER_PREFIX = '<!-- modelgate:performance';
/** Hidden marker prefix of the monitoring run a performance issue body or comment reports. */
export const PERFORMANCE_RUN_MARKER_PREFIX = '<!-- modelgate:performance-run';
/** Directory on the history branch holding `<release tag>/<run id>-<attempt>.json` per monitoring run. */
export const PERFORMANCE_HISTORY_DIR = 'monitoring';
/** Artifact the Action uploads on pull requests and the App downloads. */
export const ARTIFACT_NAME = 'modelgate-report';
/**
 * Artifact a monitoring run uploads (`drift.json`, `drift.md`). Its presence is how the App
 * tells a monitoring run from a training run, whatever the workflow is called.
 */
export const DRIFT_ARTIFACT_NAME = 'modelgate-drift';
/** Files inside the drift artifact: the report the App validates, and its rendering. */
export const DRIFT_FILES = {
  report: 'drift.json',
  markdown: 'drift.md',
  /** The released model's performance on the production data (when `monitor.performance` is set). */
  performance: 'performance.json',
  performanceMarkdown: 'performance.md',
} as const;
/** Branch that holds `history/<sha>.json`, one metrics record per default-branch commit. */
export const DEFAULT_HISTORY_BRANCH = 'modelgate-history';
/** Path of the config file in a repository. */
export const CONFIG_PATH = '.github/modelgate.yml';
/** Default output directory of `modelgate train`. */
export const DEFAULT_RUN_DIR = '.modelgate/run';

/** Files inside a model directory (the standard TF.js layers format plus our preprocessing). */
export const MODEL_FILES = {
  modelJson: 'model.json',
  weights: 'weights.bin',
  preprocessing: 'preprocessing.json',
  /** A binary classifier's isotonic calibrator, fitted on the test split (for CBPE). */
  calibration: 'calibration.json',
} as const;

/** Files inside a run directory and inside the artifact. */
export const RUN_FILES = {
  metrics: 'metrics.json',
  profile: 'profile.json',
  report: 'report.md',
  /** The test rows' predictions with stable row ids (bounded; see src/train/predictions-file.ts). */
  predictions: 'predictions.csv',
  /** Row hashes, schema, label counts and a small profile of the training data (bounded). */
  dataSummary: 'data-summary.json',
  modelDir: 'model',
  modelJson: `model/${MODEL_FILES.modelJson}`,
  weights: `model/${MODEL_FILES.weights}`,
  preprocessing: `model/${MODEL_FILES.preprocessing}`,
  calibration: `model/${MODEL_FILES.calibration}`,
} as const;

/**
 * `model.type` in metrics.json of a run scored from predictions that another framework made
 * (the Action's `predictions:` input): modelgate neither trained nor can run that model, and
 * its release carries whatever files the user named rather than a TF.js model.
 */
export const EXTERNAL_MODEL_TYPE = 'external';

/** Release bump labels on a pull request. */
export const RELEASE_LABELS = {
  major: 'release:major',
  minor: 'release:minor',
  patch: 'release:patch',
  skip: 'release:skip',
} as const;
