import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { authenticate, authorize } from './auth.ts';
import { isolatedGitEnv } from './git-process.ts';
import { HttpError } from './http/errors.ts';
import type { SandboxCore } from './http/route.ts';
import type { ServiceHandler } from './http/server.ts';
import type { RepoRecord } from './model.ts';
import { timestamp } from './timestamp.ts';

/**
 * Git smart HTTP: `git http-backend` run as a CGI program behind the node server, the same
 * arrangement as GitHub's front ends and changesets/action's test utils. Clones and fetches
 * are anonymous for public repositories; pushes need a token with `contents: write` sent as
 * the Basic password (`https://x-access-token:<token>@host/owner/repo.git`), like GitHub.
 */

/** A ref a push changed. */
export interface PushUpdate {
  repo: RepoRecord;
  ref: string;
  before: string | null;
  after: string | null;
}

const GIT_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?(\/(?:info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*))$/;

function unauthorized(res: ServerResponse, message: string): void {
  res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' });
  res.end(`${message}\n`);
}

async function refMap(repo: RepoRecord): Promise<Map<string, string>> {
  return new Map((await repo.git.refs('refs/')).map((ref) => [ref.ref, ref.sha]));
}

/** Runs `git http-backend` for one request and relays its CGI response. */
function runBackend(
  repo: RepoRecord,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  tail: string,
  body: Buffer,
  user: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const projectRoot = dirname(dirname(repo.git.dir));
    const env = isolatedGitEnv({
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo.owner.login}/${repo.name}.git${tail}`,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(body.length),
      REMOTE_USER: user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      ...(req.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
        : {}),
    });
    const child = spawn('git', ['http-backend'], { env });
    const chunks: Buffer[] = [];
    let headersDone = false;
    let pending = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf('\r\n\r\n');
      const endLf = pending.indexOf('\n\n');
      const split = end !== -1 ? end : endLf;
      if (split === -1) return;
      const headerText = pending.subarray(0, split).toString('latin1');
      const rest = pending.subarray(split + (end !== -1 ? 4 : 2));
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of headerText.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      headersDone = true;
      res.writeHead(status, headers);
      res.write(rest);
    });
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!headersDone) {
        const message = Buffer.concat(chunks).toString('utf8').trim();
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git http-backend failed (exit ${code ?? 'signal'}): ${message}\n`);
      } else {
        res.end();
      }
      resolve();
    });
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(body);
  });
}

/** The git smart HTTP service; `onPush` hears every ref a push changed. */
export function gitHttpService(
  core: SandboxCore,
  onPush: (updates: PushUpdate[]) => void,
): ServiceHandler {
  return async (req, res, url, body) => {
    const match = GIT_PATH.exec(url.pathname);
    if (!match) return false;
    const [, owner = '', name = '', tail = ''] = match;
    const repo = core.store.repo(owner, name);
    const isPush =
      tail === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
    let user = 'anonymous';
    try {
      const principal = authenticate(core, req.headers);
      if (isPush && principal.kind === 'anonymous') {
        unauthorized(
          res,
          'Authentication is required to push; use a token with contents: write as the password.',
        );
        return true;
      }
      authorize(
        principal,
        { kind: 'repo', permission: 'contents', level: isPush ? 'write' : 'read' },
        repo ?? null,
      );
      if (principal.kind === 'token') user = principal.token.actor.login;
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status === 401) unauthorized(res, error.message);
        else {
          res.writeHead(error.status === 404 ? 404 : 403, { 'content-type': 'text/plain' });
          res.end(
            error.status === 404
              ? 'Repository not found.\n'
              : `Permission to ${owner}/${name}.git denied to ${user}.\n`,
          );
        }
        return true;
      }
      throw error;
    }
    if (!repo) return false;
    const before = tail === '/git-receive-pack' ? await refMap(repo) : null;
    await runBackend(repo, req, res, url, tail, body, user);
    if (before) {
      const after = await refMap(repo);
      const updates: PushUpdate[] = [];
      for (const ref of new Set([...before.keys(), ...after.keys()])) {
        if (before.get(ref) !== after.get(ref)) {
          updates.push({
            repo,
            ref,
            before: before.get(ref) ?? null,
            after: after.get(ref) ?? null,
          });
        }
      }
      if (updates.length > 0) {
        repo.pushedAt = timestamp();
        onPush(updates);
      }
    }
    return true;
  };
}
