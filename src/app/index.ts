import { startAppFromEnv, waitForShutdown } from './start.ts';

// Entrypoint: `node --import tsx src/app/index.ts` with Probot's variables in the environment.
const server = await startAppFromEnv(process.env);
process.stdout.write(
  `modelgate App listening; webhooks at ${server.webhookUrl}\nmode: ${server.mode}\n`,
);
await waitForShutdown();
await server.close();
