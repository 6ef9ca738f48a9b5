/**
 * Hostile behaviours of the GitHub REST stand-in, each switched on for one route: a listing that pages for ever,
 * and a request that is never answered. Only the matching route changes; the rest of the API behaves as usual.
 */
import type { GitHubApiStandIn } from './github-api.ts';

export interface HostileRoute {
  method: string;
  /** Matched against the request's path. */
  path: RegExp;
}

/** Every page of this listing is full (100 items from `item`) and links to a next page, for ever. */
export function pageForever(api: GitHubApiStandIn, route: HostileRoute, item: (n: number) => unknown): void {
  chain(api, (request, url, res) => {
    if (request.method !== route.method || !route.path.test(request.path)) return false;
    const page = Number(url.searchParams.get('page') ?? 1);
    const next = `${api.url}${url.pathname}?per_page=100&page=${page + 1}`;
    const items = Array.from({ length: 100 }, (_, i) => item((page - 1) * 100 + i));
    res.writeHead(200, { 'content-type': 'application/json', link: `<${next}>; rel="next"` });
    res.end(JSON.stringify(items));
    return true;
  });
}

/** The request is read and then never answered; the connection stays open until the client gives up. */
export function neverAnswer(api: GitHubApiStandIn, route: HostileRoute): void {
  chain(api, (request) => request.method === route.method && route.path.test(request.path));
}

function chain(api: GitHubApiStandIn, next: NonNullable<GitHubApiStandIn['intercept']>): void {
  const earlier = api.intercept;
  api.intercept = (request, url, res) => (earlier?.(request, url, res) ?? false) || next(request, url, res);
}
