/**
 * Regenerates the screenshots in docs/images/ from a fresh demo run: the sticky comment of a
 * passing and of a failing pull request, the release notes and the drift issue, as the demo
 * report draws them (GitHub's markdown, its sanitiser and its mermaid charts).
 *
 *   npm run docs:screenshots      needs Chromium (/usr/bin/chromium, or CHROMIUM=path)
 *
 * Chromium's own `--headless --screenshot` captures a fixed window, so a section would come
 * out cut off or padded with white; playwright-core drives the same binary and shoots each
 * element at its own size.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The Chromium that Debian's `chromium` package installs. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Width of the page: GitHub's issue and pull request column on a laptop screen. */
const WIDTH = 900;

/** One screenshot: the file in docs/images/ and the element of the demo report it shows. */
export interface Shot {
  readonly file: string;
  readonly selector: string;
}

/** What docs/images/ holds; README.md and docs/demo.md link these names. */
export const SHOTS: readonly Shot[] = [
  { file: 'pr-comment-passed.png', selector: '#pr-1 .timeline .comment.bot' },
  { file: 'pr-comment-failed.png', selector: '#pr-2 .timeline .comment.bot' },
  { file: 'release-notes.png', selector: '#release' },
  { file: 'drift-issue.png', selector: 'section[id^="issue-"]' },
];

/**
 * What a reader of the docs should not have to scroll past: the later comments (the
 * clean run that closed it repeats the table) and the report's own margins.
 */
const TRIM_CSS = `
  section[id^="issue-"] .timeline > .comment:not(:first-child) { display: none !important; }
  body { margin: 0 !important; }
`;

/** Shoots every SHOTS element of the demo report at `reportPath` into `outDir`; returns the paths. */
export async function takeScreenshots(options: {
  reportPath: string;
  outDir: string;
  chromium?: string;
}): Promise<string[]> {
  const { chromium } = await import('playwright-core');
  await mkdir(options.outDir, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'modelgate-screenshots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromium ?? DEFAULT_CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: WIDTH, height: 900 },
    deviceScaleFactor: 1,
  });
  try {
    const page = await context.newPage();
    // The report is one self-contained file: anything else it asked for would be a bug.
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(options.reportPath).href);
    await page.addStyleTag({ content: TRIM_CSS });
    const written: string[] = [];
    for (const shot of SHOTS) {
      const element = page.locator(shot.selector).first();
      if ((await element.count()) === 0)
        throw new Error(`The demo report has no ${shot.selector} for ${shot.file}.`);
      const path = join(options.outDir, shot.file);
      await element.screenshot({ path, animations: 'disabled' });
      written.push(path);
    }
    return written;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = await mkdtemp(join(tmpdir(), 'modelgate-docs-demo-'));
  try {
    const reportDir = join(work, 'report');
    process.stdout.write('Running the demo…\n');
    await exec(
      process.execPath,
      [join(root, 'bin', 'modelgate.js'), 'demo', '--report-dir', reportDir],
      {
        cwd: work,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const written = await takeScreenshots({
      reportPath: join(reportDir, 'index.html'),
      outDir: join(root, 'docs', 'images'),
      ...(process.env.CHROMIUM ? { chromium: process.env.CHROMIUM } : {}),
    });
    for (const path of written) process.stdout.write(`wrote ${path}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
