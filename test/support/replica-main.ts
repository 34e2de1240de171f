import { startAppServer } from '../../src/app/server.ts';

// One App replica as its own process, for the replica tests and the App benchmark: the real
// server with the tests' millisecond-scale Octokit backoff (GitHub's 1 s write spacing would
// make a burst take minutes). Prints one JSON line with its URL and mode, stops on SIGTERM.
const env = process.env;
const server = await startAppServer({
  appId: Number(env['APP_ID']),
  privateKey: env['PRIVATE_KEY'] ?? '',
  secret: env['WEBHOOK_SECRET'] ?? '',
  baseUrl: env['BASE_URL'] ?? '',
  port: 0,
  host: '127.0.0.1',
  logLevel: 'fatal',
  octokit: { writeIntervalMs: 0, retryBaseMs: 5 },
  ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
  ...(env['MODELGATE_LEASE_MS'] ? { leaseMs: Number(env['MODELGATE_LEASE_MS']) } : {}),
});
process.stdout.write(`${JSON.stringify({ webhookUrl: server.webhookUrl, mode: server.mode })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
