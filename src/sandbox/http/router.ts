import type { Route } from './route.ts';

/**
 * Matches request paths against OpenAPI path templates. Parameters that GitHub lets contain
 * slashes (`path` of contents, `ref` of git refs, `basehead`, release `tag`) match greedily;
 * every other parameter is one segment. More specific templates (more literal characters) are
 * tried first, so `/commits/{ref}/check-runs` wins over `/commits/{ref}`.
 */

const MULTI_SEGMENT = new Set(['path', 'ref', 'basehead', 'tag']);

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  literalLength: number;
}

/** Result of a lookup: the route and its decoded params, or why nothing matched. */
export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  let source = '';
  let literalLength = 0;
  for (const part of route.path.split(/(\{[^}]+\})/)) {
    const param = /^\{(.+)\}$/.exec(part);
    if (param?.[1]) {
      names.push(param[1]);
      source += MULTI_SEGMENT.has(param[1]) ? '(.+?)' : '([^/]+)';
    } else {
      literalLength += part.length;
      source += escapeRegExp(part);
    }
  }
  return { route, pattern: new RegExp(`^${source}/?$`), names, literalLength };
}

/** A set of routes, looked up by method and path. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    // Array.prototype.sort is stable: among equally specific templates, earlier routes win.
    this.compiled = routes.map(compile).sort((a, b) => b.literalLength - a.literalLength);
  }

  /** Every route, for documentation and the OpenAPI subset script. */
  get routes(): Route[] {
    return this.compiled.map((entry) => entry.route);
  }

  /** Finds the route for `method` and `path` (path without the API prefix, not decoded). */
  match(method: string, path: string, upload: boolean): Match {
    let pathMatched = false;
    for (const entry of this.compiled) {
      if (Boolean(entry.route.upload) !== upload) continue;
      const found = entry.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (entry.route.method !== method) continue;
      const params: Record<string, string> = {};
      entry.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { kind: 'found', route: entry.route, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}
