export const id = 746;
export const ids = [746];
export const modules = {

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
/* harmony import */ var _common_in_parallel_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(98132);
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16991);
/* harmony import */ var _http_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38291);
/* harmony import */ var _links_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(97578);
/* harmony import */ var _stream_upload_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(53541);
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
        return (0,_links_js__WEBPACK_IMPORTED_MODULE_5__/* .commitShaFromApi */ .ss)(data.object.sha);
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
        const data = await (0,_stream_upload_js__WEBPACK_IMPORTED_MODULE_6__/* .sendStreamForJson */ ._)(repository.token, 'POST', url, node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from(blobJson(handle.createReadStream())), {
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
    await (0,_common_in_parallel_js__WEBPACK_IMPORTED_MODULE_7__/* .forEachInParallel */ .P)(small, PARALLEL_SMALL_BLOBS, (file) => createBlob(repository, file, shaOf(file)));
    for (const file of files) {
        if (file.sizeBytes >= LARGE_BLOB_BYTES)
            await createBlob(repository, file, shaOf(file));
    }
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

/***/ 51746:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  basePdfsOf: () => (/* binding */ basePdfsOf),
  basePlan: () => (/* binding */ basePlan),
  makePreviews: () => (/* binding */ makePreviews)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./lib/convert/results.js
var convert_results = __webpack_require__(16937);
// EXTERNAL MODULE: ./lib/github/client.js
var client = __webpack_require__(70636);
// EXTERNAL MODULE: ./lib/github/git-data.js
var git_data = __webpack_require__(40516);
// EXTERNAL MODULE: ./lib/github/http-errors.js
var http_errors = __webpack_require__(38291);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
// EXTERNAL MODULE: ./lib/pdf/page-image.js
var page_image = __webpack_require__(58907);
;// CONCATENATED MODULE: ./lib/pdf/sandbox.js
/**
 * The document sandbox as the action sees it: one worker thread at a time running PDFium and the workbook reader
 * (sandbox-worker.ts), started on first use. Every call takes an AbortSignal: when it fires (the run's deadline, a
 * document's time limit) the thread is ended on the spot, whatever PDFium is doing, and the call fails with the
 * signal's reason. A thread that dies (ended, out of memory, PDFium aborted) fails only the calls in flight; the
 * next call starts a new thread, so one hostile document never costs the others their previews.
 */


/** PDFium's WebAssembly memory at most: a PDF of DEFAULT_MAX_PDF_BYTES and a page at 2,000 px fit; a runaway page does not. */
const DEFAULT_MEMORY_CAP_BYTES = 512 * 1024 * 1024;
/** The worker's own V8 heap (text, workbook cells), in MB. */
const HEAP_CAP_MB = 512;
/** In the bundle the worker is a bundle of its own beside the chunks (see the build scripts). */
const BUNDLED_WORKER = 'sandbox-worker/index.js';
class DocumentSandbox {
    #memoryCapBytes;
    #thread;
    #nextId = 1;
    /** Threads started so far (the first, and one after each that ended). */
    threadsStarted = 0;
    /** Threads that have exited (ended, crashed or closed). */
    threadsExited = 0;
    constructor(options = {}) {
        this.#memoryCapBytes = options.memoryCapBytes ?? DEFAULT_MEMORY_CAP_BYTES;
    }
    /** Opens a PDF; throws PdfRenderError when it cannot be read, is over `maxBytes`, or the sandbox stopped. */
    async openPdf(file, signal, maxBytes = page_image/* DEFAULT_MAX_PDF_BYTES */.MG) {
        const thread = this.#threadFor();
        const opened = (await this.#call(thread, { op: 'open', path: file, maxBytes }, signal));
        const readPage = async (pageNumber, want, pageSignal) => {
            if (thread.ended !== undefined)
                throw new page_image/* PdfRenderError */.du(`the renderer stopped: ${thread.ended}`);
            const reply = (await this.#call(thread, { op: 'page', document: opened.document, page: pageNumber, ...want }, pageSignal));
            const read = {};
            if (reply.image)
                read.image = { pageNumber, ...reply.image };
            if (reply.text !== undefined)
                read.text = reply.text;
            return read;
        };
        return {
            pageCount: opened.pageCount,
            readPage,
            async renderPage(pageNumber, widthPx, pageSignal) {
                const { image } = await readPage(pageNumber, { widthPx }, pageSignal);
                return image;
            },
            close: async () => {
                if (thread.ended !== undefined)
                    return;
                await this.#call(thread, { op: 'close', document: opened.document });
            },
        };
    }
    /**
     * Starts the thread and PDFium if they are not running (a thread ended by the last document is replaced), so
     * that a document's own time limit is not spent on the sandbox's start.
     */
    async ready(signal) {
        await this.#call(this.#threadFor(), { op: 'start' }, signal);
    }
    /** A workbook's cells, read in the sandbox; throws when it cannot be read or the sandbox stopped. */
    async readWorkbook(file, limits, signal) {
        return (await this.#call(this.#threadFor(), { op: 'workbook', path: file, limits }, signal));
    }
    /** Ends the thread (pending calls fail). The sandbox can be used again: a new thread starts. */
    async close() {
        const thread = this.#thread;
        if (thread === undefined)
            return;
        this.#end(thread, 'the sandbox was closed');
        await thread.worker.terminate();
    }
    #threadFor() {
        if (this.#thread !== undefined && this.#thread.ended === undefined)
            return this.#thread;
        const start = { memoryCapBytes: this.#memoryCapBytes };
        const worker = new external_node_worker_threads_.Worker(workerUrl(), {
            workerData: start,
            resourceLimits: { maxOldGenerationSizeMb: HEAP_CAP_MB },
            stdout: true,
            stderr: true,
        });
        // Nothing the worker prints reaches the step's log: it may echo a document's content.
        worker.stdout.resume();
        worker.stderr.resume();
        const thread = { worker, pending: new Map() };
        worker.on('message', (reply) => {
            const pending = thread.pending.get(reply.id);
            thread.pending.delete(reply.id);
            if (!reply.ok && reply.fatal)
                this.#end(thread, `PDFium stopped (${reply.message})`);
            if (pending === undefined)
                return;
            if (reply.ok)
                pending.resolve(reply.value);
            else if (reply.kind === 'range')
                pending.reject(new RangeError(reply.message));
            else
                pending.reject(new page_image/* PdfRenderError */.du(reply.message));
        });
        worker.on('error', (error) => this.#end(thread, describeDeath(error)));
        worker.on('exit', (code) => {
            this.threadsExited++;
            this.#end(thread, `it exited with code ${code}`);
        });
        // An idle thread must not keep the action's process alive.
        worker.unref();
        this.#thread = thread;
        this.threadsStarted++;
        return thread;
    }
    #call(thread, body, signal) {
        if (thread.ended !== undefined) {
            return Promise.reject(new page_image/* PdfRenderError */.du(`the renderer stopped: ${thread.ended}`));
        }
        if (signal?.aborted)
            return Promise.reject(stoppedBy(signal));
        const id = this.#nextId++;
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                // PDFium cannot be interrupted inside a page: the thread goes, and with it anything else it held.
                this.#end(thread, `stopped: ${reasonText(signal?.reason)}`);
                void thread.worker.terminate();
            };
            const settle = (then) => (value) => {
                signal?.removeEventListener('abort', onAbort);
                then(value);
            };
            thread.pending.set(id, {
                resolve: settle(resolve),
                reject: settle((error) => reject(signal?.aborted ? stoppedBy(signal) : error)),
            });
            signal?.addEventListener('abort', onAbort, { once: true });
            thread.worker.ref();
            thread.worker.postMessage({ id, ...body });
        }).finally(() => {
            if (thread.pending.size === 0 && thread.ended === undefined)
                thread.worker.unref();
        });
    }
    #end(thread, why) {
        if (thread.ended !== undefined)
            return;
        thread.ended = why;
        for (const pending of thread.pending.values()) {
            pending.reject(new page_image/* PdfRenderError */.du(`the renderer stopped: ${why}`));
        }
        thread.pending.clear();
        if (this.#thread === thread)
            this.#thread = undefined;
    }
}
function workerUrl() {
    const here = import.meta.url;
    // Run from the sources (tests, bench), the worker is the TypeScript file beside this one.
    return here.endsWith('.ts') ? new URL('./sandbox-worker.ts', here) : new URL(BUNDLED_WORKER, here);
}
function describeDeath(error) {
    const code = error.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY')
        return 'it ran out of its memory cap';
    return error.message;
}
function reasonText(reason) {
    return reason instanceof Error ? reason.message : String(reason);
}
function stoppedBy(signal) {
    return new page_image/* PdfRenderError */.du(`stopped: ${reasonText(signal.reason)}`);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth = __webpack_require__(92145);
// EXTERNAL MODULE: ./lib/github/stream-upload.js
var stream_upload = __webpack_require__(53541);
// EXTERNAL MODULE: ./lib/plan/pull-request-files.js
var pull_request_files = __webpack_require__(20250);
;// CONCATENATED MODULE: ./lib/previews/base-version.js
/**
 * What a pull request changed, and a document's content at the pull request's base commit, both through the
 * REST API so a shallow checkout is enough. Every list is paginated with a bound and every download is
 * size-checked before it starts and counted while it runs.
 */








/** The contents and blob APIs serve files up to 100 MB. */
const MAX_BASE_BYTES = 100 * 1024 * 1024;
/** The files the pull request changes, as GitHub lists them (renamed and copied files count as modified). */
async function listChangedFiles({ octokit, where }, pullNumber) {
    const listed = [];
    for (let page = 1; page <= pull_request_files/* MAX_PAGES */.Y0; page++) {
        const files = await (0,pull_request_files/* pullRequestFilePage */.a$)(octokit, where, pullNumber, page);
        listed.push(...files);
        if (files.length < pull_request_files/* PAGE_SIZE */.md)
            break;
    }
    return changedFilesOf(listed);
}
/** The list as GitHub gives it, as previews need it (renamed and copied files count as modified). */
function changedFilesOf(files) {
    return files.map((file) => {
        const status = file.status === 'added' ? 'added' : file.status === 'removed' ? 'removed' : 'modified';
        return { path: file.filename, status, basePath: file.previous_filename ?? file.filename };
    });
}
/** The file is not at the base commit (or is not a regular file there). */
class NotAtBaseError extends Error {
}
/**
 * Downloads `repoPath` as it is at commit `ref` to `target`: the contents API gives its blob SHA, size and
 * kind; the bytes then come from the git blob API as a raw stream (the contents API inlines small files as
 * base64 and refuses raw bodies of large ones on some servers; the blob endpoint serves both the same way).
 */
async function downloadBaseVersion(repository, repoPath, ref, target, maxBytes = MAX_BASE_BYTES) {
    const { octokit, where } = repository;
    let entry;
    try {
        const { data } = await octokit.rest.repos.getContent({ ...where, path: repoPath, ref });
        if (Array.isArray(data))
            throw new NotAtBaseError(`${repoPath} is a directory at ${ref.slice(0, 7)}`);
        entry = data;
    }
    catch (error) {
        if ((0,http_errors/* httpStatusOf */.s_)(error) === 404)
            throw new NotAtBaseError(`${repoPath} does not exist at ${ref.slice(0, 7)}`);
        throw error;
    }
    if (entry.type !== 'file')
        throw new NotAtBaseError(`${repoPath} is a ${entry.type} at ${ref.slice(0, 7)}`);
    if (entry.size > maxBytes) {
        throw new Error(`${repoPath} is ${entry.size} bytes at the base, more than the ${maxBytes} that are fetched`);
    }
    const url = `${repository.apiUrl}/repos/${encodeURIComponent(where.owner)}/${encodeURIComponent(where.repo)}/git/blobs/${entry.sha}`;
    await streamToFile(repository.token, url, target, Math.min(maxBytes, entry.size));
    return entry.size;
}
/** GET `url` as raw bytes into `target` (written as `.part`, renamed when whole); more than `maxBytes` fails. */
async function streamToFile(token, url, target, maxBytes) {
    const http = new lib/* HttpClient */.Qq('convert-documents-action', [new auth/* BearerCredentialHandler */.tZ(token)]);
    const partial = `${target}.part`;
    try {
        const response = await http.get(url, { accept: 'application/vnd.github.raw' });
        const status = response.message.statusCode ?? 0;
        if (status < 200 || status >= 300) {
            const text = (await response.readBody()).slice(0, 200);
            throw new stream_upload/* HttpStatusError */.F(status, `HTTP ${status}: ${text}`);
        }
        let received = 0;
        const bounded = new external_node_stream_.Transform({
            transform(chunk, _encoding, callback) {
                received += chunk.length;
                if (received > maxBytes)
                    callback(new Error(`the download is larger than the ${maxBytes} bytes announced`));
                else
                    callback(null, chunk);
            },
        });
        // Opened first, so the file exists before a failure removes it (a lazily opened stream could create it after).
        const file = await (0,promises_.open)(partial, 'w');
        await (0,external_node_stream_promises_.pipeline)(response.message, bounded, file.createWriteStream());
        await (0,promises_.rename)(partial, target);
    }
    catch (error) {
        await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
    finally {
        http.dispose();
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./lib/previews/markdown.js
var markdown = __webpack_require__(62272);
// EXTERNAL MODULE: ./lib/previews/text-markdown.js
var text_markdown = __webpack_require__(49058);
;// CONCATENATED MODULE: ./lib/previews/changes-file.js
/**
 * The full text and cell changes of a pull request, as one Markdown file beside the report in output-dir: every
 * changed page's word diff and every changed cell the previews found, where the comment shows what fits. It goes
 * into the artifact with the report. Written page by page through a new file of our own naming (never through
 * whatever the repository put at that path), renamed into place when complete.
 */





/** Characters of one page's diff in the file: far more than any real page, and still a bound. */
const MAX_PAGE_CHARS = 200_000;
const MAX_TABLE_CHARS = 5_000_000;
function changesFileName(shard) {
    return shard === undefined
        ? 'document-changes.md'
        : `document-changes-shard-${shard.index}-of-${shard.count}.md`;
}
/** Whether the report holds any text or cell change worth a file. */
function hasTextChanges(report) {
    return report.documents.some((document) => document.texts.length > 0 || document.cells !== undefined);
}
/** Writes the file into `directory` and returns its path. */
async function writeChangesFile(report, directory, shard) {
    await (0,promises_.mkdir)(directory, { recursive: true });
    const target = external_node_path_.join(directory, changesFileName(shard));
    // `wx`: a fresh file; a link the repository placed here is neither followed nor written through.
    const partial = external_node_path_.join(directory, `.document-changes-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.partial`);
    const handle = await (0,promises_.open)(partial, 'wx');
    try {
        await handle.write('# What changed in the documents\n\nDeleted words are ~~struck through~~, inserted ones **bold**.\n');
        for (const document of report.documents) {
            if (document.texts.length === 0 && document.cells === undefined && document.cellsError === undefined)
                continue;
            await handle.write(`\n## ${(0,text_markdown/* documentText */.ZH)(document.path, 1000)}\n\n${(0,markdown/* changeLine */.v)(document)}\n\n`);
            for (const [index, change] of document.changes.entries()) {
                await handle.write(`${(0,text_markdown/* pageTextItem */.Mk)(change, document.texts[index], MAX_PAGE_CHARS, text_markdown/* FILE_DETAIL */.NS)}\n`);
            }
            if (document.cells)
                await handle.write(`\n${(0,text_markdown/* cellTable */.lt)(document.cells, MAX_TABLE_CHARS, text_markdown/* FILE_DETAIL */.NS)}\n`);
            if (document.cellsError)
                await handle.write(`\nCells not compared: ${(0,text_markdown/* documentText */.ZH)(document.cellsError, 1000)}\n`);
        }
    }
    catch (error) {
        await handle.close();
        await (0,promises_.rm)(partial, { force: true });
        throw error;
    }
    await handle.close();
    await (0,promises_.rename)(partial, target);
    return target;
}

// EXTERNAL MODULE: ./lib/common/duration.js
var duration = __webpack_require__(42081);
// EXTERNAL MODULE: ./lib/previews/cell-diff.js
var cell_diff = __webpack_require__(90177);
;// CONCATENATED MODULE: ./lib/previews/cells.js
/**
 * A workbook's cell changes: both versions read in the document sandbox (bounded in size, sheets, rows and cells,
 * and stopped with the document's time limit), then diffed (cell-diff.ts).
 */


const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.ods', '.csv']);
const WORKBOOK_LIMITS = {
    maxBytes: 20 * 1024 * 1024,
    maxSheets: 50,
    maxRows: 10_000,
    maxCellsPerSheet: 200_000,
    maxTextChars: 2_000,
};
function isWorkbook(repoPath) {
    return WORKBOOK_EXTENSIONS.has(external_node_path_.posix.extname(repoPath).toLowerCase());
}
async function compareWorkbooks(sandbox, baseFile, headFile, signal, limits = WORKBOOK_LIMITS) {
    const base = await sandbox.readWorkbook(baseFile, limits, signal);
    const head = await sandbox.readWorkbook(headFile, limits, signal);
    return (0,cell_diff/* diffWorkbooks */.RH)(base, head);
}

// EXTERNAL MODULE: ./lib/previews/page-diff.js
var page_diff = __webpack_require__(53756);
// EXTERNAL MODULE: ./lib/previews/text-diff.js
var text_diff = __webpack_require__(96860);
;// CONCATENATED MODULE: ./lib/previews/render.js
/**
 * One document's page changes, from its base PDF and head PDF: every page up to the cap is rendered and
 * fingerprinted, the pages are aligned, and each aligned pair that is not identical is rendered again and
 * compared pixel by pixel. Only the images of the first changed, added and removed pages are written, as PNG.
 * Each changed page's text is read in the same pass and diffed word by word; an added or removed page keeps its
 * text's lines. PDFium runs in the document sandbox, which the signal stops.
 */





/** Characters of a page's text read at most: a page of dense text has about 5,000. */
const MAX_PAGE_TEXT_CHARS = 20_000;
/**
 * Opens a PDF and fingerprints its pages up to the cap. The page images are not kept: rendering a page again
 * costs a few milliseconds, far less than holding every page in memory or writing and reading it as PNG.
 */
async function fingerprintSide(pdfPath, options) {
    if (pdfPath === undefined)
        return { pdf: undefined, pageCount: 0, fingerprints: [] };
    const pdf = await options.sandbox.openPdf(pdfPath, options.signal);
    try {
        const fingerprints = [];
        const last = Math.min(pdf.pageCount, options.maxPages);
        for (let page = 1; page <= last; page++) {
            options.signal?.throwIfAborted();
            fingerprints.push((0,page_diff/* fingerprintOf */.ax)(await pdf.renderPage(page, options.widthPx, options.signal)));
        }
        return { pdf, pageCount: pdf.pageCount, fingerprints };
    }
    catch (error) {
        await pdf.close().catch(() => { });
        throw error;
    }
}
/**
 * Compares the base and head PDFs of a document (either may be missing: a new or a deleted document) and
 * writes the images of the first changed pages into `directory`, which must belong to this document alone.
 */
async function comparePdfPages(basePdf, headPdf, directory, options) {
    const base = await fingerprintSide(basePdf, options);
    try {
        const head = await fingerprintSide(headPdf, options);
        try {
            return await compareSides(base, head, directory, options);
        }
        finally {
            await head.pdf?.close().catch(() => { });
        }
    }
    finally {
        await base.pdf?.close().catch(() => { });
    }
}
async function compareSides(base, head, directory, options) {
    const truncated = {
        base: base.pageCount > base.fingerprints.length,
        head: head.pageCount > head.fingerprints.length,
    };
    const steps = (0,page_diff/* alignPages */.Gr)(base.fingerprints, head.fingerprints, truncated);
    const read = async (side, page, withImage) => {
        const want = withImage
            ? { widthPx: options.widthPx, maxTextChars: MAX_PAGE_TEXT_CHARS }
            : { maxTextChars: MAX_PAGE_TEXT_CHARS };
        const { image, text } = await side.pdf.readPage(page, want, options.signal);
        return { image: image, text: text ?? '' };
    };
    const save = async (name, image) => {
        const file = external_node_path_.join(directory, name);
        await (0,promises_.writeFile)(file, (0,page_image/* encodePng */.KJ)(image));
        return file;
    };
    const changes = [];
    const texts = [];
    const images = [];
    for (const step of steps) {
        options.signal?.throwIfAborted();
        const withImages = images.length < options.maxPagesWithImages;
        if (step.base !== undefined && step.head !== undefined) {
            const same = base.fingerprints[step.base - 1].exact ===
                head.fingerprints[step.head - 1].exact;
            if (same)
                continue;
            const before = await read(base, step.base, true);
            const after = await read(head, step.head, true);
            const compared = (0,page_diff/* comparePixels */.H9)(before.image, after.image);
            if (compared.changedPixels <= page_diff/* MAX_UNCHANGED_PIXELS */.Xt)
                continue;
            const change = { kind: 'changed', base: step.base, head: step.head };
            changes.push(change);
            texts.push({ kind: 'changed', diff: (0,text_diff/* diffPageWords */.AK)(before.text, after.text) });
            if (withImages) {
                images.push({
                    change,
                    before: await save(`base-${step.base}.png`, before.image),
                    after: await save(`head-${step.head}.png`, after.image),
                    diff: await save(`diff-${step.head}.png`, compared.diff),
                });
            }
        }
        else if (step.head !== undefined) {
            const change = { kind: 'added', head: step.head };
            const page = await read(head, step.head, withImages);
            changes.push(change);
            texts.push({ kind: 'lines', lines: linesOf(page.text) });
            if (withImages)
                images.push({ change, after: await save(`head-${step.head}.png`, page.image) });
        }
        else if (step.base !== undefined) {
            const change = { kind: 'removed', base: step.base };
            const page = await read(base, step.base, withImages);
            changes.push(change);
            texts.push({ kind: 'lines', lines: linesOf(page.text) });
            if (withImages)
                images.push({ change, before: await save(`base-${step.base}.png`, page.image) });
        }
    }
    return {
        changes,
        texts,
        images,
        basePages: base.pdf === undefined ? undefined : base.pageCount,
        headPages: head.pdf === undefined ? undefined : head.pageCount,
        truncated: truncated.base || truncated.head,
    };
}
/** A page's text as its non-empty lines, each with its words single-spaced (and secrets redacted). */
function linesOf(text) {
    return text
        .split(/\r?\n|\r/)
        .map((line) => (0,text_diff/* wordsOf */.Z9)(line).join(' '))
        .filter((line) => line !== '');
}

;// CONCATENATED MODULE: ./lib/previews/document-preview.js
/** One changed document previewed: its pages against the base version's, its text changes, a workbook's cells. */






/** Pages per document that keep images. */
const MAX_PAGES_WITH_IMAGES = 10;
/**
 * A document may take at most this share of the time left when it starts: a document that hangs PDFium then
 * leaves the others time for theirs.
 */
const DOCUMENT_SHARE_OF_TIME_LEFT = 0.5;
/** One changed document: its pages against the base version's (images, text changes), and a workbook's cells. */
async function previewDocument(document, context) {
    const { base, baseSource, sandbox, settings, deadline } = context;
    const preview = {
        path: document.change.path,
        state: document.change.status,
        changes: [],
        texts: [],
        images: [],
        truncated: false,
    };
    let images = [];
    if (document.change.status === 'removed')
        return { preview, images };
    if (document.change.status === 'modified' && base?.pdf === undefined) {
        preview.state = 'failed';
        preview.error = `the base version could not be converted: ${base?.error ?? 'unknown reason'}`;
        return { preview, images };
    }
    let limit;
    try {
        // The sandbox's start (again, after a document that ended it) does not count against a document.
        await sandbox.ready(deadline?.signal);
        limit = documentTimeLimit(deadline);
        await (0,promises_.mkdir)(context.directory, { recursive: true });
        const compared = await comparePdfPages(base?.pdf, document.headPdf, context.directory, {
            sandbox,
            widthPx: settings.previews.widthPx,
            maxPages: settings.previews.maxPages,
            maxPagesWithImages: MAX_PAGES_WITH_IMAGES,
            ...(limit ? { signal: limit.signal } : {}),
        });
        preview.changes = compared.changes;
        preview.texts = compared.texts;
        preview.truncated = compared.truncated;
        if (compared.basePages !== undefined)
            preview.basePages = compared.basePages;
        if (compared.headPages !== undefined)
            preview.headPages = compared.headPages;
        images = compared.images;
    }
    catch (error) {
        preview.state = 'failed';
        preview.error = `its pages could not be compared: ${(0,http_errors/* reasonOf */.A3)(error)}`;
    }
    finally {
        limit?.dispose();
    }
    if (document.change.status === 'modified' && baseSource && isWorkbook(document.change.path)) {
        await addCellChanges(preview, sandbox, baseSource, document, settings.workspace, deadline);
    }
    return { preview, images };
}
/**
 * A signal for one document: the run's deadline, or DOCUMENT_SHARE_OF_TIME_LEFT of the time left when it
 * starts, whichever comes first.
 */
function documentTimeLimit(deadline) {
    if (deadline === undefined)
        return undefined;
    const limitMs = Math.max(0, Math.floor(deadline.timeLeftMs() * DOCUMENT_SHARE_OF_TIME_LEFT));
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(new Error(`it took longer than ${(0,duration/* formatDuration */.a)(Math.max(1, Math.round(limitMs / 1000)) * 1000)}, half of the time that was left for previews`)), limitMs);
    timer.unref();
    return { signal: AbortSignal.any([deadline.signal, own.signal]), dispose: () => clearTimeout(timer) };
}
/** Compares a workbook's cells at the base and the head; a failure is noted on the preview, never thrown. */
async function addCellChanges(preview, sandbox, baseFile, document, workspace, deadline) {
    let limit;
    try {
        await sandbox.ready(deadline?.signal);
        limit = documentTimeLimit(deadline);
        if (document.headSource === undefined)
            throw new Error('the head version was not found');
        // The head file is the repository's: read it only where it resolves inside the workspace.
        const resolved = await (0,promises_.realpath)(document.headSource);
        const root = await (0,promises_.realpath)(workspace);
        if (external_node_path_.relative(root, resolved).startsWith('..') || external_node_path_.isAbsolute(external_node_path_.relative(root, resolved))) {
            throw new Error('it resolves outside the workspace');
        }
        preview.cells = await compareWorkbooks(sandbox, baseFile, resolved, limit?.signal);
    }
    catch (error) {
        preview.cellsError = (0,http_errors/* reasonOf */.A3)(error);
    }
    finally {
        limit?.dispose();
    }
}

// EXTERNAL MODULE: ./lib/github/git-blob.js
var git_blob = __webpack_require__(89111);
// EXTERNAL MODULE: ./lib/github/links.js
var links = __webpack_require__(97578);
;// CONCATENATED MODULE: ./lib/previews/hosting.js
/**
 * Where the preview images live: one branch per pull request (`<prefix>pr-<number>`), moved on every run to a
 * new parentless commit whose tree holds only that run's images. Images are linked by that commit's SHA through
 * github.com (`/blob/<sha>/<path>?raw=true`), which serves them to whoever may read the repository, private ones
 * included, unlike raw.githubusercontent.com. Nothing lands on the default branch or in the pull request's diff;
 * a branch never holds more than one run's images, and the branches of closed pull requests are deleted, so
 * the repository does not grow with the number of runs.
 */






/** Open pull requests read to decide which preview branches to delete; beyond this, nothing is pruned. */
const MAX_OPEN_PULL_PAGES = 10;
/** Preview branches deleted per run at most. */
const MAX_PRUNED_PER_RUN = 20;
function previewBranch(prefix, pullNumber) {
    return `${prefix}pr-${pullNumber}`;
}
/** The URL through which github.com shows a file of a commit as an image, to anyone who can read the repository. */
function imageUrl(env, commitSha, repoPath) {
    const { owner, repo } = env.repository;
    return `${env.serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/${commitSha}/${(0,links/* encodeUrlPath */.xn)(repoPath)}?raw=true`;
}
/**
 * Commits the images as the only content of a new parentless commit and points the pull request's preview
 * branch at it (created, or force-moved: the previous run's commit is dropped). Throws WriteDeniedError when
 * the token may not write contents.
 */
async function hostImages(repository, env, branch, images, message) {
    const files = await Promise.all(images.map(async (image) => {
        const sizeBytes = (await (0,promises_.stat)(image.file)).size;
        return { absolutePath: image.file, workspacePath: image.path, outputPath: image.path, sizeBytes };
    }));
    const shas = new Map();
    for (const file of files)
        shas.set(file.workspacePath, await (0,git_blob/* gitBlobSha */.A)(file.absolutePath, file.sizeBytes));
    await (0,git_data/* createBlobs */.T6)(repository, files, shas);
    const { octokit, where } = repository;
    const { data: tree } = await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.createTree({
        ...where,
        tree: files.map((file) => ({
            path: file.workspacePath,
            mode: '100644',
            type: 'blob',
            sha: shas.get(file.workspacePath),
        })),
    }));
    const { data: commit } = await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.createCommit({ ...where, message, tree: tree.sha, parents: [] }));
    const current = await (0,git_data/* readBranchHead */.zO)(repository, branch);
    if (current === undefined) {
        try {
            await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: commit.sha }));
        }
        catch (error) {
            // Another run of the same pull request created it first: ours is newer, so take the branch over.
            if ((0,http_errors/* httpStatusOf */.s_)(error) !== 422)
                throw error;
            await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: true }));
        }
    }
    else {
        await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: true }));
    }
    const urls = new Map(images.map((image) => [image.file, imageUrl(env, commit.sha, image.path)]));
    return { branch, commitSha: commit.sha, urls };
}
/** Deletes a preview branch if there is one; best effort (a token that may not write leaves it). */
async function deletePreviewBranch(repository, branch) {
    const { octokit, where } = repository;
    try {
        await octokit.rest.git.deleteRef({ ...where, ref: `heads/${branch}` });
        return true;
    }
    catch (error) {
        core/* debug */.Yz(`previews: could not delete ${branch}: ${(0,http_errors/* reasonOf */.A3)(error)}`);
        return false;
    }
}
/**
 * Deletes the preview branches of pull requests that are no longer open (their comments' images go with
 * them). Best effort and bounded: a failure is a warning, and nothing is deleted when the open pull requests
 * could not all be read.
 */
async function pruneClosedPreviewBranches(repository, prefix, keep) {
    const { octokit, where } = repository;
    const deleted = [];
    try {
        const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...where, ref: `heads/${prefix}pr-` });
        const numbered = refs.flatMap((ref) => {
            const branch = ref.ref.replace(/^refs\/heads\//, '');
            const number = /^pr-(\d+)$/.exec(branch.slice(prefix.length))?.[1];
            return number !== undefined && branch.startsWith(prefix) && Number(number) !== keep
                ? [{ branch, number: Number(number) }]
                : [];
        });
        if (numbered.length === 0)
            return deleted;
        const open = new Set();
        let pages = 0;
        for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
            ...where,
            state: 'open',
            per_page: 100,
        })) {
            for (const pull of page.data)
                open.add(pull.number);
            // More open pull requests than are read: any branch might belong to an unread one.
            if (++pages >= MAX_OPEN_PULL_PAGES && page.data.length === 100)
                return deleted;
        }
        for (const { branch, number } of numbered) {
            if (open.has(number) || deleted.length >= MAX_PRUNED_PER_RUN)
                continue;
            if (await deletePreviewBranch(repository, branch))
                deleted.push(branch);
        }
    }
    catch (error) {
        core/* warning */.$e(`previews: could not delete the preview branches of closed pull requests: ${(0,http_errors/* reasonOf */.A3)(error)}`);
    }
    return deleted;
}

// EXTERNAL MODULE: ./lib/previews/wanted.js
var wanted = __webpack_require__(18190);
;// CONCATENATED MODULE: ./lib/previews/build-previews.js
/**
 * The previews stage, after the run: for each document the pull request changes, its PDF at the head (this
 * run's output) and at the base commit (fetched through the API, converted the same way) are rendered, their
 * pages aligned and compared, and the images of changed pages committed to the pull request's preview branch.
 * Returns typed data for the comment and the job summary; a document that fails is reported, never thrown.
 */













/** Documents previewed per run at most: each modified one costs a conversion of its base version. */
const MAX_DOCUMENTS = 20;
/** Images committed per run at most. */
const MAX_IMAGES = 150;
async function makePreviews(settings, results, env, convertBase, deadline, 
/** The pull request's file list when an earlier stage (changed-only) read it whole; else it is read here. */
pullRequestFiles) {
    if (!(0,wanted/* wantsPreviews */.r)(settings, env))
        return undefined;
    if (!settings.formats.includes('pdf')) {
        core/* notice */.lm('previews: skipped, "format" has no pdf (previews are rendered from the PDF output)');
        return undefined;
    }
    const pullRequest = env.pullRequest;
    if (!pullRequest) {
        core/* notice */.lm('previews: skipped, this run is not for a pull request');
        return undefined;
    }
    const octokit = (0,client.createGitHubClient)(settings.publish.githubToken, env);
    if (!octokit || !env.repository.owner) {
        core/* warning */.$e('previews: skipped, no github-token was given or the repository is unknown');
        return undefined;
    }
    const repository = {
        octokit,
        where: { owner: env.repository.owner, repo: env.repository.repo },
        apiUrl: env.apiUrl,
        token: settings.publish.githubToken,
    };
    const work = await (0,promises_.mkdtemp)(external_node_path_.join(env.temporaryDirectory, 'previews-'));
    const sandbox = new DocumentSandbox();
    try {
        let changed;
        try {
            changed = pullRequestFiles
                ? changedFilesOf(pullRequestFiles)
                : await listChangedFiles(repository, pullRequest.number);
        }
        catch (error) {
            core/* warning */.$e(`previews: skipped, the pull request's files could not be listed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
            return undefined;
        }
        const { documents, omitted } = selectDocuments(changed, results, settings);
        core/* info */.pq(`previews: ${documents.length} changed document(s) of ${changed.length} changed file(s), against ${pullRequest.baseSha.slice(0, 7) || 'an unknown base'}`);
        const report = {
            documents: [],
            omittedDocuments: omitted,
            maxPages: settings.previews.maxPages,
        };
        const { answers: basePdfs, sources: baseSources } = await fetchAndConvertBases(repository, documents, pullRequest.baseSha, work, convertBase);
        const localImages = [];
        for (const [index, document] of documents.entries()) {
            const { preview, images } = await previewDocument(document, {
                base: basePdfs.get(document.change.path),
                baseSource: baseSources.get(document.change.path),
                directory: external_node_path_.join(work, 'images', String(index + 1)),
                sandbox,
                settings,
                deadline,
            });
            report.documents.push(preview);
            localImages.push(images);
        }
        await publishImages(repository, env, settings, pullRequest.number, report, localImages);
        if (hasTextChanges(report)) {
            try {
                report.changesFile = await writeChangesFile(report, settings.outputDir, settings.sharding.shard);
            }
            catch (error) {
                core/* warning */.$e(`previews: ${changesFileName(settings.sharding.shard)} could not be written: ${(0,http_errors/* reasonOf */.A3)(error)}`);
            }
        }
        return report;
    }
    finally {
        await sandbox.close();
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/** The changed files this run converted to PDF (or that are removed and would have been), up to the cap. */
function selectDocuments(changed, results, settings) {
    const pdfOf = new Map();
    for (const result of results) {
        if (result.job.format === 'pdf' && (0,convert_results/* hasOutputs */.PA)(result.status) && result.outputs[0] !== undefined) {
            pdfOf.set(result.job.source.workspacePath, {
                pdf: result.outputs[0],
                source: result.job.source.absolutePath,
            });
        }
    }
    const all = [];
    for (const change of changed) {
        if (change.status === 'removed') {
            if (matchesPatterns(change.path, settings.patterns))
                all.push({ change, headPdf: undefined });
        }
        else {
            const head = pdfOf.get(change.path);
            if (head !== undefined)
                all.push({ change, headPdf: head.pdf, headSource: head.source });
        }
    }
    return { documents: all.slice(0, MAX_DOCUMENTS), omitted: Math.max(0, all.length - MAX_DOCUMENTS) };
}
/** Whether a repository path would have been picked by the `path` input (a removed file cannot be globbed). */
function matchesPatterns(repoPath, patterns) {
    let included = false;
    for (const pattern of patterns) {
        const negated = pattern.startsWith('!');
        const body = pattern.replace(/^!+/, '').replace(/^\.\//, '').replace(/\/+$/, '');
        const matches = external_node_path_.posix.matchesGlob(repoPath, body) || repoPath.startsWith(`${body}/`);
        if (matches)
            included = !negated;
    }
    return included;
}
async function fetchAndConvertBases(repository, documents, baseSha, work, convertBase) {
    const answers = new Map();
    const sources = [];
    for (const [index, document] of documents.entries()) {
        if (document.change.status !== 'modified')
            continue;
        if (!baseSha) {
            answers.set(document.change.path, { error: 'the event does not name the base commit' });
            continue;
        }
        const folder = external_node_path_.join(work, 'base', String(index + 1));
        await (0,promises_.mkdir)(folder, { recursive: true });
        // The base file keeps its name: the engine tells the source format by the extension.
        const name = external_node_path_.posix.basename(document.change.basePath);
        // The name comes from the API: never one that would leave the folder.
        const file = external_node_path_.join(folder, name === '' || name === '.' || name === '..' ? 'document' : name);
        try {
            const sizeBytes = await downloadBaseVersion(repository, document.change.basePath, baseSha, file);
            sources.push({
                repoPath: document.change.path,
                file,
                sizeBytes,
                outputDirectory: external_node_path_.join(folder, 'pdf'),
            });
        }
        catch (error) {
            const reason = error instanceof NotAtBaseError ? error.message : `could not fetch it: ${(0,http_errors/* reasonOf */.A3)(error)}`;
            answers.set(document.change.path, { error: reason });
        }
    }
    if (sources.length > 0) {
        for (const [key, answer] of await convertBase(sources))
            answers.set(key, answer);
    }
    return { answers, sources: new Map(sources.map((source) => [source.repoPath, source.file])) };
}
/** A plan converting each base source to PDF, for the run's engine. */
function basePlan(sources) {
    const documents = [];
    const jobs = [];
    for (const [documentIndex, source] of sources.entries()) {
        const name = external_node_path_.basename(source.file);
        const dot = name.lastIndexOf('.');
        const document = {
            absolutePath: source.file,
            workspacePath: source.repoPath,
            outputSubdir: '',
            stem: dot > 0 ? name.slice(0, dot) : name,
            extension: dot > 0 ? name.slice(dot + 1).toLowerCase() : '',
            sizeBytes: source.sizeBytes,
        };
        documents.push(document);
        jobs.push({
            id: `${documentIndex}-pdf`,
            documentIndex,
            source: document,
            format: 'pdf',
            outputDirectory: source.outputDirectory,
            expectedOutput: `${source.repoPath} (base) → pdf`,
        });
    }
    return { documents, jobs };
}
/** The base PDFs a run of `basePlan` produced, by repository path. */
function basePdfsOf(results) {
    const answers = new Map();
    for (const result of results) {
        const pdf = result.outputs[0];
        answers.set(result.job.source.workspacePath, (0,convert_results/* hasOutputs */.PA)(result.status) && pdf !== undefined ? { pdf } : { error: result.error ?? result.status });
    }
    return answers;
}
async function publishImages(repository, env, settings, pullNumber, report, localImages) {
    const toHost = [];
    const kept = [];
    for (const [index, pages] of localImages.entries()) {
        const document = report.documents[index];
        const fitting = [];
        for (const page of pages) {
            const files = [page.before, page.after, page.diff].filter((file) => file !== undefined);
            if (toHost.length + files.length > MAX_IMAGES)
                break;
            for (const file of files)
                toHost.push({ file, path: `${index + 1}/${external_node_path_.basename(file)}` });
            fitting.push(page);
        }
        kept.push({ document, pages: fitting });
    }
    const branch = previewBranch(settings.previews.branchPrefix, pullNumber);
    if (toHost.length === 0) {
        // Nothing to show any more: the images of an earlier run go too.
        await deletePreviewBranch(repository, branch);
        return;
    }
    try {
        const hosted = await hostImages(repository, env, branch, toHost, `Page previews of pull request #${pullNumber} (run ${env.runId})`);
        const url = (file) => (file === undefined ? undefined : hosted.urls.get(file));
        for (const { document, pages } of kept) {
            document.images = pages.map((page) => {
                const links = { change: page.change };
                const before = url(page.before);
                const after = url(page.after);
                const diff = url(page.diff);
                if (before)
                    links.before = before;
                if (after)
                    links.after = after;
                if (diff)
                    links.diff = diff;
                return links;
            });
        }
        core/* info */.pq(`previews: ${toHost.length} image(s) committed to ${branch} (${hosted.commitSha.slice(0, 7)})`);
    }
    catch (error) {
        if (error instanceof git_data/* WriteDeniedError */.dB && settings.previews.mode === 'auto') {
            // Previews on by default: a workflow that never granted contents: write is not doing anything wrong.
            report.imagesNote = `no page images: ${http_errors/* CONTENTS_WRITE_HINT */.$R}`;
            core/* info */.pq(`previews: ${report.imagesNote}; the page changes are listed as text.`);
            return;
        }
        report.imagesWarning =
            error instanceof git_data/* WriteDeniedError */.dB
                ? `the page images could not be stored: ${http_errors/* CONTENTS_WRITE_HINT */.$R}`
                : `the page images could not be stored: ${(0,http_errors/* reasonOf */.A3)(error)}`;
        core/* warning */.$e(`previews: ${report.imagesWarning}`);
        return;
    }
    const pruned = await pruneClosedPreviewBranches(repository, settings.previews.branchPrefix, pullNumber);
    if (pruned.length > 0)
        core/* info */.pq(`previews: deleted ${pruned.length} branch(es) of closed pull requests`);
}


/***/ })

};
