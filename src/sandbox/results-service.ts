import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxCore } from './http/route.ts';
import type { ServiceHandler } from './http/server.ts';
import { JwtError, verifyHs256 } from './jwt.ts';
import { pendingArtifact } from './artifact-records.ts';
import type { ArtifactRecord, WorkflowRunRecord } from './model.ts';
import { signUrl, verifySignedUrl } from './signed-url.ts';
import { timestamp } from './timestamp.ts';

/**
 * The Actions results service as `@actions/artifact` v6 uses it: Twirp JSON RPCs
 * (`CreateArtifact`, `FinalizeArtifact`, `ListArtifacts`, `GetSignedArtifactURL`,
 * `DeleteArtifact`) authorised by the `ACTIONS_RUNTIME_TOKEN`, and the Azure block-blob
 * protocol behind the signed upload URL (`PUT ?comp=block&blockid=…` per chunk, then
 * `PUT ?comp=blocklist` with the XML block list), which `@azure/storage-blob` speaks.
 */

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

const Ids = { workflow_run_backend_id: z.string(), workflow_job_run_backend_id: z.string() };
const StringValue = z
  .object({ value: z.string() })
  .or(z.string().transform((value) => ({ value })));
const Int64 = z.union([z.string(), z.number()]).transform((value) => Number(value));

const CreateArtifact = z.object({
  ...Ids,
  name: z.string().min(1),
  version: z.number().optional(),
  expires_at: z.string().optional(),
  mime_type: StringValue.optional(),
});
const FinalizeArtifact = z.object({
  ...Ids,
  name: z.string(),
  size: Int64,
  hash: StringValue.optional(),
});
const ListArtifacts = z.object({
  ...Ids,
  name_filter: StringValue.optional(),
  id_filter: Int64.or(z.object({ value: Int64 }).transform((v) => v.value)).optional(),
});
const ByName = z.object({ ...Ids, name: z.string() });

function twirpError(res: ServerResponse, status: number, code: string, msg: string): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, msg }));
  return true;
}

function reply(res: ServerResponse, body: unknown): true {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

function findRun(core: SandboxCore, backendId: string): WorkflowRunRecord | undefined {
  for (const data of core.store.data.values()) {
    const run = data.workflowRuns.find((candidate) => candidate.backendId === backendId);
    if (run) return run;
  }
  return undefined;
}

function findArtifact(core: SandboxCore, id: number): ArtifactRecord | undefined {
  for (const data of core.store.data.values()) {
    for (const run of data.workflowRuns) {
      const artifact = run.artifacts.find((candidate) => candidate.id === id);
      if (artifact) return artifact;
    }
  }
  return undefined;
}

/** Returns the `Actions.Results` ids the bearer token grants, or null. */
function grantedIds(
  core: SandboxCore,
  authorization: string | undefined,
): { run: string; job: string } | null {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) return null;
  try {
    const claims = verifyHs256(token, core.signingKey);
    const scope = String(claims['scp'] ?? '')
      .split(' ')
      .find((part) => part.startsWith('Actions.Results:'));
    const [, run = '', job = ''] = scope?.split(':') ?? [];
    return run && job ? { run, job } : null;
  } catch (error) {
    if (error instanceof JwtError) return null;
    throw error;
  }
}

function parseBlockList(xml: string): string[] {
  return [...xml.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
    (match) => match[2] ?? '',
  );
}

async function handleBlob(
  core: SandboxCore,
  res: ServerResponse,
  url: URL,
  method: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): Promise<true> {
  const id = Number(/^\/_blobs\/upload\/(\d+)\//.exec(url.pathname)?.[1]);
  const artifact = findArtifact(core, id);
  const azureError = (status: number, code: string, message: string): true => {
    res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
    return true;
  };
  if (!verifySignedUrl(core.signingKey, url))
    return azureError(403, 'AuthenticationFailed', 'Signature did not match or has expired.');
  if (!artifact || artifact.zip !== null)
    return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
  if (method !== 'PUT')
    return azureError(
      405,
      'UnsupportedHttpVerb',
      'The resource does not support the specified HTTP verb.',
    );
  const comp = url.searchParams.get('comp');
  const okHeaders = {
    etag: `"0x${createHash('md5').update(body).digest('hex').slice(0, 16).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2023-11-03',
    'x-ms-request-server-encrypted': 'true',
  };
  if (comp === 'block') {
    const blockId = url.searchParams.get('blockid');
    if (!blockId) return azureError(400, 'InvalidQueryParameterValue', 'blockid is required.');
    artifact.stagedBlocks.set(blockId, body);
    res.writeHead(201, okHeaders);
    res.end();
    return true;
  }
  if (comp === 'blocklist') {
    const parts: Buffer[] = [];
    for (const blockId of parseBlockList(body.toString('utf8'))) {
      const block = artifact.stagedBlocks.get(blockId);
      if (!block)
        return azureError(
          400,
          'InvalidBlockList',
          `The block list contains ${blockId}, which was not staged.`,
        );
      parts.push(block);
    }
    artifact.blob = Buffer.concat(parts);
    artifact.stagedBlocks.clear();
    res.writeHead(201, okHeaders);
    res.end();
    return true;
  }
  if (comp === null && headers['x-ms-blob-type'] === 'BlockBlob') {
    artifact.blob = body;
    res.writeHead(201, okHeaders);
    res.end();
    return true;
  }
  return azureError(400, 'InvalidQueryParameterValue', `Unsupported comp=${comp ?? ''}.`);
}

/** The results service and its blob store. */
export function resultsService(core: SandboxCore): ServiceHandler {
  return async (req, res, url, body) => {
    if (url.pathname.startsWith('/_blobs/upload/')) {
      return handleBlob(core, res, url, req.method ?? 'GET', req.headers, body);
    }
    if (!url.pathname.startsWith(SERVICE)) return false;
    if (req.method !== 'POST')
      return twirpError(res, 405, 'bad_route', 'Twirp RPCs are POST only.');
    const granted = grantedIds(core, req.headers.authorization);
    if (!granted)
      return twirpError(
        res,
        401,
        'unauthenticated',
        'The runtime token is missing, invalid or expired.',
      );
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return twirpError(res, 400, 'malformed', 'The request body is not JSON.');
    }
    const method = url.pathname.slice(SERVICE.length);
    const schema = {
      CreateArtifact,
      FinalizeArtifact,
      ListArtifacts,
      GetSignedArtifactURL: ByName,
      DeleteArtifact: ByName,
    }[method];
    if (!schema) return twirpError(res, 404, 'bad_route', `No RPC ${method} on ArtifactService.`);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      return twirpError(
        res,
        400,
        'invalid_argument',
        `${method}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
      );
    const ids = parsed.data;
    if (
      ids.workflow_run_backend_id !== granted.run ||
      ids.workflow_job_run_backend_id !== granted.job
    ) {
      return twirpError(
        res,
        403,
        'permission_denied',
        'The runtime token is not valid for this workflow run and job.',
      );
    }
    const run = findRun(core, granted.run);
    if (!run) return twirpError(res, 404, 'not_found', 'Workflow run not found.');
    const finished = (name: string): ArtifactRecord | undefined =>
      run.artifacts.find((item) => item.name === name && item.zip !== null);

    switch (method) {
      case 'CreateArtifact': {
        const input = CreateArtifact.parse(json);
        if (finished(input.name)) {
          return twirpError(
            res,
            409,
            'already_exists',
            `An artifact with this name already exists on the workflow run: ${input.name}`,
          );
        }
        run.artifacts = run.artifacts.filter((item) => item.name !== input.name);
        const artifact = pendingArtifact(core, run, input.name, input.expires_at);
        run.artifacts.push(artifact);
        const signed = signUrl(
          core.signingKey,
          core.url,
          `/_blobs/upload/${artifact.id}/${encodeURIComponent(input.name)}.zip`,
          6 * 3_600_000,
        );
        return reply(res, { ok: true, signed_upload_url: signed });
      }
      case 'FinalizeArtifact': {
        const input = FinalizeArtifact.parse(json);
        const artifact = run.artifacts.find(
          (item) => item.name === input.name && item.zip === null,
        );
        if (!artifact)
          return twirpError(res, 404, 'not_found', `No artifact ${input.name} is being uploaded.`);
        if (!artifact.blob)
          return twirpError(
            res,
            400,
            'failed_precondition',
            `Artifact ${input.name} has no uploaded content.`,
          );
        if (artifact.blob.length !== input.size) {
          return twirpError(
            res,
            400,
            'invalid_argument',
            `Artifact ${input.name}: size ${input.size} does not match the ${artifact.blob.length} bytes uploaded.`,
          );
        }
        const digest = `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`;
        if (input.hash && input.hash.value !== digest) {
          return twirpError(
            res,
            400,
            'invalid_argument',
            `Artifact ${input.name}: hash ${input.hash.value} does not match the uploaded ${digest}.`,
          );
        }
        artifact.zip = artifact.blob;
        artifact.blob = null;
        artifact.digest = digest;
        artifact.updatedAt = timestamp();
        return reply(res, { ok: true, artifact_id: String(artifact.id) });
      }
      case 'ListArtifacts': {
        const input = ListArtifacts.parse(json);
        const artifacts = run.artifacts
          .filter((item) => item.zip !== null)
          .filter((item) => !input.name_filter || item.name === input.name_filter.value)
          .filter((item) => input.id_filter === undefined || item.id === input.id_filter)
          .map((item) => ({
            workflow_run_backend_id: run.backendId,
            workflow_job_run_backend_id: run.jobBackendId,
            database_id: String(item.id),
            name: item.name,
            size: String(item.zip?.length ?? 0),
            created_at: item.createdAt,
            // google.protobuf.StringValue is a bare string in protobuf JSON.
            ...(item.digest ? { digest: item.digest } : {}),
          }));
        return reply(res, { artifacts });
      }
      case 'GetSignedArtifactURL': {
        const artifact = finished(ByName.parse(json).name);
        if (!artifact) return twirpError(res, 404, 'not_found', 'Artifact not found.');
        return reply(res, {
          signed_url: signUrl(
            core.signingKey,
            core.url,
            `/_blobs/artifacts/${artifact.id}.zip`,
            60_000,
          ),
        });
      }
      default: {
        const artifact = finished(ByName.parse(json).name);
        if (!artifact) return twirpError(res, 404, 'not_found', 'Artifact not found.');
        run.artifacts = run.artifacts.filter((item) => item !== artifact);
        return reply(res, { ok: true, artifact_id: String(artifact.id) });
      }
    }
  };
}
