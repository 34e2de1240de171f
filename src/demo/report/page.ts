import { CHECK_RUN_NAME } from '../../core/constants.ts';
import type { CheckRun, Comment } from '../github-api.ts';
import { stepPassed, type StepOutcome } from '../printer.ts';
import type { IssuePage, PullPage, ReportData } from './collect.ts';
import { intervalFigure } from './interval-bars.ts';
import { createMarkdown, escapeHtml, type LinkResolver } from './markdown.ts';
import { REPORT_CSS } from './styles.ts';

/**
 * The report page: the demo's steps, then each pull request, the release and the drift issue
 * laid out as GitHub shows them to a reviewer. One self-contained HTML file (styles inline,
 * charts as inline SVG, no script, nothing fetched).
 */

/** Links into the sandbox become anchors of this page where the page shows their target. */
function linkResolver(data: ReportData): LinkResolver {
  const base = `${data.baseUrl}/${data.repository}/`;
  const pulls = new Set(data.pulls.map((page) => page.pull.number));
  return (href) => {
    if (/^https:\/\//i.test(href)) return { href, external: true };
    if (href.startsWith('#')) return { href, external: false };
    if (!href.startsWith(base)) return null;
    const rest = href.slice(base.length);
    const comment = /#issuecomment-(\d+)$/.exec(rest);
    if (comment) return { href: `#comment-${comment[1]}`, external: false };
    const numbered = /^(?:pull|issues)\/(\d+)/.exec(rest);
    if (numbered) {
      const number = Number(numbered[1]);
      if (pulls.has(number)) return { href: `#pr-${number}`, external: false };
      if (data.issue?.issue.number === number) return { href: `#issue-${number}`, external: false };
    }
    if (/^releases\/tag\//.test(rest) && data.release) return { href: '#release', external: false };
    const check = /^runs\/(\d+)/.exec(rest);
    if (check) return { href: `#check-${check[1]}`, external: false };
    return null;
  };
}

function initials(login: string): string {
  return escapeHtml(
    login
      .replace(/\[bot\]$/, '')
      .slice(0, 1)
      .toUpperCase(),
  );
}

function commentCard(
  render: (markdown: string) => string,
  author: string,
  verb: string,
  body: string,
  options: { id?: string; edited?: boolean } = {},
): string {
  const bot = author.endsWith('[bot]');
  const name = bot ? author.slice(0, -'[bot]'.length) : author;
  return `<article class="comment${bot ? ' bot' : ''}"${options.id ? ` id="${options.id}"` : ''}>
<header><span class="avatar${bot ? ' bot' : ''}">${initials(author)}</span><strong>${escapeHtml(name)}</strong>${bot ? '<span class="bot-badge">bot</span>' : ''} ${escapeHtml(verb)}${options.edited ? '<span class="edited">edited</span>' : ''}</header>
<div class="markdown-body">${body.trim() === '' ? '<p><em>No description provided.</em></p>' : render(body)}</div>
</article>`;
}

function checkCard(render: (markdown: string) => string, check: CheckRun | null): string {
  if (check === null) {
    return `<div class="card check"><header><span class="icon">•</span><span class="name">${escapeHtml(CHECK_RUN_NAME)}</span><span class="title">no check run</span></header></div>`;
  }
  const conclusion = check.conclusion ?? check.status;
  const icon = conclusion === 'success' ? '✓' : conclusion === 'failure' ? '✗' : '•';
  return `<div class="card check ${escapeHtml(conclusion)}" id="check-${check.id}">
<header><span class="icon">${icon}</span><span class="name">${escapeHtml(check.name)}</span><span class="conclusion">${escapeHtml(conclusion)}</span><span class="title">— ${escapeHtml(check.output.title ?? '')}</span></header>
<details><summary>Check run summary</summary><div class="markdown-body">${render(check.output.summary ?? '')}</div></details>
</div>`;
}

function isEdited(comment: Comment): boolean {
  return comment.updated_at !== comment.created_at;
}

function pullSection(render: (markdown: string) => string, page: PullPage): string {
  const { pull } = page;
  const merged = pull.merged === true;
  const state = merged ? 'merged' : pull.state === 'open' ? 'open' : 'closed-unmerged';
  const stateText = merged ? 'Merged' : pull.state === 'open' ? 'Open' : 'Closed';
  const author = pull.user?.login ?? 'ghost';
  const action = merged ? 'merged commits into' : 'wants to merge into';
  const comments = page.comments
    .map((comment) =>
      commentCard(render, comment.user?.login ?? 'ghost', 'commented', comment.body ?? '', {
        id: `comment-${comment.id}`,
        edited: isEdited(comment),
      }),
    )
    .join('\n');
  return `<section class="page" id="pr-${pull.number}">
<div class="kind">Pull request</div>
<h2>${escapeHtml(pull.title)} <span class="num">#${pull.number}</span></h2>
<div class="meta"><span class="state ${state}">${stateText}</span><span><strong>${escapeHtml(author)}</strong> ${action} <span class="branch">${escapeHtml(pull.base.ref)}</span> from <span class="branch">${escapeHtml(pull.head.ref)}</span></span></div>
<div class="timeline">
${commentCard(render, author, 'opened this pull request', pull.body ?? '')}
${comments}
</div>
${intervalFigure(page.comments.map((comment) => comment.body ?? ''))}
${checkCard(render, page.check)}
</section>`;
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function releaseSection(
  render: (markdown: string) => string,
  data: NonNullable<ReportData['release']>,
): string {
  const { release, deployments } = data;
  const assets = release.assets
    .map(
      (asset) =>
        `<tr><td class="mono">${escapeHtml(asset.name)}</td><td class="size">${formatBytes(asset.size)}</td></tr>`,
    )
    .join('');
  const deploys = deployments
    .map(
      ({ deployment, state }) =>
        `<tr><td>Deployed to <strong>${escapeHtml(deployment.environment)}</strong> <span class="deploy-state ${escapeHtml(state)}">${escapeHtml(state)}</span></td><td class="size mono">${escapeHtml(deployment.sha.slice(0, 7))}</td></tr>`,
    )
    .join('');
  return `<section class="page" id="release">
<div class="kind">Release</div>
<h2>${escapeHtml(release.name ?? release.tag_name)}${release.name !== null && release.name !== release.tag_name ? ` <span class="num">${escapeHtml(release.tag_name)}</span>` : ''}</h2>
<div class="meta"><span class="state open">Latest</span><span>tag <span class="branch">${escapeHtml(release.tag_name)}</span> on <span class="mono">${escapeHtml(release.target_commitish.slice(0, 7))}</span></span></div>
<div class="comment"><div class="markdown-body">${render(release.body ?? '')}</div></div>
<div class="release-side">
<div class="card"><div class="box-title">Assets (${release.assets.length})</div><table class="assets">${assets}</table></div>
<div class="card"><div class="box-title">Deployments</div><table class="assets">${deploys || '<tr><td>No deployment</td></tr>'}</table></div>
</div>
</section>`;
}

function issueSection(render: (markdown: string) => string, page: IssuePage): string {
  const { issue } = page;
  const labels = issue.labels
    .map((label) => `<span class="label">${escapeHtml(label.name)}</span>`)
    .join(' ');
  const comments = page.comments
    .map((comment) =>
      commentCard(render, comment.user?.login ?? 'ghost', 'commented', comment.body ?? '', {
        id: `comment-${comment.id}`,
      }),
    )
    .join('\n');
  const closed = issue.state === 'closed';
  return `<section class="page" id="issue-${issue.number}">
<div class="kind">Issue</div>
<h2>${escapeHtml(issue.title)} <span class="num">#${issue.number}</span></h2>
<div class="meta"><span class="state ${closed ? 'closed' : 'open'}" data-state="${escapeHtml(issue.state)}">${closed ? 'Closed' : 'Open'}</span><span><strong>${escapeHtml(issue.user?.login ?? 'ghost')}</strong> opened this issue · ${issue.comments} comment${issue.comments === 1 ? '' : 's'}</span>${labels}</div>
<div class="timeline">
${commentCard(render, issue.user?.login ?? 'ghost', 'opened this issue', issue.body ?? '')}
${comments}
</div>
</section>`;
}

type Tone = 'pass' | 'fail' | 'neutral';

function verdicts(data: ReportData): string {
  const items: [string, string, Tone][] = [];
  for (const page of data.pulls) {
    const conclusion = page.check?.conclusion ?? 'no check';
    items.push([
      `PR #${page.pull.number} gate`,
      conclusion === 'success' ? 'passed' : conclusion === 'failure' ? 'failed' : conclusion,
      conclusion === 'success' ? 'pass' : conclusion === 'failure' ? 'fail' : 'neutral',
    ]);
  }
  if (data.release) items.push(['Release', data.release.release.tag_name, 'neutral']);
  if (data.issue) {
    const closed = data.issue.issue.state === 'closed';
    items.push([
      `Drift issue #${data.issue.issue.number}`,
      closed ? 'opened, then closed' : 'open',
      closed ? 'pass' : 'fail',
    ]);
  }
  return `<div class="verdicts">${items
    .map(
      ([what, value, tone]) =>
        `<div class="verdict ${tone}"><div class="what">${escapeHtml(what)}</div><div class="value">${escapeHtml(value)}</div></div>`,
    )
    .join('')}</div>`;
}

function stepsList(steps: readonly StepOutcome[], resolve: LinkResolver): string {
  return `<ol class="steps">${steps
    .map((step, index) => {
      const ok = stepPassed(step);
      const facts = step.facts
        .map((fact) => {
          // Facts whose page is shown below link to it; the stand-in's own URLs are gone.
          const target = fact.url === undefined ? null : resolve(fact.url);
          const text = escapeHtml(fact.text);
          const body =
            target !== null && !target.external
              ? `<a href="${escapeHtml(target.href)}">${text}</a>`
              : text;
          return `<li${fact.ok ? '' : ' class="bad"'}>${body}</li>`;
        })
        .join('');
      return `<li><span class="mark ${ok ? 'ok' : 'bad'}">${ok ? '✓' : '✗'}</span><span class="step-title">${index + 1}. ${escapeHtml(step.title)}</span> <span class="seconds">${step.seconds.toFixed(1)} s</span><ul>${facts}</ul></li>`;
    })
    .join('')}</ol>`;
}

/** Renders the whole report page. */
export function renderReportPage(
  data: ReportData,
  steps: readonly StepOutcome[],
  when: Date,
): string {
  const resolve = linkResolver(data);
  const render = createMarkdown(resolve);
  const ok = steps.length > 0 && steps.every(stepPassed);
  const nav = [
    ...data.pulls.map((page) => `<a href="#pr-${page.pull.number}">PR #${page.pull.number}</a>`),
    data.release ? '<a href="#release">Release</a>' : '',
    data.issue
      ? `<a href="#issue-${data.issue.issue.number}">Issue #${data.issue.issue.number}</a>`
      : '',
  ].join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>modelgate demo — ${escapeHtml(data.repository)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div class="topbar"><span class="brand">modelgate demo</span><span class="repo">${escapeHtml(data.repository)}</span><nav>${nav}</nav></div>
<main>
<section class="card overview" id="overview">
<h1>${ok ? 'Every step happened as told' : 'Some steps did not happen as told'}</h1>
<p class="lede">The pull requests, the release and the drift issue below are read back from the GitHub API of the offline stand-in after the story ran: what a reviewer would see on GitHub.</p>
${verdicts(data)}
${stepsList(steps, resolve)}
</section>
${data.pulls.map((page) => pullSection(render, page)).join('\n')}
${data.release ? releaseSection(render, data.release) : ''}
${data.issue ? issueSection(render, data.issue) : ''}
</main>
<footer>Written by <code>modelgate demo</code> on ${escapeHtml(when.toISOString().replace('T', ' ').slice(0, 16))} UTC.</footer>
</body>
</html>
`;
}
