/**
 * A stateful stand-in for the GitHub REST endpoints the publishing steps use, on 127.0.0.1: git refs, blobs,
 * trees, commits (with the fast-forward check of a ref update), issue comments (with their authors), releases
 * and their assets. Blob SHAs are real git SHAs; tree and commit SHAs are unique but not git's.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The account a token acts as (`user` of what it writes). */
export interface Author {
  login: string;
  type: 'Bot' | 'User';
}

/** What a workflow's GITHUB_TOKEN acts as. */
export const ACTIONS_BOT: Author = { login: 'github-actions[bot]', type: 'Bot' };
/** The author of comments a test adds itself, unless it says otherwise. */
export const SOMEONE: Author = { login: 'someone', type: 'User' };

export interface TokenPermissions {
  contents: 'read' | 'write';
  pullRequests: 'read' | 'write';
  /** Who the token acts as; the Actions bot unless set. */
  user?: Author;
}

interface FileEntry {
  mode: string;
  sha: string;
}

/** A tree as a flat map of file paths (relative to the tree) to their entries. */
type FlatTree = Map<string, FileEntry>;

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface Comment {
  id: number;
  body: string;
  user: Author;
}

export interface Asset {
  id: number;
  name: string;
  label?: string;
  content: Buffer;
  contentType: string;
}

export interface Release {
  id: number;
  tag: string;
  draft: boolean;
  assets: Asset[];
}

export interface PullRequestFileEntry {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  token: string;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

export function gitBlobShaOf(content: Buffer): string {
  return sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
}

type Handler = (
  match: RegExpMatchArray,
  request: { query: URLSearchParams; body: Buffer; token: string; headers: http.IncomingHttpHeaders },
) => { status?: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer } | undefined;

export class GitHubApiStandIn {
  readonly owner: string;
  readonly repo: string;
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new Map<string, TokenPermissions>();
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, FlatTree>();
  readonly commits = new Map<string, CommitObject>();
  readonly branches = new Map<string, string>();
  readonly comments = new Map<number, Comment[]>();
  readonly releases: Release[] = [];
  /** pull request number → its files, as `GET /pulls/{n}/files` lists them (GitHub stops at 3000) */
  readonly pullFiles = new Map<number, PullRequestFileEntry[]>();
  /** When set, the pull-request file list is answered with this error. */
  pullFilesFailure: { status: number; message: string } | undefined;
  /** commit SHA → numbers of the pull requests that contain it */
  readonly pullsForCommit = new Map<string, number[]>();
  /** Numbers of the open pull requests (`GET /pulls?state=open`). */
  readonly openPulls = new Set<number>();
  /** Called once before a ref update is applied; lets a test land another commit in between. */
  beforeRefUpdate: ((branch: string) => void) | undefined;
  /** Makes recursive tree reads come back truncated, as GitHub does for very large trees. */
  truncateRecursiveTrees = false;
  /** The web origin of the pages it links (`html_url`): GitHub's own, unless a test serves another. */
  htmlOrigin = 'https://github.com';
  /** Where releases say their assets are uploaded (`upload_url`); this server's own /uploads unless set. */
  uploadOrigin: string | undefined;
  /** When set, every asset upload is answered with this error (the body is still read whole). */
  uploadFailure: { status: number; message: string } | undefined;
  /** Called with each request before it is answered; lets a test change the disk between two calls. */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  /** Answers a request in its own way (or never) when it returns true; see hostile-github.ts. */
  intercept: ((request: RecordedRequest, url: URL, res: http.ServerResponse) => boolean) | undefined;
  private nextId = 1000;
  private commitCounter = 0;
  private server: http.Server | undefined;
  private readonly routes: [string, RegExp, Handler][] = [];

  constructor(owner = 'octo', repo = 'docs') {
    this.owner = owner;
    this.repo = repo;
    this.defineRoutes();
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- state helpers for tests ----

  addBlob(content: Buffer): string {
    const sha = gitBlobShaOf(content);
    this.blobs.set(sha, content);
    return sha;
  }

  private registerTree(files: FlatTree): string {
    const lines = [...files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, e]) => `${e.mode} ${p} ${e.sha}`);
    const sha = sha1(`tree\n${lines.join('\n')}`);
    if (!this.trees.has(sha)) {
      this.trees.set(sha, files);
      for (const directory of this.directoriesOf(files)) this.registerTree(this.subtree(files, directory));
    }
    return sha;
  }

  private directoriesOf(files: FlatTree): Set<string> {
    const directories = new Set<string>();
    for (const path of files.keys()) {
      const slash = path.indexOf('/');
      if (slash > 0) directories.add(path.slice(0, slash));
    }
    return directories;
  }

  private subtree(files: FlatTree, directory: string): FlatTree {
    const sub: FlatTree = new Map();
    for (const [path, entry] of files) {
      if (path.startsWith(`${directory}/`)) sub.set(path.slice(directory.length + 1), entry);
    }
    return sub;
  }

  private createCommitObject(tree: string, parents: string[], message: string): CommitObject {
    const sha = sha1(JSON.stringify({ tree, parents, message, n: this.commitCounter++ }));
    const commit = { sha, tree, parents, message };
    this.commits.set(sha, commit);
    return commit;
  }

  /** Lands a commit on `branch` directly (as another pusher would), creating the branch when missing. */
  commitFiles(branch: string, files: Record<string, string | Buffer>, message: string): string {
    const parent = this.branches.get(branch);
    const base: FlatTree = new Map(parent ? this.treeOf(parent) : []);
    for (const [path, content] of Object.entries(files)) {
      base.set(path, { mode: '100644', sha: this.addBlob(Buffer.from(content)) });
    }
    const commit = this.createCommitObject(this.registerTree(base), parent ? [parent] : [], message);
    this.branches.set(branch, commit.sha);
    return commit.sha;
  }

  treeOf(commitSha: string): FlatTree {
    const commit = this.commits.get(commitSha);
    const tree = commit && this.trees.get(commit.tree);
    if (!tree) throw new Error(`no commit ${commitSha}`);
    return tree;
  }

  /** The content of every file at a commit. */
  filesAt(commitSha: string): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    for (const [path, entry] of this.treeOf(commitSha)) files.set(path, this.blobs.get(entry.sha) as Buffer);
    return files;
  }

  /** Commit messages from the branch head back to the root, first parents only. */
  history(branch: string): string[] {
    const messages: string[] = [];
    for (let sha = this.branches.get(branch); sha; sha = this.commits.get(sha)?.parents[0]) {
      messages.push(this.commits.get(sha)?.message ?? '');
    }
    return messages;
  }

  createRelease(tag: string, draft = false): Release {
    const release = { id: this.nextId++, tag, draft, assets: [] };
    this.releases.push(release);
    return release;
  }

  addAsset(release: Release, name: string, content: Buffer): Asset {
    const asset = { id: this.nextId++, name, content, contentType: 'application/octet-stream' };
    release.assets.push(asset);
    return asset;
  }

  addComment(issue: number, body: string, user: Author = SOMEONE): Comment {
    const comment = { id: this.nextId++, body, user };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  requestsMatching(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  // ---- HTTP ----

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      const token = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
      const method = req.method ?? 'GET';
      const recorded = { method, path: url.pathname, token };
      this.requests.push(recorded);
      if (this.intercept?.(recorded, url, res)) return;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}, raw?: Buffer) => {
        const payload = raw ?? (body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)));
        res.writeHead(status, {
          'content-type': raw ? 'application/octet-stream' : 'application/json',
          ...headers,
        });
        res.end(payload);
      };
      try {
        this.onRequest?.(recorded);
        for (const [routeMethod, pattern, handler] of this.routes) {
          if (routeMethod !== method) continue;
          const match = decodeURIComponent(url.pathname).match(pattern);
          if (!match) continue;
          // Downloads and files shown through github.com are fetched by a browser, without the API token.
          const browser =
            match[0].startsWith('/download/') || match[0].startsWith(`/${this.owner}/${this.repo}/blob/`);
          if (!browser && !this.tokens.has(token)) {
            throw new HttpError(401, 'Bad credentials');
          }
          const result = handler(match, {
            query: url.searchParams,
            body: Buffer.concat(chunks),
            token,
            headers: req.headers,
          });
          send(result?.status ?? 200, result?.body, result?.headers, result?.raw);
          return;
        }
        throw new HttpError(404, 'Not Found');
      } catch (error) {
        if (error instanceof HttpError) send(error.status, { message: error.message });
        else send(500, { message: String(error) });
      }
    });
  }

  private can(token: string, permission: keyof TokenPermissions): void {
    if (this.tokens.get(token)?.[permission] !== 'write') {
      throw new HttpError(403, 'Resource not accessible by integration');
    }
  }

  private userOf(token: string): Author {
    return this.tokens.get(token)?.user ?? ACTIONS_BOT;
  }

  private paginate<T>(items: T[], query: URLSearchParams, pathname: string) {
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
    const page = Number(query.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) {
      headers.link = `<${this.url}${pathname}?per_page=${perPage}&page=${page + 1}>; rel="next", <${this.url}${pathname}?per_page=${perPage}&page=${last}>; rel="last"`;
    }
    return { body: items.slice((page - 1) * perPage, page * perPage), headers };
  }

  private isAncestor(ancestor: string, of: string): boolean {
    const queue = [of];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  private treeListing(sha: string, recursive: boolean) {
    const files = this.trees.get(sha);
    if (!files) throw new HttpError(404, 'Not Found');
    if (recursive && this.truncateRecursiveTrees) return { sha, tree: [], truncated: true };
    const entries: { path: string; mode: string; type: string; sha: string }[] = [];
    if (recursive) {
      const directories = new Set<string>();
      for (const [path, entry] of files) {
        entries.push({ path, mode: entry.mode, type: 'blob', sha: entry.sha });
        for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1))
          directories.add(path.slice(0, i));
      }
      for (const directory of directories) {
        const sub = this.subtree(files, directory);
        entries.push({ path: directory, mode: '040000', type: 'tree', sha: this.registerTree(sub) });
      }
    } else {
      for (const [path, entry] of files) {
        if (!path.includes('/')) entries.push({ path, mode: entry.mode, type: 'blob', sha: entry.sha });
      }
      for (const directory of this.directoriesOf(files)) {
        entries.push({
          path: directory,
          mode: '040000',
          type: 'tree',
          sha: this.registerTree(this.subtree(files, directory)),
        });
      }
    }
    return { sha, tree: entries, truncated: false };
  }

  private releaseJson(release: Release) {
    const base = `${this.url}/repos/${this.owner}/${this.repo}`;
    return {
      id: release.id,
      tag_name: release.tag,
      draft: release.draft,
      html_url: `${this.htmlOrigin}/${this.owner}/${this.repo}/releases/tag/${release.tag}`,
      url: `${base}/releases/${release.id}`,
      upload_url: `${this.uploadOrigin ?? `${this.url}/uploads`}/repos/${this.owner}/${this.repo}/releases/${release.id}/assets{?name,label}`,
      assets: release.assets.map((asset) => this.assetJson(release, asset)),
    };
  }

  private assetJson(release: Release, asset: Asset) {
    return {
      id: asset.id,
      name: asset.name,
      size: asset.content.length,
      content_type: asset.contentType,
      state: 'uploaded',
      browser_download_url: `${this.url}/download/${release.tag}/${encodeURIComponent(asset.name)}`,
    };
  }

  private defineRoutes(): void {
    const repo = `/repos/${this.owner}/${this.repo}`;
    const route = (method: string, path: string, handler: Handler) => {
      this.routes.push([method, new RegExp(`^${path}$`), handler]);
    };
    const json = (body: Buffer) => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    const commitJson = (commit: CommitObject) => ({
      sha: commit.sha,
      message: commit.message,
      tree: { sha: commit.tree },
      parents: commit.parents.map((sha) => ({ sha })),
    });

    route('GET', `${repo}/git/ref/heads/(.+)`, (m) => {
      const branch = m[1] as string;
      const sha = this.branches.get(branch);
      if (!sha) throw new HttpError(404, 'Not Found');
      return { body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } };
    });
    route('POST', `${repo}/git/refs`, (_m, { body, token }) => {
      this.can(token, 'contents');
      const { ref, sha } = json(body) as { ref: string; sha: string };
      const branch = ref.replace(/^refs\/heads\//, '');
      if (this.branches.has(branch)) throw new HttpError(422, 'Reference already exists');
      if (!this.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
      this.branches.set(branch, sha);
      return { status: 201, body: { ref, object: { sha, type: 'commit' } } };
    });
    route('PATCH', `${repo}/git/refs/heads/(.+)`, (m, { body, token }) => {
      this.can(token, 'contents');
      const branch = m[1] as string;
      const { sha, force } = json(body) as { sha: string; force?: boolean };
      const hook = this.beforeRefUpdate;
      this.beforeRefUpdate = undefined;
      hook?.(branch);
      const current = this.branches.get(branch);
      if (!current) throw new HttpError(422, 'Reference does not exist');
      if (!this.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
      if (!force && !this.isAncestor(current, sha)) throw new HttpError(422, 'Update is not a fast forward');
      this.branches.set(branch, sha);
      return { body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } };
    });
    route('POST', `${repo}/git/blobs`, (_m, { body, token }) => {
      this.can(token, 'contents');
      const { content, encoding } = json(body) as { content: string; encoding: string };
      const sha = this.addBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      return { status: 201, body: { sha, url: `${this.url}${repo}/git/blobs/${sha}` } };
    });
    route('GET', `${repo}/git/trees/([0-9a-f]+)`, (m, { query }) => ({
      body: this.treeListing(m[1] as string, query.has('recursive')),
    }));
    route('POST', `${repo}/git/trees`, (_m, { body, token }) => {
      this.can(token, 'contents');
      const request = json(body) as {
        base_tree?: string;
        tree: { path: string; mode: string; type: string; sha: string | null }[];
      };
      const base = request.base_tree ? this.trees.get(request.base_tree) : new Map<string, FileEntry>();
      if (!base) throw new HttpError(422, 'base_tree does not exist');
      const files: FlatTree = new Map(base);
      for (const entry of request.tree) {
        if (entry.sha === null) files.delete(entry.path);
        else if (!this.blobs.has(entry.sha))
          throw new HttpError(422, `tree.sha ${entry.sha} is not a valid blob`);
        else files.set(entry.path, { mode: entry.mode, sha: entry.sha });
      }
      const sha = this.registerTree(files);
      return { status: 201, body: this.treeListing(sha, false) };
    });
    // What changed from the first commit to the second (both trees compared whole; no merge base needed here).
    route('GET', `${repo}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)`, (m) => {
      const [base, head] = [m[1] as string, m[2] as string];
      if (!this.commits.has(base) || !this.commits.has(head)) throw new HttpError(404, 'Not Found');
      const before = this.treeOf(base);
      const after = this.treeOf(head);
      const files: { filename: string; status: string }[] = [];
      for (const [path, entry] of after) {
        const earlier = before.get(path);
        if (!earlier) files.push({ filename: path, status: 'added' });
        else if (earlier.sha !== entry.sha) files.push({ filename: path, status: 'modified' });
      }
      for (const path of before.keys())
        if (!after.has(path)) files.push({ filename: path, status: 'removed' });
      return { body: { status: 'ahead', total_commits: 1, commits: [], files } };
    });
    route('GET', `${repo}/git/commits/([0-9a-f]+)`, (m) => {
      const commit = this.commits.get(m[1] as string);
      if (!commit) throw new HttpError(404, 'Not Found');
      return { body: commitJson(commit) };
    });
    route('POST', `${repo}/git/commits`, (_m, { body, token }) => {
      this.can(token, 'contents');
      const { tree, parents, message } = json(body) as { tree: string; parents: string[]; message: string };
      if (!this.trees.has(tree)) throw new HttpError(422, 'Tree does not exist');
      return { status: 201, body: commitJson(this.createCommitObject(tree, parents, message)) };
    });
    route('DELETE', `${repo}/git/refs/heads/(.+)`, (m, { token }) => {
      this.can(token, 'contents');
      if (!this.branches.delete(m[1] as string)) throw new HttpError(422, 'Reference does not exist');
      return { status: 204 };
    });
    route('GET', `${repo}/git/matching-refs/heads/(.*)`, (m) => ({
      body: [...this.branches]
        .filter(([branch]) => branch.startsWith(m[1] as string))
        .map(([branch, sha]) => ({ ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } })),
    }));
    route('GET', `${repo}/git/blobs/([0-9a-f]+)`, (m, { headers }) => {
      const content = this.blobs.get(m[1] as string);
      if (!content) throw new HttpError(404, 'Not Found');
      if (String(headers.accept ?? '').includes('raw')) return { raw: content };
      return {
        body: { sha: m[1], size: content.length, encoding: 'base64', content: content.toString('base64') },
      };
    });
    route('GET', `${repo}/contents/(.+)`, (m, { query }) => {
      const ref = query.get('ref') ?? 'main';
      const commit = this.commits.has(ref) ? ref : this.branches.get(ref);
      const entry = commit ? this.treeOf(commit).get(m[1] as string) : undefined;
      if (!entry) throw new HttpError(404, 'Not Found');
      const size = (this.blobs.get(entry.sha) as Buffer).length;
      return {
        body: { type: 'file', path: m[1], name: (m[1] as string).split('/').pop(), sha: entry.sha, size },
      };
    });
    route('GET', `${repo}/pulls`, (_m, { query }) => {
      const open = [...this.openPulls].map((number) => ({ number, state: 'open' }));
      return this.paginate(query.get('state') === 'open' ? open : [], query, `${repo}/pulls`);
    });
    route('GET', `/${this.owner}/${this.repo}/blob/([0-9a-f]+)/(.+)`, (m, { query }) => {
      const entry = this.commits.has(m[1] as string)
        ? this.treeOf(m[1] as string).get(m[2] as string)
        : undefined;
      if (!entry || query.get('raw') !== 'true') throw new HttpError(404, 'Not Found');
      return { raw: this.blobs.get(entry.sha) as Buffer };
    });
    route('GET', `${repo}/pulls/(\\d+)/files`, (m, { query }) => {
      if (this.pullFilesFailure)
        throw new HttpError(this.pullFilesFailure.status, this.pullFilesFailure.message);
      const number = Number(m[1]);
      const files = (this.pullFiles.get(number) ?? []).slice(0, 3000).map((file) => ({
        sha: sha1(file.filename),
        additions: 1,
        deletions: 0,
        changes: 1,
        ...file,
      }));
      return this.paginate(files, query, `${repo}/pulls/${number}/files`);
    });
    route('GET', `${repo}/commits/([0-9a-f]+)/pulls`, (m) => ({
      body: (this.pullsForCommit.get(m[1] as string) ?? []).map((number) => ({ number, state: 'open' })),
    }));

    const commentJson = (issue: number, comment: Comment) => ({
      id: comment.id,
      body: comment.body,
      user: { login: comment.user.login, type: comment.user.type },
      html_url: `${this.htmlOrigin}/${this.owner}/${this.repo}/pull/${issue}#issuecomment-${comment.id}`,
    });
    route('GET', `${repo}/issues/(\\d+)/comments`, (m, { query }) => {
      const issue = Number(m[1]);
      const list = (this.comments.get(issue) ?? []).map((c) => commentJson(issue, c));
      return this.paginate(list, query, `${repo}/issues/${issue}/comments`);
    });
    route('POST', `${repo}/issues/(\\d+)/comments`, (m, { body, token }) => {
      this.can(token, 'pullRequests');
      const issue = Number(m[1]);
      const comment = this.addComment(issue, String(json(body).body), this.userOf(token));
      return { status: 201, body: commentJson(issue, comment) };
    });
    route('PATCH', `${repo}/issues/comments/(\\d+)`, (m, { body, token }) => {
      this.can(token, 'pullRequests');
      for (const [issue, list] of this.comments) {
        const comment = list.find((c) => c.id === Number(m[1]));
        if (comment) {
          // Without admin rights on the repository (which a workflow token never has) only the author may edit.
          if (comment.user.login !== this.userOf(token).login) {
            throw new HttpError(403, 'Resource not accessible by integration');
          }
          comment.body = String(json(body).body);
          return { body: commentJson(issue, comment) };
        }
      }
      throw new HttpError(404, 'Not Found');
    });

    const releaseById = (id: string) => {
      const release = this.releases.find((r) => r.id === Number(id));
      if (!release) throw new HttpError(404, 'Not Found');
      return release;
    };
    route('GET', `${repo}/releases/tags/(.+)`, (m) => {
      const release = this.releases.find((r) => r.tag === (m[1] as string) && !r.draft);
      if (!release) throw new HttpError(404, 'Not Found');
      return { body: this.releaseJson(release) };
    });
    route('GET', `${repo}/releases/(\\d+)`, (m) => ({ body: this.releaseJson(releaseById(m[1] as string)) }));
    route('GET', `${repo}/releases/(\\d+)/assets`, (m, { query }) => {
      const release = releaseById(m[1] as string);
      const list = release.assets.map((asset) => this.assetJson(release, asset));
      return this.paginate(list, query, `${repo}/releases/${release.id}/assets`);
    });
    route('DELETE', `${repo}/releases/assets/(\\d+)`, (m, { token }) => {
      this.can(token, 'contents');
      for (const release of this.releases) {
        const index = release.assets.findIndex((a) => a.id === Number(m[1]));
        if (index >= 0) {
          release.assets.splice(index, 1);
          return { status: 204 };
        }
      }
      throw new HttpError(404, 'Not Found');
    });
    route('PATCH', `${repo}/releases/assets/(\\d+)`, (m, { body, token }) => {
      this.can(token, 'contents');
      const { name, label } = json(body) as { name?: string; label?: string };
      for (const release of this.releases) {
        const asset = release.assets.find((a) => a.id === Number(m[1]));
        if (!asset) continue;
        if (name !== undefined) {
          if (release.assets.some((a) => a !== asset && a.name.toLowerCase() === name.toLowerCase())) {
            throw new HttpError(422, 'Validation Failed: already_exists');
          }
          asset.name = name;
        }
        if (label !== undefined) asset.label = label;
        return { body: this.assetJson(release, asset) };
      }
      throw new HttpError(404, 'Not Found');
    });
    route('POST', `(?:/api)?/uploads${repo}/releases/(\\d+)/assets`, (m, { query, body, token, headers }) => {
      this.can(token, 'contents');
      if (this.uploadFailure) throw new HttpError(this.uploadFailure.status, this.uploadFailure.message);
      const release = releaseById(m[1] as string);
      const name = query.get('name') ?? '';
      if (!headers['content-length'] || Number(headers['content-length']) !== body.length) {
        throw new HttpError(400, 'Content-Length is required and must match the body');
      }
      if (release.assets.some((a) => a.name.toLowerCase() === name.toLowerCase()))
        throw new HttpError(422, 'Validation Failed: already_exists');
      const asset = this.addAsset(release, name, body);
      asset.contentType = String(headers['content-type'] ?? '');
      return { status: 201, body: this.assetJson(release, asset) };
    });
    route('GET', '/download/([^/]+)/(.+)', (m) => {
      const release = this.releases.find((r) => r.tag === (m[1] as string));
      const asset = release?.assets.find((a) => a.name === (m[2] as string));
      if (!asset) throw new HttpError(404, 'Not Found');
      return { raw: asset.content };
    });
  }
}

export async function startGitHubApi(owner?: string, repo?: string): Promise<GitHubApiStandIn> {
  return new GitHubApiStandIn(owner, repo).start();
}
