import { startSandbox, type SandboxOptions } from '../sandbox/index.ts';

/**
 * `modelgate sandbox` as the demo's offline GitHub on its own, for trying the App or the Action
 * by hand. The CLI reaches the stand-in only through here: the product never imports
 * `src/sandbox`, which is for the demo and the tests (test/architecture.test.ts holds that).
 */
export interface StandIn {
  /** Where each part listens and the credentials to use, one line each. */
  banner: string[];
  close(): Promise<void>;
}

/** Starts the stand-in and describes it; the App's key is printed when it was generated. */
export async function startStandIn(options: SandboxOptions): Promise<StandIn> {
  const sandbox = await startSandbox(options);
  const { host } = new URL(sandbox.url);
  const banner = [
    `modelgate sandbox listening on ${sandbox.url}`,
    `  REST API     ${sandbox.apiUrl}   (GITHUB_API_URL; for Probot: GHE_HOST=${host} GHE_PROTOCOL=http)`,
    `  git          ${sandbox.url}/<owner>/<repo>.git`,
    `  admin token  ${sandbox.adminToken}   (owner ${sandbox.defaultOwner}; POST /user/repos creates repositories)`,
    `  App id       ${sandbox.app.id}`,
  ];
  if (options.privateKey === undefined)
    banner.push('  App private key (generated):', sandbox.app.privateKey.trimEnd());
  return { banner, close: () => sandbox.close() };
}
