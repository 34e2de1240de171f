import * as core from '@actions/core';

/**
 * Appends markdown to the job summary (`GITHUB_STEP_SUMMARY`), where the report lives even
 * when nothing could be posted to the pull request. Outside a runner there is no summary
 * file; the markdown then goes to the log instead of failing the step.
 */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown);
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}
