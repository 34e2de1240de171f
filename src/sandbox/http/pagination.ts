import { validationFailed } from './errors.ts';

/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1),
 * with a `Link` header carrying `prev`, `next`, `first` and `last` URLs that keep every other
 * query parameter — what `octokit.paginate` follows.
 */

/** The page of `items` the query asks for, and the headers to send with it. */
export function paginate<T>(
  items: readonly T[],
  requestUrl: URL,
  options: { defaultPerPage?: number } = {},
): { page: T[]; headers: Record<string, string> } {
  const perPage = readPositive(requestUrl, 'per_page', options.defaultPerPage ?? 30, 100);
  const page = readPositive(requestUrl, 'page', 1, Number.MAX_SAFE_INTEGER);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function readPositive(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw validationFailed({ resource: 'Search', field: name, code: 'invalid' });
  }
  return Math.min(value, max);
}
