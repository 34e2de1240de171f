import { EXTERNAL_MODEL_TYPE, MODEL_FILES, RUN_FILES } from '../constants.ts';
import { compareRuns } from '../gate/compare.ts';
import { formatValue } from '../gate/format-value.ts';
import type { MetricsReport } from '../metrics-report.ts';
import { changeCell } from './cells.ts';
import { escapeShort, markdownLink, shortSha } from './escape.ts';
import { markdownTable } from './markdown-table.ts';
import { confusionMatrixSection, perClassSection } from './run-details.ts';
import { groupDigits } from '../group-digits.ts';

/** What the release notes show: the released metrics and the change since the last release. */
export interface ReleaseNotesInput {
  /** The new tag, e.g. `model-v1.5.0`. */
  readonly tag: string;
  /** metrics.json of the released model (the default-branch run). */
  readonly metrics: MetricsReport;
  /** The previous release and its metrics, when there is one with a readable metrics.json. */
  readonly previous?: { readonly tag: string; readonly metrics: MetricsReport } | null;
  /** The merged pull request this release comes from. */
  readonly pullRequest?: {
    readonly number: number;
    readonly title: string;
    readonly url?: string | null;
  } | null;
  /** Why this version: "label release:minor", "first release" (from `nextVersion`). */
  readonly reason?: string | null;
  /** The workflow run that trained the model. */
  readonly runUrl?: string | null;
  /**
   * The files attached to the release, by name as attached (flat: `model.json`, not
   * `model/model.json`) with the hex sha256 of their bytes, so the notes list exactly what a
   * reader can download and how a deploy checks it got those bytes.
   */
  readonly assets: readonly ReleaseAssetDigest[];
  /** The framework that trained the model, as the config names it (`model.framework`). */
  readonly framework?: string | null;
}

/** An attached file and the sha256 of its bytes. */
export interface ReleaseAssetDigest {
  readonly name: string;
  readonly sha256: string;
}

/** What each file modelgate attaches is; another name is listed without a description. */
const ASSET_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  [MODEL_FILES.modelJson, 'TensorFlow.js layers model: topology and weights manifest'],
  [MODEL_FILES.weights, "the model's weights, loaded through `model.json`"],
  [
    MODEL_FILES.preprocessing,
    'the fitted imputation, scaling and encoding that turn a CSV row into model input',
  ],
  [RUN_FILES.metrics, 'every metric of this model on its test split'],
  [RUN_FILES.profile, 'profile of the training data, the reference for drift monitoring'],
]);

/** The attached files, modelgate's own in a fixed order (whichever face attached them). */
function assetTable(assets: readonly ReleaseAssetDigest[]): string {
  const known = [...ASSET_DESCRIPTIONS.keys()];
  const rank = (name: string): number => {
    const index = known.indexOf(name);
    return index === -1 ? known.length : index;
  };
  const unique = [...new Map(assets.map((asset) => [asset.name, asset])).values()];
  return markdownTable(
    ['File', 'sha256', 'Contents'],
    ['left', 'left', 'left'],
    unique.sort((a, b) => rank(a.name) - rank(b.name)).map(assetRow),
  );
}

function assetRow({ name, sha256 }: ReleaseAssetDigest): string[] {
  // Names of model files come from the run's artifact: shown as code only when plainly safe.
  const shown = /^[\w.-]{1,100}$/.test(name) ? `\`${name}\`` : escapeShort(name, 100);
  const digest = /^[0-9a-f]{64}$/.test(sha256) ? `\`${sha256}\`` : 'unknown';
  return [shown, digest, ASSET_DESCRIPTIONS.get(name) ?? modelFileDescription(name)];
}

/** A model file of another framework: a packed folder or the file as the user wrote it. */
function modelFileDescription(name: string): string {
  return name.endsWith('.tar.gz')
    ? 'the model folder, packed as a deterministic tar.gz'
    : 'the model file';
}

function metricsTable(input: ReleaseNotesInput): string {
  const { metrics, previous } = input;
  // A task change (classification → regression) makes the old numbers meaningless to compare.
  const comparable = previous && previous.metrics.task === metrics.task ? previous : null;
  const comparison = compareRuns({
    baseline: comparable?.metrics ?? null,
    candidate: metrics,
    rules: [],
  });
  if (comparable === null) {
    return markdownTable(
      ['Metric', 'Value'],
      ['left', 'right'],
      comparison.metrics.map((row) => [row.label, formatValue(row.candidate)]),
    );
  }
  const previousTag = escapeShort(comparable.tag, 60);
  const tag = escapeShort(input.tag, 60);
  return markdownTable(
    ['Metric', previousTag, tag, 'Change'],
    ['left', 'right', 'right', 'left'],
    comparison.metrics.map((row) => [
      row.label,
      formatValue(row.base),
      formatValue(row.candidate),
      changeCell(row),
    ]),
  );
}

/** The "Model" table: what trained it, how big, on what; a model from elsewhere says so. */
function modelRows({ metrics, framework }: ReleaseNotesInput): string[][] {
  const data = `${escapeShort(metrics.data.path, 80)}, ${metrics.data.rows} rows (sha256 \`${shortSha(metrics.data.sha256)}\`)`;
  const commit = ['Commit', `\`${shortSha(metrics.git?.sha)}\``];
  const size = ['Size', `${groupDigits(metrics.model.bytes)} bytes`];
  if (metrics.model.type === EXTERNAL_MODEL_TYPE) {
    return [
      ['Task', metrics.task],
      [
        'Framework',
        framework
          ? `${escapeShort(framework, 60)} (trained outside modelgate)`
          : 'trained outside modelgate (name it in `model.framework`)',
      ],
      size,
      ['Predictions', data],
      ['Test rows', String(metrics.n_test)],
      commit,
    ];
  }
  return [
    ['Task', metrics.task],
    ['Framework', framework ? escapeShort(framework, 60) : 'TensorFlow.js (trained by modelgate)'],
    [
      'Architecture',
      `${escapeShort(metrics.model.type, 40)}, ${groupDigits(metrics.model.params)} parameters`,
    ],
    size,
    ['Backend', escapeShort(metrics.model.backend, 40)],
    ['Data', data],
    ['Split', `${metrics.n_train} train / ${metrics.n_test} test`],
    commit,
  ];
}

/**
 * Notes of a model release: where it came from, its metrics and the change since the
 * previous release, what was trained on, and the files attached. PR titles, tags, paths and labels
 * are escaped; they come from users.
 */
export function renderReleaseNotes(input: ReleaseNotesInput): string {
  const { metrics, previous, pullRequest } = input;
  const lines: string[] = [];
  if (pullRequest) {
    const number = markdownLink(`#${pullRequest.number}`, pullRequest.url);
    lines.push(`Model from ${number}: ${escapeShort(pullRequest.title, 200)}`);
  } else {
    lines.push(`Model from commit \`${shortSha(metrics.git?.sha)}\``);
  }
  const version = input.reason ? ` (${escapeShort(input.reason, 120)})` : '';
  const since = previous ? `; previous release ${escapeShort(previous.tag, 60)}` : '';
  lines.push('', `Version ${escapeShort(input.tag, 60)}${version}${since}.`);

  const comparable =
    previous !== null && previous !== undefined && previous.metrics.task === metrics.task;
  const heading = comparable ? 'Metrics and change since the previous release' : 'Metrics';
  lines.push('', `### ${heading}`, '', metricsTable(input));
  if (previous && !comparable) {
    lines.push(
      '',
      `The previous release was a ${previous.metrics.task} model; its metrics are not comparable.`,
    );
  }

  const matrix = confusionMatrixSection(metrics);
  const perClass = perClassSection(metrics);
  if (matrix !== null) lines.push('', matrix);
  if (perClass !== null) lines.push('', perClass);

  lines.push(
    '',
    '### Model',
    '',
    markdownTable(['Property', 'Value'], ['left', 'left'], modelRows(input)),
  );
  if (input.assets.length > 0) lines.push('', '### Assets', '', assetTable(input.assets));
  if (input.runUrl) lines.push('', markdownLink('Training run', input.runUrl));
  if (metrics.warnings.length > 0) {
    lines.push(
      '',
      `> [!WARNING]`,
      ...metrics.warnings.slice(0, 10).map((warning) => `> ${escapeShort(warning, 300)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
