export const id = 869;
export const ids = [869,636];
export const modules = {

/***/ 70636:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* unused harmony export GITHUB_REQUEST_TIMEOUT_MS */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61351);
/** The Octokit client the commit, release and comment steps share. */

/** Largest answer read from the API (a recursive tree listing of a big repository is a few MiB). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** One GitHub API request (its answer included) gives up after this long. */
const GITHUB_REQUEST_TIMEOUT_MS = 60_000;
/**
 * undefined without a token. The API base comes from the environment read for this run (GITHUB_API_URL). Every
 * request ends at publishing's deadline (`signal`) or after GITHUB_REQUEST_TIMEOUT_MS, whichever comes first.
 */
function createGitHubClient(token, env, signal = new AbortController().signal) {
    if (!token)
        return undefined;
    // Every request goes through this fetch, so the bound holds for paginated listings too; the timer covers the
    // answer's body, which Octokit reads within the same fetch call's signal.
    const boundedFetch = async (input, init) => {
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(new Error(`the GitHub API did not answer within ${GITHUB_REQUEST_TIMEOUT_MS / 1000} s`)), GITHUB_REQUEST_TIMEOUT_MS);
        try {
            const response = await fetch(input, { ...init, signal: AbortSignal.any([signal, timeout.signal]) });
            // Octokit reads the body after this returns: read it here, still under the timer, and bounded.
            const body = await readBounded(response);
            const head = { status: response.status, statusText: response.statusText, headers: response.headers };
            return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, head);
        }
        finally {
            clearTimeout(timer);
        }
    };
    const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token, { baseUrl: env.apiUrl, request: { fetch: boundedFetch } });
    return octokit;
}
async function readBounded(response) {
    const chunks = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
            // Leaving the loop cancels the body.
            throw new Error(`the GitHub API sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}


/***/ }),

/***/ 89111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ gitBlobSha)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/** The SHA-1 git gives a file's content as a blob, computed locally so unchanged files are never uploaded. */


/** `sha1("blob <size>\0" + content)`, streamed: the file is never held in memory whole. */
async function gitBlobSha(file, sizeBytes) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1');
    hash.update(`blob ${sizeBytes}\0`);
    let read = 0;
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file)) {
        read += chunk.length;
        hash.update(chunk);
    }
    if (read !== sizeBytes)
        throw new Error(`${file} changed while it was being read`);
    return hash.digest('hex');
}


/***/ }),

/***/ 40516:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T6: () => (/* binding */ createBlobs),
/* harmony export */   a4: () => (/* binding */ readOrCreateBranch),
/* harmony export */   aQ: () => (/* binding */ asWrite),
/* harmony export */   dB: () => (/* binding */ WriteDeniedError),
/* harmony export */   ws: () => (/* binding */ entriesAt),
/* harmony export */   zO: () => (/* binding */ readBranchHead)
/* harmony export */ });
/* unused harmony exports base64Encoder, blobJsonLength */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33838);
/* harmony import */ var _common_in_parallel_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(98132);
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16991);
/* harmony import */ var _http_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38291);
/* harmony import */ var _stream_upload_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(53541);
/** The Git Data API calls the commit is made of: branch heads, tree lookups and blobs. */







/**
 * Files at least this large are sent one at a time, streamed: through Octokit a blob goes base64-encoded in a
 * JSON string, so it would be held in memory (about 2.7 times its size) while being sent.
 */
const LARGE_BLOB_BYTES = 8 * 1024 * 1024;
const BLOB_JSON_HEAD = '{"encoding":"base64","content":"';
const BLOB_JSON_TAIL = '"}';
const PARALLEL_SMALL_BLOBS = 4;
/** A write the token was not allowed to make. */
class WriteDeniedError extends Error {
}
async function asWrite(write) {
    try {
        return await write();
    }
    catch (error) {
        if ((0,_http_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isPermissionDenied */ .T1)(error))
            throw new WriteDeniedError((0,_http_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .reasonOf */ .A3)(error));
        throw error;
    }
}
async function readHead({ octokit, where }, commitSha) {
    const { data } = await octokit.rest.git.getCommit({ ...where, commit_sha: commitSha });
    return { commitSha, treeSha: data.tree.sha };
}
/** The commit the branch points at; undefined when there is no such branch. */
async function readBranchHead({ octokit, where }, branch) {
    try {
        const { data } = await octokit.rest.git.getRef({ ...where, ref: `heads/${branch}` });
        return data.object.sha;
    }
    catch (error) {
        if ((0,_http_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .httpStatusOf */ .s_)(error) === 404)
            return undefined;
        throw error;
    }
}
/** The head of the branch; a missing branch is created at `startSha` (another run creating it first is fine). */
async function readOrCreateBranch(repository, branch, startSha) {
    const existing = await readBranchHead(repository, branch);
    if (existing)
        return readHead(repository, existing);
    if (!startSha)
        throw new Error(`branch ${branch} does not exist and GITHUB_SHA is not set to create it from`);
    const { octokit, where } = repository;
    try {
        await asWrite(() => octokit.rest.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: startSha }));
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`commit: created branch ${(0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_3__/* .untrustedText */ .Ui)(branch)} at ${startSha}`);
        return readHead(repository, startSha);
    }
    catch (error) {
        const raced = (0,_http_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .httpStatusOf */ .s_)(error) === 422 ? await readBranchHead(repository, branch) : undefined;
        if (!raced)
            throw error;
        return readHead(repository, raced);
    }
}
function toEntries(tree) {
    const entries = new Map();
    for (const entry of tree) {
        if (entry.path && entry.sha)
            entries.set(entry.path, { sha: entry.sha, mode: entry.mode ?? '', type: entry.type ?? '' });
    }
    return entries;
}
/**
 * The entries at `paths` in a tree. One recursive read when GitHub returns the whole tree; when the tree is too
 * large and comes back truncated, only the directories on the way to the paths are read, each once.
 */
async function entriesAt({ octokit, where }, treeSha, paths) {
    const { data } = await octokit.rest.git.getTree({ ...where, tree_sha: treeSha, recursive: 'true' });
    if (!data.truncated) {
        const all = toEntries(data.tree);
        return new Map(paths.flatMap((path) => (all.has(path) ? [[path, all.get(path)]] : [])));
    }
    const listings = new Map();
    const split = (path) => {
        const slash = path.lastIndexOf('/');
        return { directory: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
    };
    const listing = (directory) => {
        let pending = listings.get(directory);
        if (!pending) {
            pending = (async () => {
                let sha = treeSha;
                if (directory !== '') {
                    const { directory: parentDirectory, name } = split(directory);
                    const entry = (await listing(parentDirectory))?.get(name);
                    if (entry?.type !== 'tree')
                        return undefined;
                    sha = entry.sha;
                }
                const { data: tree } = await octokit.rest.git.getTree({ ...where, tree_sha: sha });
                return toEntries(tree.tree);
            })();
            listings.set(directory, pending);
        }
        return pending;
    };
    const found = new Map();
    for (const path of paths) {
        const { directory, name } = split(path);
        const entry = (await listing(directory))?.get(name);
        if (entry)
            found.set(path, entry);
    }
    return found;
}
/**
 * Base64 of a byte stream, chunk by chunk: each chunk's bytes are encoded in whole groups of three, and the
 * 0–2 bytes left over are kept for the next chunk (or the end), so the output equals one `toString('base64')`.
 */
function base64Encoder() {
    let leftover = Buffer.alloc(0);
    return new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _encoding, callback) {
            const bytes = leftover.length > 0 ? Buffer.concat([leftover, chunk]) : chunk;
            const whole = bytes.length - (bytes.length % 3);
            leftover = Buffer.from(bytes.subarray(whole));
            callback(null, whole > 0 ? bytes.toString('base64', 0, whole) : undefined);
        },
        flush(callback) {
            callback(null, leftover.length > 0 ? leftover.toString('base64') : undefined);
        },
    });
}
/** The blob request's JSON, streamed: the file's base64 between a fixed head and tail. */
async function* blobJson(file) {
    yield BLOB_JSON_HEAD;
    // pipeline destroys the encoder when the file fails, so the loop below ends with the file's error.
    yield* (0,node_stream__WEBPACK_IMPORTED_MODULE_1__.pipeline)(file, base64Encoder(), () => undefined);
    yield BLOB_JSON_TAIL;
}
/** The length of the blob request's JSON for a file of `sizeBytes`, known before anything is read. */
function blobJsonLength(sizeBytes) {
    return BLOB_JSON_HEAD.length + 4 * Math.ceil(sizeBytes / 3) + BLOB_JSON_TAIL.length;
}
/** POST /git/blobs with the body streamed from disk through @actions/http-client. Returns the blob's SHA. */
async function streamBlob(repository, file) {
    const { owner, repo } = repository.where;
    const url = `${repository.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/git/blobs`;
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file.absolutePath);
    try {
        const data = await (0,_stream_upload_js__WEBPACK_IMPORTED_MODULE_5__/* .sendStreamForJson */ ._)(repository.token, 'POST', url, node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from(blobJson(handle.createReadStream())), {
            accept: 'application/vnd.github+json',
            'content-type': 'application/json',
            'content-length': String(blobJsonLength(file.sizeBytes)),
        }, repository.signal);
        return String(data?.sha ?? '');
    }
    finally {
        await handle.close();
    }
}
async function createBlob(repository, file, sha) {
    const { octokit, where } = repository;
    let created;
    if (file.sizeBytes >= LARGE_BLOB_BYTES) {
        created = await asWrite(() => streamBlob(repository, file));
    }
    else {
        const content = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file.absolutePath)).toString('base64');
        const { data } = await asWrite(() => octokit.rest.git.createBlob({ ...where, content, encoding: 'base64' }));
        created = data.sha;
    }
    if (created !== sha)
        throw new Error(`${file.workspacePath} changed while it was being committed`);
}
/** Uploads the files as blobs (`shas`: workspace path → the blob SHA computed locally, checked against GitHub's). */
async function createBlobs(repository, files, shas) {
    const shaOf = (file) => shas.get(file.workspacePath);
    const small = files.filter((file) => file.sizeBytes < LARGE_BLOB_BYTES);
    await (0,_common_in_parallel_js__WEBPACK_IMPORTED_MODULE_6__/* .forEachInParallel */ .P)(small, PARALLEL_SMALL_BLOBS, (file) => createBlob(repository, file, shaOf(file)));
    for (const file of files) {
        if (file.sizeBytes >= LARGE_BLOB_BYTES)
            await createBlob(repository, file, shaOf(file));
    }
}


/***/ }),

/***/ 97578:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bg: () => (/* binding */ commitUrl),
/* harmony export */   Kp: () => (/* binding */ githubLink),
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   Wk: () => (/* binding */ artifactUrl),
/* harmony export */   wt: () => (/* binding */ committedFileUrl),
/* harmony export */   xn: () => (/* binding */ encodeUrlPath)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/** URLs of what the publishing steps produce, built the way GitHub's own pages link them. */

function repositoryUrl(env) {
    return `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}`;
}
/** Percent-encodes each segment of a `/`-separated path, including the characters that would end a Markdown link. */
function encodeUrlPath(path) {
    return path
        .split('/')
        .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}
function runUrl(env) {
    return `${repositoryUrl(env)}/actions/runs/${env.runId}`;
}
/** The same link actions/upload-artifact gives as its `artifact-url` output. */
function artifactUrl(env, artifactId) {
    return `${runUrl(env)}/artifacts/${artifactId}`;
}
function commitUrl(env, sha) {
    return `${repositoryUrl(env)}/commit/${sha}`;
}
/** Link to a file as committed; `repoPath` uses `/` separators. */
function committedFileUrl(env, sha, repoPath) {
    return `${repositoryUrl(env)}/blob/${sha}/${encodeUrlPath(repoPath)}`;
}
/** Characters that could end or restyle a Markdown link, percent-encoded in a URL that goes into one. */
const MARKDOWN_BREAKING = /[()[\]<>"'`!*\\\s|{}^]/g;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * A URL from an API answer (comment, release, asset, artifact) made fit for Markdown and the outputs, or undefined:
 * only https (http only for a loopback stand-in of a server configured as http), no credentials, and a host of the
 * GitHub server itself, its API or its uploads host. `)` and the like are percent-encoded so the URL cannot leave
 * its link. A refused URL is left out with a debug line (it may be hostile, so it is not echoed in full).
 */
function githubLink(url, env) {
    let parsed;
    try {
        parsed = new URL(String(url));
    }
    catch {
        refused('not a URL');
        return undefined;
    }
    const configured = [env.serverUrl, env.apiUrl].flatMap((base) => {
        try {
            return [new URL(base)];
        }
        catch {
            return [];
        }
    });
    const hosts = new Set(configured.map((base) => base.host));
    for (const base of configured) {
        hosts.add(`api.${base.host}`);
        hosts.add(`uploads.${base.host}`);
    }
    const plainHttpAllowed = LOOPBACK_HOSTS.has(parsed.hostname) && configured.some((base) => base.protocol === 'http:');
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && plainHttpAllowed)) {
        refused(`its scheme is ${parsed.protocol}`);
    }
    else if (parsed.username !== '' || parsed.password !== '') {
        refused('it holds credentials');
    }
    else if (!hosts.has(parsed.host)) {
        refused(`its host ${parsed.host} is not the GitHub server's`);
    }
    else {
        // `href` is ASCII: the parser has already encoded spaces and anything beyond ASCII.
        return parsed.href.replace(MARKDOWN_BREAKING, hexOf);
    }
    return undefined;
}
function hexOf(char) {
    return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
function refused(why) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`A link from the API was left out: ${why}.`);
}


/***/ }),

/***/ 53541:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ HttpStatusError),
/* harmony export */   _: () => (/* binding */ sendStreamForJson)
/* harmony export */ });
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44942);
/* harmony import */ var _actions_http_client_lib_auth__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92145);


const USER_AGENT = 'convert-documents-action';
/** A non-2xx answer; `status` is what http-errors.ts reads, so 403 / 404 are recognised as refusals. */
class HttpStatusError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
/**
 * Sends `body` and returns the JSON answer; a non-2xx answer throws HttpStatusError, a body error rejects, and so
 * does `signal` (publishing's deadline), dropping the connection.
 */
async function sendStreamForJson(token, method, url, body, headers, signal) {
    signal?.throwIfAborted();
    // Its own client, so a failed body can drop the request's connection (dispose destroys the client's agent).
    const http = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq(USER_AGENT, [new _actions_http_client_lib_auth__WEBPACK_IMPORTED_MODULE_1__/* .BearerCredentialHandler */ .tZ(token)]);
    let rejectStopped = () => undefined;
    const stopped = new Promise((_, reject) => {
        rejectStopped = reject;
    });
    stopped.catch(() => undefined);
    const stop = (error) => {
        rejectStopped(error);
        http.dispose();
    };
    body.on('error', stop);
    const onAbort = () => stop(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
        const response = await Promise.race([http.sendStream(method, url, body, headers), stopped]);
        const text = await Promise.race([response.readBody(), stopped]);
        const status = response.message.statusCode ?? 0;
        let data;
        try {
            data = JSON.parse(text);
        }
        catch {
            data = undefined;
        }
        if (status < 200 || status >= 300) {
            const message = data?.message;
            throw new HttpStatusError(status, `HTTP ${status}: ${typeof message === 'string' ? message : text.slice(0, 200)}`);
        }
        return data;
    }
    finally {
        signal?.removeEventListener('abort', onAbort);
        body.destroy();
        http.dispose();
    }
}


/***/ }),

/***/ 53756:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ describeChanges),
/* harmony export */   Gr: () => (/* binding */ alignPages),
/* harmony export */   H9: () => (/* binding */ comparePixels),
/* harmony export */   Xt: () => (/* binding */ MAX_UNCHANGED_PIXELS),
/* harmony export */   ax: () => (/* binding */ fingerprintOf)
/* harmony export */ });
/* unused harmony export pageDistance */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var pixelmatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(63342);
/**
 * Which pages of a document changed: pages are first aligned (a sequence alignment by image similarity, so one
 * inserted page is one insertion and not every later page changed), then each aligned pair is compared pixel by
 * pixel with pixelmatch, which ignores anti-aliasing noise. Pure functions over page images.
 */


/** About a glyph per cell at the default width: fine enough to tell two pages of text apart. */
const THUMB_COLUMNS = 96;
const MAX_THUMB_ROWS = 256;
/**
 * The cost of leaving a page unmatched. Matching two pages costs their distance (0–1), so a pair is aligned
 * whenever that is cheaper than one deletion plus one insertion — any pair but two pages with nothing alike.
 */
const GAP_COST = 0.5;
/** pixelmatch's per-pixel colour tolerance (0–1); 0.1 is its default and absorbs rendering noise. */
const PIXEL_THRESHOLD = 0.1;
/** A pair of pages with at most this many differing pixels (after anti-aliasing is discounted) is unchanged. */
const MAX_UNCHANGED_PIXELS = 4;
function fingerprintOf(image) {
    const { width, height, rgba } = image;
    const exact = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`${width}x${height}\0`).update(rgba).digest('hex');
    const columns = THUMB_COLUMNS;
    const rows = Math.max(1, Math.min(MAX_THUMB_ROWS, Math.round((THUMB_COLUMNS * height) / Math.max(1, width))));
    const sums = new Float64Array(columns * rows);
    const counts = new Uint32Array(columns * rows);
    for (let y = 0; y < height; y++) {
        const row = Math.min(rows - 1, Math.floor((y * rows) / height)) * columns;
        for (let x = 0; x < width; x++) {
            const cell = row + Math.min(columns - 1, Math.floor((x * columns) / width));
            const at = (y * width + x) * 4;
            const alpha = (rgba[at + 3] ?? 255) / 255;
            // Composited on white, as the page is shown.
            const gray = 0.299 * (rgba[at] ?? 255) + 0.587 * (rgba[at + 1] ?? 255) + 0.114 * (rgba[at + 2] ?? 255);
            sums[cell] = (sums[cell] ?? 0) + gray * alpha + 255 * (1 - alpha);
            counts[cell] = (counts[cell] ?? 0) + 1;
        }
    }
    const thumb = new Uint8Array(columns * rows);
    for (let i = 0; i < thumb.length; i++)
        thumb[i] = Math.round((sums[i] ?? 0) / Math.max(1, counts[i] ?? 0));
    return { width, height, exact, thumb };
}
/**
 * How unlike two pages look, 0 (identical) to 1 (nothing in common): the thumbnails' absolute difference
 * relative to the ink on both, so two different text pages are far apart even though both are mostly white.
 */
function pageDistance(a, b) {
    if (a.exact === b.exact)
        return 0;
    const cells = Math.min(a.thumb.length, b.thumb.length);
    let difference = 0;
    let ink = 0;
    for (let i = 0; i < cells; i++) {
        const left = a.thumb[i] ?? 255;
        const right = b.thumb[i] ?? 255;
        difference += Math.abs(left - right);
        ink += 255 - left + (255 - right);
    }
    const sizeChanged = a.width !== b.width || a.height !== b.height ? 0.25 : 0;
    // Pages that differ only below the thumbnail's resolution are still not equal.
    return Math.min(1, Math.max(0.001, sizeChanged + (ink === 0 ? 0 : difference / ink)));
}
/**
 * The cheapest alignment of the base's pages with the head's (edit distance: matching costs the pages'
 * distance, leaving a page out costs GAP_COST), in order. When a side was cut at the page cap, pages left
 * unmatched at its end are dropped from the result: their partners lie beyond the cap, not outside the document.
 */
function alignPages(base, head, truncated = { base: false, head: false }) {
    const m = base.length;
    const n = head.length;
    const width = n + 1;
    const cost = new Float64Array((m + 1) * width);
    for (let i = 0; i <= m; i++)
        cost[i * width] = i * GAP_COST;
    for (let j = 0; j <= n; j++)
        cost[j] = j * GAP_COST;
    for (let i = 1; i <= m; i++) {
        for (let j = 1; j <= n; j++) {
            const match = (cost[(i - 1) * width + j - 1] ?? 0) +
                pageDistance(base[i - 1], head[j - 1]);
            const removed = (cost[(i - 1) * width + j] ?? 0) + GAP_COST;
            const added = (cost[i * width + j - 1] ?? 0) + GAP_COST;
            cost[i * width + j] = Math.min(match, removed, added);
        }
    }
    const steps = [];
    let i = m;
    let j = n;
    while (i > 0 || j > 0) {
        const here = cost[i * width + j] ?? 0;
        if (i > 0 &&
            j > 0 &&
            Math.abs(here -
                ((cost[(i - 1) * width + j - 1] ?? 0) +
                    pageDistance(base[i - 1], head[j - 1]))) < 1e-9) {
            steps.push({ base: i, head: j });
            i--;
            j--;
        }
        else if (i > 0 && Math.abs(here - ((cost[(i - 1) * width + j] ?? 0) + GAP_COST)) < 1e-9) {
            steps.push({ base: i });
            i--;
        }
        else {
            steps.push({ head: j });
            j--;
        }
    }
    steps.reverse();
    const lastPair = steps.findLastIndex((step) => step.base !== undefined && step.head !== undefined);
    return steps.filter((step, index) => index <= lastPair ||
        !((step.head === undefined && truncated.head) || (step.base === undefined && truncated.base)));
}
/** Compares two page images pixel by pixel; pages of different sizes are compared on white, top-left aligned. */
function comparePixels(base, head) {
    const width = Math.max(base.width, head.width);
    const height = Math.max(base.height, head.height);
    const before = onCanvas(base, width, height);
    const after = onCanvas(head, width, height);
    const output = new Uint8Array(width * height * 4);
    const changedPixels = (0,pixelmatch__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .A)(before, after, output, width, height, {
        threshold: PIXEL_THRESHOLD,
        includeAA: false,
        alpha: 0.2,
    });
    return { changedPixels, diff: { pageNumber: head.pageNumber, width, height, rgba: output } };
}
/** The image on a white canvas of the given size (the image itself when the size already fits). */
function onCanvas(image, width, height) {
    if (image.width === width && image.height === height)
        return image.rgba;
    const canvas = new Uint8Array(width * height * 4).fill(255);
    for (let y = 0; y < image.height; y++) {
        canvas.set(image.rgba.subarray(y * image.width * 4, (y + 1) * image.width * 4), y * width * 4);
    }
    return canvas;
}
/** "pages 3 and 7 changed, page 5 added, page 9 removed" (changed and added by head page, removed by base page). */
function describeChanges(changes) {
    const changed = changes.flatMap((c) => (c.kind === 'changed' ? [c.head] : []));
    const added = changes.flatMap((c) => (c.kind === 'added' ? [c.head] : []));
    const removed = changes.flatMap((c) => (c.kind === 'removed' ? [c.base] : []));
    const parts = [];
    if (changed.length > 0)
        parts.push(`${pageList(changed)} changed`);
    if (added.length > 0)
        parts.push(`${pageList(added)} added`);
    if (removed.length > 0)
        parts.push(`${pageList(removed)} removed`);
    return parts.length === 0 ? 'no page changed' : parts.join(', ');
}
/** "page 4", "pages 3 and 7", "pages 2, 5 and 9", runs shortened: "pages 3–6 and 9". */
function pageList(numbers) {
    const sorted = [...numbers].sort((a, b) => a - b);
    const runs = [];
    for (let i = 0; i < sorted.length;) {
        let end = i;
        while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1)
            end++;
        runs.push(end - i >= 2 ? `${sorted[i]}–${sorted[end]}` : sorted.slice(i, end + 1).join(', '));
        i = end + 1;
    }
    const flat = runs.join(', ').split(', ');
    const text = flat.length === 1 ? flat[0] : `${flat.slice(0, -1).join(', ')} and ${flat[flat.length - 1]}`;
    return `${sorted.length === 1 ? 'page' : 'pages'} ${text}`;
}


/***/ })

};
