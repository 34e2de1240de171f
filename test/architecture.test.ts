import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN.md §1, read from the import statements of every `src/**\/*.ts`:
 * no import circle, `core` pure, the sandbox only behind the demo, and the faces apart.
 */

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/**
 * Circles that their owners are removing on other branches (issue 13). The lead deletes a
 * line when its fix is merged; a new circle is never added here.
 */
const KNOWN_CIRCLES = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

// Static imports and re-exports (`import … from`, `export … from`, bare `import '…'`) and
// dynamic `import('…')`: a lazily loaded module is a dependency all the same.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g;

/** Each file's imports of other files in src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((match) =>
      relative(SRC, resolve(SRC, dirname(file), match[1] ?? '')),
    );
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node))
      found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** Every import `from → to` for which `broken(from, to)` holds, one line each. */
function offending(graph: Map<string, string[]>, broken: (from: string, to: string) => boolean) {
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => broken(from, to)).map((to) => `${from} → ${to}`),
  );
}

const within = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
const graph = importGraph();

describe('the import graph of src/', () => {
  it('reads the imports it checks (the parser is not blind)', () => {
    expect(graph.get('cli/main.ts')).toContain('cli/verdict-failure.ts');
    expect(graph.get('cli/commands/index.ts')).toContain('cli/commands/sandbox.ts');
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
  });

  it('has no import circle beyond the known ones being removed', () => {
    const unknown = circles(graph)
      .map((component) => component.join(' '))
      .filter((circle) => !KNOWN_CIRCLES.has(circle));
    expect(unknown).toEqual([]);
  });

  it('keeps src/core pure: it imports only src/core', () => {
    expect(offending(graph, (from, to) => within(from, 'core') && !within(to, 'core'))).toEqual([]);
  });

  it('reaches src/sandbox only from the demo: the product never imports it', () => {
    const allowed = (from: string): boolean => within(from, 'sandbox') || within(from, 'demo');
    expect(offending(graph, (from, to) => within(to, 'sandbox') && !allowed(from))).toEqual([]);
  });

  it('keeps the faces apart: the App and the Action do not import each other', () => {
    const faces = ['app', 'action'];
    const face = (path: string): string | undefined => faces.find((f) => within(path, f));
    expect(
      offending(graph, (from, to) => {
        const [a, b] = [face(from), face(to)];
        return a !== undefined && b !== undefined && a !== b;
      }),
    ).toEqual([]);
  });
});
