import { describe, expect, it } from 'vitest';
import {
  createMarkdown,
  drawStatusEmoji,
  sanitizeHtml,
  type LinkResolver,
} from '../../src/demo/report/markdown.ts';

const SANDBOX = 'http://127.0.0.1:4000/octo-org/model/';
const resolve: LinkResolver = (href) => {
  if (href.startsWith('https://')) return { href, external: true };
  if (href === `${SANDBOX}pull/1`) return { href: '#pr-1', external: false };
  return null;
};
const render = createMarkdown(resolve);

describe('sanitizeHtml', () => {
  it('keeps allowed tags without their attributes and escapes everything else', () => {
    expect(sanitizeHtml('<details open class="x"><summary onclick="y">S</summary>')).toBe(
      '<details open><summary>S</summary>',
    );
    expect(sanitizeHtml('a_<wbr>b')).toBe('a_<wbr>b');
    expect(sanitizeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sanitizeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).toBe(
      '&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;',
    );
  });

  it('drops comments and escapes stray angle brackets', () => {
    expect(sanitizeHtml('a<!-- modelgate:state abc -->b')).toBe('ab');
    expect(sanitizeHtml('<code>1 < 2</code> <!-- open')).toBe('<code>1 &lt; 2</code> &lt;!-- open');
  });
});

describe('createMarkdown', () => {
  it('renders GitHub tables with <br> in cells and collapsible sections', () => {
    const html = render(
      '| a | b |\n| :-- | --: |\n| x<br>y | <code>z</code> |\n\n<details><summary>More</summary>\n\n**bold**\n\n</details>',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('x<br>y');
    expect(html).toContain('<code>z</code>');
    expect(html).toContain('<details><summary>More</summary>');
    expect(html).toContain('<strong>bold</strong>');
  });

  it('points sandbox links at the report, keeps https links, and loads no images', () => {
    const html = render(
      `[PR](${SANDBOX}pull/1) [run](${SANDBOX}actions/runs/9) [docs](https://docs.github.com) [x](javascript:alert(1)) ![chart](https://example.com/c.png)`,
    );
    expect(html).toContain('<a href="#pr-1">PR</a>');
    expect(html).toContain(`<span class="dead-link" title="${SANDBOX}actions/runs/9">run</span>`);
    expect(html).toContain('<a href="https://docs.github.com" rel="noopener noreferrer">docs</a>');
    expect(html).toContain('<span class="dead-link">x</span>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toMatch(/<img|src=/);
    expect(html).toContain('<span class="image-alt">chart</span>');
  });

  it('draws a mermaid xychart as SVG and shows other mermaid blocks as code', () => {
    const chart = render(
      '```mermaid\nxychart-beta\n    title "Accuracy"\n    x-axis ["a1b2c3d", "e4f5a6b"]\n    y-axis "Accuracy" 0.8 --> 1\n    line [0.9, 0.95]\n```',
    );
    expect(chart).toContain('<figure class="chart"><svg');
    expect(chart).toContain('<polyline');
    const flow = render('```mermaid\ngraph TD; A-->B\n```');
    expect(flow).toContain('<pre><code class="language-mermaid">graph TD; A--&gt;B');
  });

  it('escapes text, so a hostile pull request title stays text', () => {
    expect(render('Model from #1: <img src=x onerror=alert(1)>')).not.toContain('<img');
  });
});

describe('drawStatusEmoji', () => {
  it('replaces status emoji in text but never inside attributes', () => {
    expect(drawStatusEmoji('<p>✅ pass</p>')).toBe(
      '<p><span class="em em-pass" role="img" aria-label="pass">✓</span> pass</p>',
    );
    expect(drawStatusEmoji('<span title="✅">x</span>')).toBe('<span title="✅">x</span>');
    expect(drawStatusEmoji('<td>🔴 a ⚠️ b</td>')).toContain('dot-red');
    expect(drawStatusEmoji('<td>🔴 a ⚠️ b</td>')).toContain('em-warn');
  });
});
