import { ARTIFACT_NAME, RUN_FILES } from '../core/constants.ts';
import { ProfileSchema, type Profile } from '../core/drift/index.ts';
import { MAX_DATA_SUMMARY_BYTES } from '../core/data-diff/data-summary-schema.ts';
import { InputError } from '../core/errors.ts';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import { toBytes, type RepoContext } from './octokit.ts';
import { safeUnzip } from './safe-unzip.ts';
import { decodeUntrustedText, parseUntrustedJson } from './untrusted-json.ts';

/** Per-file caps on what a run may put in the artifact (uncompressed bytes). */
export const ARTIFACT_FILE_LIMITS = {
  [RUN_FILES.metrics]: 1024 * 1024,
  [RUN_FILES.report]: 1024 * 1024,
  [RUN_FILES.profile]: 64 * 1024 * 1024,
  // 100k rows × a few short fields is ~4 MB; 1M cells of many-class probabilities ~20 MB.
  [RUN_FILES.predictions]: 32 * 1024 * 1024,
  [RUN_FILES.dataSummary]: MAX_DATA_SUMMARY_BYTES,
} as const;

/** Input of `downloadRunArtifact`. */
export interface DownloadRunArtifactOptions extends RepoContext {
  runId: number;
  /** Artifact name; defaults to `modelgate-report`. */
  name?: string;
  /** Refuse artifacts whose zip is larger than this, before downloading anything. */
  maxBytes: number;
  /** Refuse archives that inflate to more than this; defaults to 10 × maxBytes. */
  maxUncompressedBytes?: number;
  /** Most entries the archive may hold; defaults to 1000. */
  maxEntries?: number;
  /** Also return the files under `model/` (for release assets). */
  includeModel?: boolean;
  /** Lists the run's artifacts when the caller keeps its listings (see `fetchArtifactZip`). */
  listArtifacts?: ArtifactLister;
  /**
   * Which of the report's files to read; the others are neither inflated nor parsed (a pull
   * request's gate needs only metrics.json, and an artifact can carry a 60 MiB profile.json).
   * metrics.json is always read. All of them when omitted.
   */
  files?: readonly ReportFile[];
}

/** A file of the report artifact that `downloadRunArtifact` can read. */
export type ReportFile = keyof typeof ARTIFACT_FILE_LIMITS;

/** The validated content of a run's `modelgate-report` artifact. */
export interface RunArtifact {
  artifactId: number;
  sizeInBytes: number;
  metrics: MetricsReport;
  profile: Profile | null;
  report: string | null;
  /** predictions.csv as bytes, not yet parsed (see `parsePredictionsCsv`); null when absent. */
  predictions: Uint8Array | null;
  /** data-summary.json as bytes, not yet parsed (see `readRunDataSummary`); null when absent. */
  dataSummary: Uint8Array | null;
  /** Files under `model/`, keyed by their path in the archive; null unless requested. */
  model: Map<string, Uint8Array> | null;
  /**
   * The bytes of metrics.json and profile.json as the run wrote them (validated above): a
   * release attaches these, so its assets' sha256 are the run's files', whichever face releases.
   */
  raw: Map<string, Uint8Array>;
}

/** An artifact of a workflow run, as the API lists it. */
export interface ListedArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
}

/**
 * Lists a run's artifacts called `name`, possibly among others (they are filtered out). A
 * port passes one that remembers its listings for the delivery (`artifactListing`), so a run
 * whose artifacts are looked at for several reasons is listed once.
 */
export type ArtifactLister = (runId: number, name: string) => Promise<readonly ListedArtifact[]>;

/** An artifact's zip, downloaded within a size limit. */
export interface ArtifactZip {
  artifact: { id: number; size_in_bytes: number };
  zip: Uint8Array;
  /** `artifact <name> of run <id>`, the start of every error sentence about it. */
  label: string;
}

/**
 * Downloads the zip of the newest artifact called `name` of a workflow run, refusing one over
 * `maxBytes` before downloading (by its listed size) and after (by the bytes received), and
 * an expired one. Null when the run has no artifact of that name. Every artifact modelgate
 * reads from a run (the report, the drift report) comes through here.
 */
export async function fetchArtifactZip(
  options: RepoContext & {
    runId: number;
    name: string;
    maxBytes: number;
    /** Lists the run's artifacts when the caller keeps its listings; else asked here. */
    listArtifacts?: ArtifactLister;
  },
): Promise<ArtifactZip | null> {
  const { octokit, owner, repo, runId, name, maxBytes } = options;
  const label = `artifact ${name} of run ${runId}`;
  const artifacts =
    options.listArtifacts === undefined
      ? await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
          owner,
          repo,
          run_id: runId,
          name,
          per_page: 100,
        })
      : await options.listArtifacts(runId, name);
  // Several attempts of a run can upload the same name; the newest is the one to judge.
  const artifact = artifacts
    .filter((candidate) => candidate.name === name)
    .sort((a, b) => b.id - a.id)[0];
  if (artifact === undefined) return null;
  if (artifact.expired)
    throw new InputError(`${label} has expired and can no longer be downloaded.`);
  if (artifact.size_in_bytes > maxBytes) {
    throw new InputError(
      `${label} is ${artifact.size_in_bytes} bytes; the limit is ${maxBytes} bytes.`,
    );
  }

  // Octokit follows GitHub's 302 to the blob storage URL and returns the zip as an ArrayBuffer.
  const response = await octokit.rest.actions.downloadArtifact({
    owner,
    repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  const zip = toBytes(response.data);
  if (zip.byteLength > maxBytes) {
    throw new InputError(
      `${label} downloaded as ${zip.byteLength} bytes; the limit is ${maxBytes} bytes.`,
    );
  }
  return { artifact, zip, label };
}

/**
 * Downloads the `modelgate-report` artifact of a workflow run and validates it as untrusted
 * input: a pull request (possibly from a fork) produced it. Sizes are checked before the
 * download and while inflating; every file is decoded strictly and checked against its
 * schema, so every number the gate reads is finite. Returns null when the run has no such
 * artifact (a run that is not modelgate's); any other problem is an InputError of one
 * sentence naming the artifact, the run, the file and what was wrong.
 */
export async function downloadRunArtifact(
  options: DownloadRunArtifactOptions,
): Promise<RunArtifact | null> {
  const name = options.name ?? ARTIFACT_NAME;
  const fetched = await fetchArtifactZip({ ...options, name });
  if (fetched === null) return null;
  const { artifact, zip, label } = fetched;
  const files = extract(zip, label, options);
  const metricsBytes = files.get(RUN_FILES.metrics);
  if (metricsBytes === undefined) throw new InputError(`${label} has no ${RUN_FILES.metrics}.`);
  const metrics = parseUntrustedJson(
    metricsBytes,
    MetricsReportSchema,
    `${label}: ${RUN_FILES.metrics}`,
  );
  const profileBytes = files.get(RUN_FILES.profile);
  const profile =
    profileBytes === undefined
      ? null
      : parseUntrustedJson(profileBytes, ProfileSchema, `${label}: ${RUN_FILES.profile}`);
  const reportBytes = files.get(RUN_FILES.report);
  const report =
    reportBytes === undefined
      ? null
      : decodeUntrustedText(reportBytes, `${label}: ${RUN_FILES.report}`);

  let model: Map<string, Uint8Array> | null = null;
  if (options.includeModel === true) {
    model = new Map([...files].filter(([path]) => path.startsWith(`${RUN_FILES.modelDir}/`)));
  }
  return {
    artifactId: artifact.id,
    sizeInBytes: artifact.size_in_bytes,
    metrics,
    profile,
    report,
    predictions: files.get(RUN_FILES.predictions) ?? null,
    dataSummary: files.get(RUN_FILES.dataSummary) ?? null,
    model,
    raw: new Map(
      [RUN_FILES.metrics, RUN_FILES.profile].flatMap((path) => {
        const bytes = files.get(path);
        return bytes === undefined ? [] : [[path, bytes] as const];
      }),
    ),
  };
}

function extract(
  zip: Uint8Array,
  label: string,
  options: DownloadRunArtifactOptions,
): Map<string, Uint8Array> {
  const maxTotal = options.maxUncompressedBytes ?? options.maxBytes * 10;
  const read = new Set<string>(options.files ?? Object.keys(ARTIFACT_FILE_LIMITS));
  read.add(RUN_FILES.metrics);
  const wanted = (path: string): boolean =>
    (read.has(path) && fileLimit(path) !== undefined) ||
    (options.includeModel === true && path.startsWith(`${RUN_FILES.modelDir}/`));
  let files: Map<string, Uint8Array>;
  try {
    files = safeUnzip(zip, wanted, {
      maxEntries: options.maxEntries ?? 1000,
      maxTotalBytes: maxTotal,
      maxEntryBytes: (path) => fileLimit(path) ?? maxTotal,
    });
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${label}: ${error.message}.`);
    throw error;
  }
  return files;
}

function fileLimit(path: string): number | undefined {
  return new Map<string, number>(Object.entries(ARTIFACT_FILE_LIMITS)).get(path);
}
