import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, takeScreenshots } from '../../scripts/docs-screenshots.ts';

/**
 * `modelgate demo` end to end, as a user runs it: the CLI as a child process (the real exit
 * code and output), then the report it wrote, opened in headless Chromium.
 */

const CLI = fileURLToPath(new URL('../../bin/modelgate.js', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

let dir: string;
let result: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-demo-test-'));
  // The demo's own temp dirs (sandbox, clone, runner workspaces) go here, to check cleanup.
  await mkdir(join(dir, 'tmp'));
  result = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'demo', '--report-dir', join(dir, 'demo-report')],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', TMPDIR: join(dir, 'tmp') },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('modelgate demo', () => {
  it('plays every step and exits 0', () => {
    // Runtime deprecation notices of newer Node versions may go to stderr; errors may not.
    expect(result.stderr, result.stdout).not.toMatch(/modelgate:|Error|✘/);
    expect(result.stdout).not.toContain('✘');
    expect(result.stdout).toMatch(/^modelgate demo passed: 11\/11 steps as told/m);
    expect(result.code).toBe(0);
  });

  it('names the baseline, the comment, both gate verdicts, the tag and the issue', () => {
    const out = result.stdout;
    expect(out).toMatch(/metrics recorded as history\/[0-9a-f]{7}….json on modelgate-history/);
    expect(out).toMatch(/one sticky comment by modelgate\[bot\], edited in place/);
    expect(out).toMatch(/issues\/1#issuecomment-\d+/);
    expect(out).toMatch(/gate passed: "modelgate \/ gate" is success/);
    expect(out).toMatch(
      /gate failed: "modelgate \/ gate" is failure — Gate failed: accuracy [\d.]+ is below the minimum 0\.85/,
    );
    expect(out).toMatch(/why: Accuracy: [\d.]+ is below the minimum 0\.85; Accuracy: dropped/);
    // PR 3: a drop the plain rule fails, passed by the paired test, and the reason in words.
    expect(out).toMatch(
      /gate passed: "modelgate \/ gate" is success — Gate passed: 3 of 3 rules hold\n.*\n\s+✓ without significance the rule would fail: Accuracy: dropped [\d.]+ from [\d.]+, more than max_drop 0\.02, but within noise \(p = [\d.]+\)/,
    );
    expect(out).toMatch(
      /the comment and the check say why: −[\d.]+ points, within noise: \d+ of \d+ rows changed, p = [\d.]+/,
    );
    expect(out).toMatch(/PR #3 passed as noise/);
    expect(out).toMatch(
      /the comment on #4 shows what the pull request did to the data: 420 → 428: \+20 added, −12 removed/,
    );
    expect(out).toMatch(
      /check's summary shows the same data section, with the warning that the test rows changed/,
    );
    expect(out).toMatch(
      /2×2 table: same model on the new rows [+−][\d.]+, new model on the same rows [+−][\d.]+/,
    );
    expect(out).toMatch(/tag model-v0\.1\.0 on the merge commit/);
    expect(out).toMatch(/releases\/tag\/model-v0\.1\.0/);
    expect(out).toMatch(/deployment \d+ of model-v0\.1\.0 to production: queued/);
    expect(out).toMatch(/to production: queued → in_progress → success, environment http/);
    expect(out).toMatch(/drift issue #(\d+) opened/);
    expect(out).toMatch(/drift issue #\d+ is closed/);
    expect(out).toMatch(/performance issue #\d+ opened: "Performance drop of model model-v0\.1\.0/);
    expect(out).toMatch(/performance issue #\d+ is closed/);
    // The summary line ends with the last parts the story verified, in the story's order.
    expect(out).toMatch(
      /drift issue #\d+ opened and closed, performance issue opened and closed \([\d.]+ s\)$/m,
    );
  });

  it('leaves nothing behind in the temp dir', async () => {
    expect(result.stdout).not.toContain('Kept:');
    // tsx keeps its compile cache in the temp dir too; that one is not the demo's.
    const left = (await readdir(join(dir, 'tmp'))).filter((name) => !name.startsWith('tsx-'));
    expect(left).toEqual([]);
  });

  it('writes a self-contained report', async () => {
    const html = await readFile(join(dir, 'demo-report', 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    // The intervals of every pull request's comment, drawn as error bars.
    expect(html.match(/<svg class="interval-bars"/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link |\ssrc=|@import|url\(/i);
    // No hidden markers or state blocks leak into the page.
    expect(html).not.toContain('<!-- modelgate');
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  `the report in headless Chromium (skipped when ${CHROMIUM} is absent; .ci/run installs it)`,
  () => {
    it('shows the verdicts, the tag, the issue states and the chart, loading nothing', async () => {
      const { chromium } = await import('playwright-core');
      const profile = await mkdtemp(join(tmpdir(), 'modelgate-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1200, height: 900 },
      });
      try {
        const page = await context.newPage();
        const requested: string[] = [];
        page.on('request', (request) => requested.push(request.url()));
        const url = pathToFileURL(join(dir, 'demo-report', 'index.html')).href;
        await page.goto(url);

        expect(await page.title()).toContain('modelgate demo');
        await expect
          .poll(() => page.locator('.overview h1').textContent())
          .toBe('Every step happened as told');
        const verdicts = await page.locator('.verdict').allTextContents();
        expect(verdicts).toEqual([
          'PR #1 gatepassed',
          'PR #2 gatefailed',
          'PR #3 gatepassed',
          'Releasemodel-v0.1.0',
          expect.stringMatching(/^Drift issue #\d+opened, then closed$/),
        ]);
        expect(await page.locator('#pr-1 .state').textContent()).toBe('Merged');
        expect(await page.locator('#pr-2 .state').textContent()).toBe('Open');
        expect(await page.locator('#pr-1 .check .conclusion').textContent()).toBe('success');
        expect(await page.locator('#pr-2 .check .conclusion').textContent()).toBe('failure');
        expect(await page.locator('#pr-2 .comment.bot').textContent()).toContain(
          'is below the minimum 0.85',
        );
        expect(await page.locator('#pr-3 .check .conclusion').textContent()).toBe('success');
        // Each pull request's intervals as error bars: base and PR for accuracy.
        const bars = page.locator('#pr-3 figure.intervals svg .error-bar');
        expect(await bars.count()).toBe(2);
        expect(await page.locator('#pr-3 .comment.bot').textContent()).toContain('within noise');
        expect(await page.locator('#release h2').textContent()).toContain('model-v0.1.0');
        const assets = await page.locator('#release .assets .mono').allTextContents();
        expect(assets).toEqual(
          expect.arrayContaining(['model.json', 'weights.bin', 'profile.json']),
        );
        const issue = page.locator('section[id^="issue-"]');
        expect(await issue.locator('.state').getAttribute('data-state')).toBe('closed');
        expect(await issue.locator('.comment').count()).toBeGreaterThanOrEqual(2);
        expect(await issue.textContent()).toContain('Data drift detected');

        // The trend chart of PR 1 is drawn: an SVG with two lines (PR and baseline) of two points.
        const chart = page.locator('#pr-1 .comment.bot figure.chart svg');
        expect(await chart.count()).toBe(1);
        expect(await chart.locator('polyline').count()).toBe(2);
        expect(await chart.locator('circle').count()).toBe(4);
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(300);

        // Markdown is rendered, not shown as source.
        expect(await page.locator('#pr-1 .comment.bot table').count()).toBeGreaterThan(0);
        expect(await page.locator('body').textContent()).not.toContain('```');

        expect(requested.filter((request) => !request.startsWith('file:'))).toEqual([]);
        // Kept where DEMO_SCREENSHOT says (to look at it); otherwise removed with `dir`.
        const shot = process.env['DEMO_SCREENSHOT'] ?? join(dir, 'report.png');
        await page.screenshot({ path: shot, fullPage: true });
        expect(existsSync(shot)).toBe(true);
      } finally {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      }
    }, 60_000);

    it('gives the docs their screenshots: each element at its own size, 900 pixels wide at most', async () => {
      const out = join(dir, 'images');
      const written = await takeScreenshots({
        reportPath: join(dir, 'demo-report', 'index.html'),
        outDir: out,
        chromium: CHROMIUM,
      });
      expect(written.map((path) => path.slice(out.length + 1))).toEqual(
        SHOTS.map((shot) => shot.file),
      );
      for (const path of written) {
        const png = await readFile(path);
        // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
        expect(width).toBeGreaterThan(400);
        expect(width).toBeLessThanOrEqual(900);
        expect(height).toBeGreaterThan(200);
      }
    }, 60_000);
  },
);
