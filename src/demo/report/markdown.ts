import { Marked, type Tokens } from 'marked';
import { parseXyChart, renderXyChartSvg } from './xychart-svg.ts';

/**
 * GitHub-flavoured markdown to HTML for the report, with what GitHub does around it: raw HTML
 * is limited to a small set of tags without attributes (GitHub sanitizes the same way, and
 * the bodies hold text from pull requests), HTML comments disappear, mermaid xycharts are
 * drawn as inline SVG, images show their alt text (nothing is loaded), and links into the
 * sandbox point at the matching section of the report.
 */

/** Tags kept from raw HTML in markdown (attributes dropped, except `open` on details). */
const ALLOWED_TAGS = new Set([
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'ins',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'ul',
  'var',
  // Where a long column name may wrap (the drift table); GitHub keeps it too.
  'wbr',
]);

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Keeps allowed tags (rebuilt without attributes), drops comments, and escapes every other
 * `<` and `>`, so no attribute, script or style of the input survives.
 */
export function sanitizeHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(\/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>|[<>]/g, (match, slash, name, attributes) => {
      if (typeof name !== 'string') return match === '<' ? '&lt;' : '&gt;';
      const tag = name.toLowerCase();
      if (!ALLOWED_TAGS.has(tag)) return escapeHtml(match);
      if (slash === '/') return `</${tag}>`;
      const open = tag === 'details' && /(^|\s)open(\s|=|$)/.test(String(attributes));
      return `<${tag}${open ? ' open' : ''}>`;
    });
}

/** Where links go: an anchor of the report, an outside page, or nowhere (a dead sandbox URL). */
export type LinkResolver = (href: string) => { href: string; external: boolean } | null;

/**
 * The status emoji modelgate writes, drawn with CSS shapes instead: the page then looks the
 * same on a machine without a colour-emoji font (a headless browser on a server usually has
 * none, and shows empty boxes).
 */
const STATUS_EMOJI: ReadonlyArray<[RegExp, string]> = [
  [/\u2705/g, '<span class="em em-pass" role="img" aria-label="pass">✓</span>'],
  [/\u274C/g, '<span class="em em-fail" role="img" aria-label="fail">✗</span>'],
  [/\u{1F7E2}/gu, '<span class="dot dot-green" role="img" aria-label="green"></span>'],
  [/\u{1F534}/gu, '<span class="dot dot-red" role="img" aria-label="red"></span>'],
  [/\u26A0\uFE0F?/g, '<span class="em em-warn" role="img" aria-label="warning">!</span>'],
];

/** Replaces status emoji in text between tags (attribute values are left alone). */
export function drawStatusEmoji(html: string): string {
  return html.replace(/>([^<]+)</g, (match: string, text: string) => {
    let drawn = text;
    for (const [pattern, replacement] of STATUS_EMOJI) drawn = drawn.replace(pattern, replacement);
    return drawn === text ? match : `>${drawn}<`;
  });
}

/** A markdown renderer for one report. */
export function createMarkdown(resolveLink: LinkResolver): (markdown: string) => string {
  const marked = new Marked({ gfm: true, breaks: false });
  marked.use({
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return sanitizeHtml(text);
      },
      code({ text, lang }: Tokens.Code): string {
        if ((lang ?? '').trim() === 'mermaid') {
          const chart = parseXyChart(text);
          if (chart !== null) return `<figure class="chart">${renderXyChartSvg(chart)}</figure>\n`;
        }
        const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
        const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
        return `<pre><code${cls}>${escapeHtml(text)}</code></pre>\n`;
      },
      link({ href, title, tokens }: Tokens.Link): string {
        const inner = this.parser.parseInline(tokens);
        const target = resolveLink(href);
        if (target === null) {
          // A page of the stand-in that is gone once the demo ends: say where it was.
          const where = /^https?:\/\//i.test(href) ? ` title="${escapeHtml(href)}"` : '';
          return `<span class="dead-link"${where}>${inner}</span>`;
        }
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
        const rel = target.external ? ' rel="noopener noreferrer"' : '';
        return `<a href="${escapeHtml(target.href)}"${titleAttribute}${rel}>${inner}</a>`;
      },
      image({ text }: Tokens.Image): string {
        return `<span class="image-alt">${escapeHtml(text)}</span>`;
      },
    },
  });
  return (markdown) => {
    const html = marked.parse(markdown, { async: false });
    return drawStatusEmoji(typeof html === 'string' ? html : '');
  };
}
