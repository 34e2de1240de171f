import { run } from './run.ts';

// The entrypoint only starts the Action; `run()` catches everything and reports it through
// `core.setFailed`, so the returned promise never rejects.
void run();
