import { MODEL_FILES, RUN_FILES } from '../constants.ts';
import { compareRuns } from '../gate/compare.ts';
import { formatValue } from '../gate/format-value.ts';
import type { MetricsReport } from '../metrics-report.ts';
import { changeCell } from './cells.ts';
import { escapeShort, markdownLink, shortSha } from './escape.ts';
import { markdownTable } from './markdown-table.ts';
import { confusionMatrixSection, perClassSection } from './run-details.ts';

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
   * Names of the files attached to the release, as attached (flat: `model.json`, not
   * `model/model.json`), so the notes list exactly what a reader can download.
   */
  readonly assets: readonly string[];
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
function assetLines(names: readonly string[]): string[] {
  const known = [...ASSET_DESCRIPTIONS.keys()];
  const rank = (name: string): number => {
    const index = known.indexOf(name);
    return index === -1 ? known.length : index;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b)).map(assetLine);
}

function assetLine(name: string): string {
  // Names of model files come from the run's artifact: shown as code only when plainly safe.
  const shown = /^[\w.-]{1,100}$/.test(name) ? `\`${name}\`` : escapeShort(name, 100);
  const description = ASSET_DESCRIPTIONS.get(name);
  return description === undefined ? `- ${shown}` : `- ${shown} — ${description}`;
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
    markdownTable(
      ['Property', 'Value'],
      ['left', 'left'],
      [
        ['Task', metrics.task],
        [
          'Architecture',
          `${escapeShort(metrics.model.type, 40)}, ${metrics.model.params.toLocaleString('en-US')} parameters`,
        ],
        ['Size', `${metrics.model.bytes.toLocaleString('en-US')} bytes`],
        ['Backend', escapeShort(metrics.model.backend, 40)],
        [
          'Data',
          `${escapeShort(metrics.data.path, 80)}, ${metrics.data.rows} rows (sha256 \`${shortSha(metrics.data.sha256)}\`)`,
        ],
        ['Split', `${metrics.n_train} train / ${metrics.n_test} test`],
        ['Commit', `\`${shortSha(metrics.git?.sha)}\``],
      ],
    ),
  );
  if (input.assets.length > 0) lines.push('', '### Assets', '', ...assetLines(input.assets));
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
