import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ProfileSchema } from '../core/drift/index.ts';
import { MetricsReportSchema } from '../core/metrics-report.ts';
import { DEMO_USER, type Stage } from './stage.ts';
import type { Fact } from './printer.ts';
import { DEFAULT_C_LINE, FIRST_C_LINE, TRAIN_SCRIPT } from './predictions-example.ts';
import { mergeAndReleaseOf, recordBaseline } from './steps-main.ts';
import { driftVerdict, monitor } from './steps-monitor.ts';
import {
  checkFact,
  gateCheck,
  openPull,
  pushCommit,
  stickyComments,
  trainPull,
  type PullPlan,
} from './steps-pulls.ts';
import { fact, metric, stepFacts, type StepRunner, type StoryState } from './story-state.ts';
import type { StoryPart } from './summary.ts';

/**
 * The story of `npm run demo -- --predictions`: the Python users' path on `examples/sklearn/`,
 * whose own step trains and writes predictions; modelgate scores, gates, releases, monitors.
 */

/** The pull request: weaker regularisation, the committed `pull-request.csv` run. */
const STRONGER_MODEL: PullPlan = {
  branch: 'weaker-regularisation',
  title: 'feat: weaker regularisation (C = 1.0)',
  body: 'C = 0.01 underfits: the malignant class is under-called. C = 1.0 regularises less.',
  commits: [
    {
      message: 'feat: weaker regularisation (C = 1.0)',
      edits: [],
      replace: [{ path: TRAIN_SCRIPT, from: FIRST_C_LINE, to: DEFAULT_C_LINE }],
    },
  ],
};
const RELEASED_ARCHIVE = 'model.tar.gz';
const FRAMEWORK = 'scikit-learn';
const LABEL = 'target';

/** The history record of the baseline says modelgate trained nothing: an `external` model. */
async function baselineFromPredictions(stage: Stage, state: StoryState): Promise<Fact[]> {
  const facts = await recordBaseline(stage, state);
  const sha = state.baseline?.sha;
  if (sha === undefined) return facts;
  const record = await stage.api.fileText(`history/${sha}.json`, 'modelgate-history');
  const report = record === null ? null : MetricsReportSchema.parse(JSON.parse(record.text));
  facts.push(
    fact(
      report?.model.type === 'external',
      `the record's model is "${report?.model.type ?? 'missing'}": predictions only, nothing trained by modelgate`,
    ),
  );
  return facts;
}

/** A pull request whose predictions improve: the sticky comment and a passing gate. */
async function improvePredictions(stage: Stage, state: StoryState): Promise<Fact[]> {
  const head = await pushCommit(stage, STRONGER_MODEL, 0);
  const number = await openPull(stage, STRONGER_MODEL);
  const run = await trainPull(stage, number, STRONGER_MODEL.branch, 'opened');
  const facts = [...run.facts];
  const baseline = state.baseline?.accuracy;
  facts.push(
    fact(
      baseline !== undefined && run.accuracy !== undefined && run.accuracy > baseline,
      `accuracy ${metric(baseline)} on main → ${metric(run.accuracy)} on #${number}`,
    ),
  );
  const check = await gateCheck(stage, head);
  const title = check?.output.title ?? '';
  const sticky = stickyComments(await stage.api.comments(number));
  const comment = sticky[0];
  const body = comment?.body ?? '';
  facts.push(
    fact(
      // The comment leads with the check's verdict and shows the PR's accuracy in its table.
      sticky.length === 1 && title !== '' && body.includes(title) && body.includes('Accuracy'),
      sticky.length === 1
        ? `one sticky comment on #${number}: the check's verdict and the metric table against main`
        : `${sticky.length} sticky comments on #${number} (expected exactly one)`,
      comment?.html_url,
    ),
  );
  facts.push(checkFact(check, 'success', head));
  state.improve = { number, firstHead: head, head, commentId: comment?.id ?? null };
  return facts;
}

const ReleaseAssets = z.object({
  body: z.string().nullable().optional(),
  assets: z.array(z.object({ id: z.number(), name: z.string() })),
});

/** A release asset's bytes, as a browser downloads them with the owner's token. */
async function assetBytes(stage: Stage, id: number): Promise<Buffer> {
  const { repo, sandbox } = stage;
  const response = await fetch(`${sandbox.apiUrl}/repos/${repo.fullName}/releases/assets/${id}`, {
    headers: {
      accept: 'application/octet-stream',
      authorization: `Bearer ${sandbox.createUserToken(DEMO_USER)}`,
    },
  });
  if (!response.ok) throw new Error(`release asset ${id} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The merge releases the user's model folder as one archive; the notes give sha256 and framework. */
async function releaseUserModel(stage: Stage, state: StoryState): Promise<Fact[]> {
  const facts = await mergeAndReleaseOf(stage, state, {
    branch: STRONGER_MODEL.branch,
    assets: ['metrics.json', RELEASED_ARCHIVE, 'profile.json'],
  });
  const tag = state.release?.tag;
  if (tag === undefined) return facts;
  const release = await stage.api.get(`/releases/tags/${tag}`, ReleaseAssets);
  const notes = release.body ?? '';
  const archive = release.assets.find((asset) => asset.name === RELEASED_ARCHIVE);
  const digest =
    archive === undefined
      ? null
      : createHash('sha256')
          .update(await assetBytes(stage, archive.id))
          .digest('hex');
  facts.push(
    fact(
      digest !== null && notes.includes(digest),
      digest === null
        ? `release ${tag} has no ${RELEASED_ARCHIVE}`
        : `the notes list ${RELEASED_ARCHIVE} with sha256 ${digest.slice(0, 12)}…, the downloaded bytes' digest`,
    ),
    fact(
      notes.includes(`${FRAMEWORK} (trained outside modelgate)`),
      `the notes name the framework: ${notes.includes(FRAMEWORK) ? FRAMEWORK : 'none'} (model.framework of the config)`,
    ),
  );
  return facts;
}

/** The release's drift profile: present, without the label, and read by a monitoring run. */
async function profileForMonitoring(stage: Stage, state: StoryState): Promise<Fact[]> {
  const tag = state.release?.tag;
  if (tag === undefined) return [fact(false, 'no release whose profile to monitor')];
  const release = await stage.api.get(`/releases/tags/${tag}`, ReleaseAssets);
  const asset = release.assets.find((candidate) => candidate.name === 'profile.json');
  if (asset === undefined) return [fact(false, `release ${tag} has no profile.json`)];
  const parsed = ProfileSchema.safeParse(
    JSON.parse((await assetBytes(stage, asset.id)).toString('utf8')),
  );
  const names = parsed.success ? parsed.data.features.map((feature) => feature.name) : [];
  const facts = [
    fact(
      names.length > 0 && !names.includes(LABEL),
      `profile.json of ${tag} profiles ${names.length} features of data/train.csv, the label "${LABEL}" left out`,
    ),
  ];
  const run = await monitor(stage, 'data/train.csv');
  facts.push(
    ...stepFacts(
      `a scheduled monitor job (as examples/.github/workflows/modelgate.yml runs it) compared data/train.csv with the profile of ${tag}`,
      run.step,
      run.htmlUrl,
    ),
  );
  const clean = run.step.outputs.drift === 'false';
  facts.push(
    fact(clean, `dataset drift: ${clean ? 'no' : 'yes'}, ${await driftVerdict(run.step)}`),
  );
  return facts;
}

/** The steps of the predictions story, in order. */
export const PREDICTIONS_STEPS: ReadonlyArray<{
  title: string;
  part?: StoryPart;
  run: StepRunner;
}> = [
  {
    title: 'Baseline recorded from main: predictions from the Python step, no training',
    part: 'baseline',
    run: baselineFromPredictions,
  },
  {
    title: 'PR 1 improves the predictions: sticky comment and a passing gate',
    part: 'improve',
    run: improvePredictions,
  },
  {
    title: 'PR 1 merged: the scikit-learn model released, its sha256 and framework in the notes',
    part: 'release',
    run: releaseUserModel,
  },
  { title: 'The release\u2019s drift profile, ready for monitoring', run: profileForMonitoring },
];
