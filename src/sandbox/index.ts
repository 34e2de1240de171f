/**
 * The sandbox: an offline GitHub stand-in for tests and the demo (see `sandbox.ts` for what
 * it serves and `routes/` for the REST endpoints, one file per resource group).
 *
 * REST endpoints (under `/api/v3`):
 * - App: `GET /app`, `GET /app/installations`, `GET /repos/{o}/{r}/installation`,
 *   `POST /app/installations/{id}/access_tokens`
 * - Users: `GET /user` (personal tokens only; others get 403 like GitHub)
 * - Repositories: `GET /repos/{o}/{r}`, `POST /user/repos`, `GET /repos/{o}/{r}/branches[/{branch}]`,
 *   `GET /repos/{o}/{r}/collaborators/{username}/permission`
 * - Contents: `GET|PUT|DELETE /repos/{o}/{r}/contents/{path}` (raw media type supported)
 * - Git: `GET /git/ref/{ref}`, `GET /git/matching-refs/{ref}`, `POST /git/refs`,
 *   `PATCH|DELETE /git/refs/{ref}`, `GET|POST /git/tags`, `GET|POST /git/commits`,
 *   `GET|POST /git/blobs`, `GET|POST /git/trees`,
 *   `GET /commits`, `GET /commits/{ref}`, `GET /compare/{base}...{head}`
 * - Pulls: `GET /commits/{sha}/pulls`, `GET|POST /pulls`, `GET|PATCH /pulls/{n}`, `PUT /pulls/{n}/merge`, `GET /pulls/{n}/commits`
 * - Issues: `GET|POST /issues`, `GET|PATCH /issues/{n}`, `GET|POST /issues/{n}/comments`,
 *   `GET|PATCH|DELETE /issues/comments/{id}`, `GET|POST /issues/{n}/labels`,
 *   `DELETE /issues/{n}/labels/{name}`, `GET|POST /labels`
 * - Checks: `POST /check-runs`, `GET|PATCH /check-runs/{id}`, `GET /commits/{ref}/check-runs`
 * - Releases: `GET|POST /releases`, `GET /releases/latest`, `GET /releases/tags/{tag}`,
 *   `GET /releases/{id}`, `GET /releases/{id}/assets`,
 *   `GET /releases/assets/{id}` (302 to the bytes for `application/octet-stream`), upload `POST /api/uploads/repos/{o}/{r}/releases/{id}/assets`
 * - Deployments: `GET|POST /deployments`, `GET /deployments/{id}`, `GET|POST /deployments/{id}/statuses`
 * - Actions: `GET /actions/runs`, `GET /actions/runs/{id}`, `GET /actions/runs/{id}/artifacts`,
 *   `GET /actions/artifacts`, `GET /actions/artifacts/{id}`, `GET /actions/artifacts/{id}/zip` (302)
 *
 * Outside `/api/v3`: git smart HTTP at `/{owner}/{repo}.git`, the results service at
 * `/twirp/github.actions.results.api.v1.ArtifactService/*`, signed blob URLs under `/_blobs/`,
 * release downloads and raw files.
 */
export { startSandbox, Sandbox, type SandboxOptions, type SandboxApp } from './sandbox.ts';
export type {
  RepoHandle,
  PullHandle,
  RepoRef,
  WorkflowRunInput,
  ArtifactFiles,
} from './state-api.ts';
export type { FaultSpec } from './faults.ts';
export type { RequestLogEntry, Exchange, ExchangeValidator, Violation } from './http/server.ts';
export type { Permissions, PermissionName, Access } from './model.ts';
export type { WebhookTarget, WebhookDelivery } from './webhooks.ts';
export { signPayload } from './webhooks.ts';
export { generateAppCredentials, signRs256, type AppCredentials } from './jwt.ts';
export { allRoutes } from './routes/index.ts';
export { json, repoRoute, type Route, type RepoContext, type Reply } from './http/route.ts';
