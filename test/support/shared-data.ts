import { existsSync } from 'node:fs';

/**
 * A file of the reference data shared by every checkout of this project: scikit-learn and
 * SciPy golden values (`refdata/public/*.json`) and datasets. Development machines and the
 * project's CI have it at `../shared/` beside the checkout, and that copy wins, so a newer or
 * larger golden set is what the tests check. GitHub's runners have only the checkout, so the
 * files the tests read are also committed under `test/fixtures/shared/`.
 */
export function sharedFile(path: string): URL {
  const beside = new URL(`../../../shared/${path}`, import.meta.url);
  return existsSync(beside) ? beside : new URL(`../fixtures/shared/${path}`, import.meta.url);
}
