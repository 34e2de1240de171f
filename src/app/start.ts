import { readAppEnv, type Environment } from './env.ts';
import { startAppServer, type AppServer } from './server.ts';

/**
 * Starts the App from Probot's standard variables (see `readAppEnv`), the way `probot run`
 * would, and says where it listens. The one place the entrypoint and `modelgate app` share.
 */
export async function startAppFromEnv(
  env: Environment,
  cwd: string = process.cwd(),
): Promise<AppServer> {
  const config = readAppEnv(env, cwd);
  return startAppServer({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.secret,
    baseUrl: config.baseUrl,
    port: config.port,
    ...(config.host === undefined ? {} : { host: config.host }),
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    webhookPath: config.webhookPath,
    ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }),
    ...(config.leaseMs === undefined ? {} : { leaseMs: config.leaseMs }),
  });
}

/** Resolves with the signal once SIGINT or SIGTERM arrives. */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
