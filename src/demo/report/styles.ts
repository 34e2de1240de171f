/**
 * The report's stylesheet, inlined so the page needs nothing but itself. Close to GitHub's
 * own look (Primer colours, system fonts) so a reviewer reads it like the real pages.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d0d7de; --canvas: #ffffff;
  --subtle: #f6f8fa; --green: #1a7f37; --red: #d1242f; --purple: #8250df; --blue: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--subtle); color: var(--fg); line-height: 1.5;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
a { color: var(--blue); text-decoration: none; } a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; font-size: 85%; }
.topbar { background: #24292f; color: #fff; padding: 14px 32px; display: flex; gap: 16px; align-items: baseline; }
.topbar .brand { font-weight: 700; font-size: 16px; }
.topbar .repo { color: #d0d7de; }
.topbar nav { margin-left: auto; display: flex; gap: 18px; }
.topbar nav a { color: #fff; font-weight: 600; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 24px 64px; }
.card { background: var(--canvas); border: 1px solid var(--border); border-radius: 6px; }
.overview { padding: 20px 24px; margin-bottom: 32px; }
.overview h1 { font-size: 22px; margin: 0 0 4px; }
.overview .lede { color: var(--muted); margin: 0 0 16px; }
.verdicts { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; margin: 0 0 20px; }
.verdict { border: 1px solid var(--border); border-radius: 6px; padding: 10px 14px; background: var(--subtle); }
.verdict .what { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.verdict .value { font-size: 16px; font-weight: 600; }
.verdict.pass { border-left: 4px solid var(--green); } .verdict.pass .value { color: var(--green); }
.verdict.fail { border-left: 4px solid var(--red); } .verdict.fail .value { color: var(--red); }
.verdict.neutral { border-left: 4px solid var(--purple); }
.steps { list-style: none; padding: 0; margin: 0; border-top: 1px solid var(--border); }
.steps > li { padding: 10px 0; border-bottom: 1px solid var(--border); }
.steps .step-title { font-weight: 600; }
.steps .seconds { color: var(--muted); font-weight: 400; }
.steps ul { margin: 4px 0 0; padding-left: 26px; color: var(--muted); list-style: none; }
.steps ul li::before { content: "✓ "; color: var(--green); }
.steps ul li.bad::before { content: "✗ "; color: var(--red); }
.mark { display: inline-block; width: 18px; font-weight: 700; }
.mark.ok { color: var(--green); } .mark.bad { color: var(--red); }
section.page { margin: 0 0 48px; }
.kind { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; margin-bottom: 2px; }
section.page > h2 { font-size: 26px; font-weight: 400; margin: 0 0 8px; }
section.page > h2 .num { color: var(--muted); font-weight: 300; }
.meta { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; color: var(--muted);
  padding-bottom: 16px; margin-bottom: 20px; border-bottom: 1px solid var(--border); }
.state { display: inline-flex; align-items: center; gap: 4px; border-radius: 2em; padding: 4px 12px;
  color: #fff; font-weight: 600; font-size: 14px; }
.state.open { background: var(--green); } .state.merged { background: var(--purple); }
.state.closed { background: var(--purple); } .state.closed-unmerged { background: var(--red); }
.label { border-radius: 2em; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid var(--border); background: #fff8c5; color: var(--fg); }
.branch { background: #ddf4ff; color: var(--blue); border-radius: 6px; padding: 1px 6px; font-family: ui-monospace, monospace; font-size: 12px; }
.timeline { display: flex; flex-direction: column; gap: 16px; }
.comment { background: var(--canvas); border: 1px solid var(--border); border-radius: 6px; overflow: hidden; }
.comment > header { background: var(--subtle); border-bottom: 1px solid var(--border); padding: 8px 16px; color: var(--muted); display: flex; gap: 6px; align-items: center; }
.comment > header strong { color: var(--fg); }
.comment.bot > header { background: #ddf4ff; border-bottom-color: #b6e3ff; }
.bot-badge { border: 1px solid var(--border); border-radius: 2em; padding: 0 6px; font-size: 11px; color: var(--muted); background: #fff; }
.edited { margin-left: auto; font-size: 12px; }
.avatar { width: 20px; height: 20px; border-radius: 50%; display: inline-flex; align-items: center; justify-content: center;
  color: #fff; font-size: 11px; font-weight: 700; background: var(--purple); }
.avatar.bot { background: #24292f; border-radius: 4px; }
.markdown-body { padding: 16px; overflow-x: auto; }
.markdown-body > :first-child { margin-top: 0; } .markdown-body > :last-child { margin-bottom: 0; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 { margin: 20px 0 10px; line-height: 1.25; }
.markdown-body h3 { font-size: 18px; } .markdown-body h4 { font-size: 15px; }
.markdown-body table { border-collapse: collapse; margin: 0 0 16px; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th, .markdown-body td { border: 1px solid var(--border); padding: 5px 12px; }
.markdown-body th { background: var(--subtle); font-weight: 600; }
.markdown-body tr:nth-child(2n) td { background: #f6f8fa80; }
.markdown-body code { background: #afb8c133; border-radius: 6px; padding: .2em .4em; }
.markdown-body pre { background: var(--subtle); border-radius: 6px; padding: 12px 16px; overflow: auto; }
.markdown-body pre code { background: none; padding: 0; }
.markdown-body details { margin: 0 0 12px; border: 1px solid var(--border); border-radius: 6px; padding: 6px 12px; }
.markdown-body details[open] > summary { margin-bottom: 8px; }
.markdown-body summary { cursor: pointer; font-weight: 600; }
.markdown-body p { margin: 0 0 12px; }
.dead-link { color: var(--blue); border-bottom: 1px dotted var(--blue); cursor: help; }
figure.chart { margin: 8px 0 16px; max-width: 640px; border: 1px solid var(--border); border-radius: 6px; overflow: hidden; }
figure.chart svg { display: block; width: 100%; height: auto; }
.check { margin-top: 16px; }
.check > header { display: flex; gap: 10px; align-items: center; padding: 12px 16px; }
.check .icon { font-size: 18px; font-weight: 700; }
.check.success .icon { color: var(--green); } .check.failure .icon { color: var(--red); }
.check .name { font-weight: 600; } .check .title { color: var(--muted); }
.check > details { border-top: 1px solid var(--border); }
.check > details > summary { padding: 8px 16px; cursor: pointer; color: var(--muted); }
.assets { width: 100%; border-collapse: collapse; }
.assets td { border-top: 1px solid var(--border); padding: 8px 16px; }
.assets td.size { text-align: right; color: var(--muted); }
.box-title { padding: 10px 16px; font-weight: 600; background: var(--subtle); border-bottom: 1px solid var(--border); }
.release-side { display: grid; grid-template-columns: 1fr; gap: 16px; margin-top: 16px; }
.em { display: inline-flex; width: 16px; height: 16px; border-radius: 4px; align-items: center; justify-content: center;
  color: #fff; font-size: 11px; font-weight: 700; vertical-align: middle; line-height: 1; position: relative; top: -1px; }
.em-pass { background: var(--green); } .em-fail { background: var(--red); } .em-warn { background: #bf8700; }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; vertical-align: -1px; }
.dot-green { background: var(--green); } .dot-red { background: var(--red); }
.deploy-state { border-radius: 2em; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid var(--border); }
.deploy-state.success { color: var(--green); border-color: var(--green); }
footer { color: var(--muted); text-align: center; font-size: 12px; padding: 24px; }
`;
