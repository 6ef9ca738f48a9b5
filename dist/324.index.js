export const id = 324;
export const ids = [324];
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

/***/ 12324:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishResults: () => (/* binding */ publishResults)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./lib/common/untrusted-text.js
var untrusted_text = __webpack_require__(16991);
// EXTERNAL MODULE: ./lib/github/client.js
var client = __webpack_require__(70636);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 28 modules
var artifact = __webpack_require__(76799);
// EXTERNAL MODULE: ./lib/common/in-parallel.js
var in_parallel = __webpack_require__(98132);
// EXTERNAL MODULE: ./lib/github/http-errors.js
var http_errors = __webpack_require__(38291);
// EXTERNAL MODULE: ./lib/github/links.js
var links = __webpack_require__(97578);
;// CONCATENATED MODULE: ./lib/publish/names.js
/**
 * Names the converted files take where a path cannot be used as is: inside the zipped artifact, as per-file
 * artifacts and as release assets. Pure functions; the same input list always gives the same names, so a re-run
 * finds (and replaces) what the previous run published.
 */
/** Characters the artifact service refuses in paths inside an artifact. */
const FORBIDDEN_IN_ARTIFACT_PATH = /[":<>|*?\r\n]/g;
/** ... and, in an artifact's name, the path separators too. */
const FORBIDDEN_IN_ARTIFACT_NAME = /[":<>|*?\r\n\\]/g;
/** Splits `name.ext` into stem and `.ext`; a leading dot is part of the stem (`.profile` has no extension). */
function splitExtension(name) {
    const lastSlash = name.lastIndexOf('/');
    const dot = name.lastIndexOf('.');
    if (dot <= lastSlash + 1)
        return { stem: name, extension: '' };
    return { stem: name.slice(0, dot), extension: name.slice(dot) };
}
/** A path inside the zipped artifact the service accepts: forbidden characters become `_`, `/` stays. */
function artifactEntryPath(outputPath) {
    return outputPath.replace(FORBIDDEN_IN_ARTIFACT_PATH, '_');
}
/** The name of a file's own artifact: its path relative to output-dir, `/` → `-`, forbidden characters → `_`. */
function perFileArtifactName(outputPath) {
    return outputPath.replace(FORBIDDEN_IN_ARTIFACT_NAME, '_').replaceAll('/', '-');
}
/**
 * The name of a file's release asset. GitHub renames asset names with characters other than letters, digits,
 * `.`, `-` and `_` (a space becomes `.`), so the name is made of those characters up front: the name asked for is
 * the name stored, and the next run finds the asset to replace. `/` → `-`; accents are dropped (é → e).
 */
function releaseAssetName(outputPath) {
    const { stem, extension } = splitExtension(outputPath.replaceAll('/', '-'));
    const clean = (text) => text
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .replace(/[^A-Za-z0-9._-]/g, '.')
        .replace(/\.{2,}/g, '.')
        .replace(/^\.+|\.+$/g, '');
    const cleanStem = clean(stem) || 'document';
    const cleanExtension = clean(extension);
    return cleanExtension ? `${cleanStem}.${cleanExtension}` : cleanStem;
}
/**
 * Makes names unique without regard to case, keeping the first of equal names as is and numbering the others
 * before their extension (`a.pdf`, `a-2.pdf`). `taken` holds names already used elsewhere (e.g. the zipped artifact).
 */
function uniqueNames(names, taken = []) {
    const used = new Set();
    for (const name of taken)
        used.add(name.toLowerCase());
    return names.map((name) => {
        let candidate = name;
        const { stem, extension } = splitExtension(name);
        for (let n = 2; used.has(candidate.toLowerCase()); n++)
            candidate = `${stem}-${n}${extension}`;
        used.add(candidate.toLowerCase());
        return candidate;
    });
}

// EXTERNAL MODULE: ./lib/settings/runner.js
var runner = __webpack_require__(83711);
;// CONCATENATED MODULE: ./lib/publish/outcome.js

function emptyOutcome() {
    return { fileLinks: new Map(), failures: [], notices: [] };
}
function addFileLink(outcome, absolutePath, links) {
    outcome.fileLinks.set(absolutePath, { ...outcome.fileLinks.get(absolutePath), ...links });
}
/**
 * What stops a repository-writing step (commit, release) before it starts, recorded on the outcome: nothing to
 * send is a notice, a missing token or repository is a failure. Returns the client when the step can go on.
 */
function readyToWrite(step, files, octokit, env, outcome) {
    if (files.length === 0) {
        outcome.notices.push(`${step}: skipped, no converted files to ${step === 'commit' ? 'commit' : 'upload'}`);
        return undefined;
    }
    if (!octokit) {
        outcome.failures.push(`${step}: no github-token was given`);
        return undefined;
    }
    if (!(0,runner/* hasRepository */.Xw)(env)) {
        outcome.failures.push(`${step}: not running in a GitHub repository (GITHUB_REPOSITORY is not set)`);
        return undefined;
    }
    return octokit;
}

;// CONCATENATED MODULE: ./lib/publish/artifact.js
/**
 * Artifacts of the run: one zipped artifact of every converted file (paths kept relative to output-dir) and,
 * with artifact-per-file, one unzipped artifact per file, so each opens straight from the run page.
 */










const PER_FILE_PARALLEL_UPLOADS = 3;
/** GitHub keeps at most this many artifacts per job; the zipped artifact takes one of them. */
const MAX_ARTIFACTS_PER_JOB = 500;
const GHES_NOTICE = 'artifact: skipped, GitHub Enterprise Server does not support @actions/artifact v2+; use publish: none or actions/upload-artifact@v3 on GHES';
/** Puts `source` at `target`: a symbolic link when the system allows one (the client follows it), else a copy. */
async function placeAt(source, target) {
    await (0,promises_.mkdir)(external_node_path_.dirname(target), { recursive: true });
    try {
        await (0,promises_.symlink)(source, target);
    }
    catch {
        await (0,promises_.copyFile)(source, target);
    }
}
async function withStagingDirectory(parent, use) {
    const directory = await (0,promises_.mkdtemp)(external_node_path_.join(parent, 'convert-documents-artifact-'));
    try {
        return await use(directory);
    }
    finally {
        await (0,promises_.rm)(directory, { recursive: true, force: true });
    }
}
function uploadOptions(settings, extra = {}) {
    return settings.retentionDays === undefined ? extra : { ...extra, retentionDays: settings.retentionDays };
}
async function uploadZipped(files, outputDir, settings, uploader, temporaryDirectory) {
    const entries = files.map((file) => artifactEntryPath(file.outputPath));
    const needsRenaming = entries.some((entry, i) => entry !== files[i]?.outputPath);
    if (!needsRenaming) {
        return uploader.uploadArtifact(settings.artifactName, files.map((file) => file.absolutePath), outputDir, uploadOptions(settings));
    }
    // The service refuses some characters in paths; such files go in under a cleaned path instead of failing the upload.
    const uniqueEntries = uniqueNames(entries);
    return withStagingDirectory(temporaryDirectory, async (directory) => {
        const staged = [];
        for (const [i, file] of files.entries()) {
            const target = external_node_path_.join(directory, ...(uniqueEntries[i] ?? '').split('/'));
            await placeAt(file.absolutePath, target);
            staged.push(target);
            if (uniqueEntries[i] !== file.outputPath) {
                core/* info */.pq(`artifact: ${(0,untrusted_text/* untrustedText */.Ui)(file.outputPath)} is stored as ${(0,untrusted_text/* untrustedText */.Ui)(uniqueEntries[i] ?? '')} (characters the artifact service refuses)`);
            }
        }
        return uploader.uploadArtifact(settings.artifactName, staged, directory, uploadOptions(settings));
    });
}
async function uploadPerFile(files, settings, env, uploader, outcome) {
    const names = uniqueNames(files.map((file) => perFileArtifactName(file.outputPath)), [settings.artifactName]);
    await withStagingDirectory(env.temporaryDirectory, async (directory) => {
        await (0,in_parallel/* forEachInParallel */.P)(files, PER_FILE_PARALLEL_UPLOADS, async (file, i) => {
            const name = names[i];
            // With skipArchive the client names the artifact after the file, so the file is put in under that name.
            const staged = external_node_path_.join(directory, String(i), name);
            try {
                await placeAt(file.absolutePath, staged);
                const response = await uploader.uploadArtifact(name, [staged], external_node_path_.dirname(staged), uploadOptions(settings, { skipArchive: true }));
                if (response.id === undefined)
                    throw new Error('the artifact service returned no artifact id');
                const link = (0,links/* githubLink */.Kp)((0,links/* artifactUrl */.Wk)(env, response.id), env);
                if (link)
                    addFileLink(outcome, file.absolutePath, { artifact: link });
            }
            catch (error) {
                outcome.failures.push(`artifact: upload of ${file.workspacePath} as artifact '${name}' failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
            }
        });
    });
}
/** Per-file artifacts for as many files as the job's artifact limit leaves room for; the others are noted. */
async function publishPerFile(files, settings, env, uploader, outcome, maxArtifactsPerJob) {
    const room = Math.max(0, maxArtifactsPerJob - 1);
    const included = files.slice(0, room);
    const left = files.length - included.length;
    if (left > 0) {
        outcome.notices.push(`artifact: ${left} of ${files.length} files got no artifact of their own (GitHub allows ${maxArtifactsPerJob} artifacts per job, one of them the zipped artifact); they are in the zipped artifact '${settings.artifactName}'`);
    }
    if (included.length === 0)
        return;
    const failuresBefore = outcome.failures.length;
    try {
        await uploadPerFile(included, settings, env, uploader, outcome);
    }
    catch (error) {
        // Staging (the temporary directory the files are linked into) failed; each upload records its own failure.
        outcome.failures.push(`artifact: per-file artifacts failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
        return;
    }
    const failed = outcome.failures.length - failuresBefore;
    core/* info */.pq(`artifact: uploaded ${included.length - failed} of ${included.length} per-file artifacts`);
}
async function publishArtifacts(files, outputDir, settings, env, outcome, uploader = new artifact/* DefaultArtifactClient */.t9(), maxArtifactsPerJob = MAX_ARTIFACTS_PER_JOB, attachments = []) {
    if (!env.artifactServiceAvailable) {
        outcome.notices.push('artifact: skipped, not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)');
        return;
    }
    if (files.length === 0 && attachments.length === 0) {
        outcome.notices.push('artifact: skipped, no converted files to upload');
        return;
    }
    try {
        const response = await uploadZipped([...files, ...attachments], outputDir, settings, uploader, env.temporaryDirectory);
        if (response.id === undefined)
            throw new Error('the artifact service returned no artifact id');
        outcome.artifactId = response.id;
        const link = (0,links/* githubLink */.Kp)((0,links/* artifactUrl */.Wk)(env, response.id), env);
        if (link)
            outcome.artifactUrl = link;
        core/* info */.pq(`artifact: uploaded ${settings.artifactName} (${files.length} files): ${link ?? 'see the run page'}`);
    }
    catch (error) {
        // Not a failure of this run: the server has no artifact service v4 (every per-file upload would be refused too).
        if (error instanceof Error && error.name === 'GHESNotSupportedError') {
            outcome.notices.push(GHES_NOTICE);
            return;
        }
        outcome.failures.push(`artifact: upload of '${settings.artifactName}' failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
    }
    if (settings.artifactPerFile) {
        await publishPerFile(files, settings, env, uploader, outcome, maxArtifactsPerJob);
    }
}

// EXTERNAL MODULE: ./lib/github/git-blob.js
var git_blob = __webpack_require__(89111);
// EXTERNAL MODULE: ./lib/github/git-data.js
var git_data = __webpack_require__(40516);
// EXTERNAL MODULE: ./lib/common/safe-files.js
var safe_files = __webpack_require__(35826);
// EXTERNAL MODULE: ./lib/convert/results.js
var convert_results = __webpack_require__(16937);
;// CONCATENATED MODULE: ./lib/publish/files.js
/** The converted files every publishing step works from, with the paths each step names them by. */




function toPosixRelative(from, to) {
    const relative = external_node_path_.relative(from, to);
    if (relative === '' || relative.startsWith('..') || external_node_path_.isAbsolute(relative))
        return undefined;
    return relative.split(external_node_path_.sep).join('/');
}
/** Every output of a converted or cached job, once each, sorted by workspace path. */
async function collectConvertedFiles(results, workspace, outputDir) {
    const unique = new Set();
    for (const result of results) {
        if (!(0,convert_results/* hasOutputs */.PA)(result.status))
            continue;
        for (const output of result.outputs)
            unique.add(external_node_path_.resolve(output));
    }
    return filesAt(unique, workspace, outputDir);
}
/** The files at these absolute paths, as publishing names them, sorted by workspace path. */
async function filesAt(absolutePaths, workspace, outputDir) {
    const unique = new Set([...absolutePaths].map((file) => external_node_path_.resolve(file)));
    const files = [];
    const problems = [];
    for (const absolutePath of unique) {
        const workspacePath = toPosixRelative(workspace, absolutePath);
        const outputPath = toPosixRelative(outputDir, absolutePath);
        if (workspacePath === undefined || outputPath === undefined) {
            problems.push(`${absolutePath} is outside the output directory ${outputDir}`);
            continue;
        }
        // Judged by what it is, not where its name leads: a link to .git/config must never be published.
        const why = await (0,safe_files/* whyNotRegularFileInside */.Gu)(outputDir, absolutePath);
        if (why === 'it is missing') {
            problems.push(`${workspacePath} is missing on disk`);
            continue;
        }
        if (why !== undefined) {
            problems.push(`${workspacePath} is not a regular file inside output-dir (${why}); not published`);
            continue;
        }
        files.push({ absolutePath, workspacePath, outputPath, sizeBytes: (await (0,promises_.lstat)(absolutePath)).size });
    }
    files.sort((a, b) => (a.workspacePath < b.workspacePath ? -1 : a.workspacePath > b.workspacePath ? 1 : 0));
    return { files, problems };
}

;// CONCATENATED MODULE: ./lib/publish/commit.js
/**
 * A commit of the converted files through the Git Data API: only files whose content differs from the branch
 * head are uploaded, the tree is built on top of the head's tree, and the branch is moved without force. When
 * another commit lands in between, the commit is rebuilt on the new head, so neither commit is lost. Files go in
 * at their path in the checked-out repository, which need not be the workspace itself.
 */










/** GitHub refuses files larger than this in a repository. */
const GITHUB_FILE_LIMIT_BYTES = 100 * 1024 * 1024;
/** GitHub warns about files larger than this. */
const GITHUB_FILE_WARNING_BYTES = 50 * 1024 * 1024;
const MAX_COMMIT_ATTEMPTS = 5;
const REGULAR_FILE_MODE = '100644';
function mebibytes(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** The branch that receives the commit, or why there is none. */
function commitBranchFor(settings, env) {
    if (settings.commitBranch)
        return { branch: settings.commitBranch };
    const pr = env.pullRequest;
    const thisRepository = `${env.repository.owner}/${env.repository.repo}`;
    if (pr?.headRef) {
        if (pr.headRepoFullName && pr.headRepoFullName.toLowerCase() !== thisRepository.toLowerCase()) {
            return {
                error: `the pull request's branch is in the fork ${pr.headRepoFullName}, which this run's token cannot push to; set commit-branch to a branch of ${thisRepository}`,
            };
        }
        return { branch: pr.headRef };
    }
    if (env.ref.startsWith('refs/heads/'))
        return { branch: env.ref.slice('refs/heads/'.length) };
    return { error: `cannot tell which branch to commit to (GITHUB_REF is '${env.ref}'); set commit-branch` };
}
/**
 * The root of the checkout holding the outputs: the nearest directory with a `.git` entry (a directory, or a
 * file in a worktree or submodule), looking up from output-dir (or the workspace, when output-dir contains it).
 * Without one, paths are taken relative to the workspace.
 */
async function findRepositoryRoot({ workspace, outputDir }) {
    const outputInWorkspace = external_node_path_.resolve(outputDir) === external_node_path_.resolve(workspace) ||
        toPosixRelative(workspace, outputDir) !== undefined;
    let directory = external_node_path_.resolve(outputInWorkspace ? outputDir : workspace);
    for (;;) {
        try {
            await (0,promises_.lstat)(external_node_path_.join(directory, '.git'));
            return directory;
        }
        catch {
            // not here; look one level up
        }
        const parent = external_node_path_.dirname(directory);
        if (parent === directory)
            break;
        directory = parent;
    }
    core/* debug */.Yz(`commit: no .git found at or above ${outputInWorkspace ? outputDir : workspace}; committing paths relative to the workspace ${workspace}`);
    return workspace;
}
function refuseOversized(files) {
    for (const file of files) {
        if (file.sizeBytes > GITHUB_FILE_WARNING_BYTES && file.sizeBytes <= GITHUB_FILE_LIMIT_BYTES) {
            core/* warning */.$e(`commit: ${file.workspacePath} is ${mebibytes(file.sizeBytes)}; GitHub recommends files under 50 MiB`);
        }
    }
    const oversized = files.filter((file) => file.sizeBytes > GITHUB_FILE_LIMIT_BYTES);
    if (oversized.length === 0)
        return undefined;
    const list = oversized.map((file) => `${file.workspacePath} (${mebibytes(file.sizeBytes)})`).join(', ');
    return `commit: refused, nothing was written: GitHub does not accept files over 100 MiB: ${list}`;
}
function linkFiles(job, commitSha) {
    for (const file of job.files) {
        const link = (0,links/* githubLink */.Kp)((0,links/* committedFileUrl */.wt)(job.env, commitSha, file.repositoryPath), job.env);
        if (link)
            addFileLink(job.outcome, file.absolutePath, { commit: link });
    }
}
async function commitOnce(job) {
    const { repository, branch, files, shas, outcome } = job;
    const { octokit, where } = repository;
    const shaOf = (file) => shas.get(file.workspacePath);
    const head = await (0,git_data/* readOrCreateBranch */.a4)(repository, branch, job.env.sha);
    const existing = await (0,git_data/* entriesAt */.ws)(repository, head.treeSha, [
        ...files.map((file) => file.repositoryPath),
        ...job.removed,
    ]);
    const changed = files.filter((file) => {
        const entry = existing.get(file.repositoryPath);
        return entry?.sha !== shaOf(file) || entry.mode !== REGULAR_FILE_MODE;
    });
    const deleted = job.removed.filter((repositoryPath) => existing.has(repositoryPath));
    if (changed.length === 0 && deleted.length === 0) {
        outcome.notices.push(`commit: nothing changed on ${branch}, no commit made`);
        linkFiles(job, head.commitSha);
        return 'done';
    }
    await (0,git_data/* createBlobs */.T6)(repository, changed.filter((file) => !job.uploaded.has(shaOf(file))), shas);
    for (const file of changed)
        job.uploaded.add(shaOf(file));
    const { data: tree } = await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.createTree({
        ...where,
        base_tree: head.treeSha,
        tree: [
            ...changed.map((file) => ({
                path: file.repositoryPath,
                mode: REGULAR_FILE_MODE,
                type: 'blob',
                sha: shaOf(file),
            })),
            // A null sha deletes the path from the base tree.
            ...deleted.map((repositoryPath) => ({
                path: repositoryPath,
                mode: REGULAR_FILE_MODE,
                type: 'blob',
                sha: null,
            })),
        ],
    }));
    const { data: commit } = await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.createCommit({
        ...where,
        message: job.settings.commitMessage,
        tree: tree.sha,
        parents: [head.commitSha],
    }));
    // Checked before it is used anywhere: a crafted answer must not steer the ref update, an output or a link.
    const commitSha = (0,links/* commitShaFromApi */.ss)(commit.sha);
    try {
        await (0,git_data/* asWrite */.aQ)(() => octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commitSha, force: false }));
    }
    catch (error) {
        // 422 is how GitHub refuses an update that is not a fast-forward; it is a race only if the branch really moved.
        if ((0,http_errors/* httpStatusOf */.s_)(error) === 422 && (await (0,git_data/* readBranchHead */.zO)(repository, branch)) !== head.commitSha) {
            return 'branch-moved';
        }
        throw error;
    }
    outcome.commitSha = commitSha;
    const link = (0,links/* githubLink */.Kp)((0,links/* commitUrl */.Bg)(job.env, commitSha), job.env);
    if (link)
        outcome.commitUrl = link;
    linkFiles(job, commitSha);
    const removedNote = deleted.length > 0 ? `, ${deleted.length} removed,` : '';
    core/* info */.pq(`commit: ${changed.length} changed file(s)${removedNote} committed to ${(0,untrusted_text/* untrustedText */.Ui)(branch)}: ${link ?? commitSha}`);
    return 'done';
}
async function publishCommit(files, settings, env, maybeOctokit, outcome, location, 
/** Publishing's deadline: stops a streamed blob. */
signal, 
/** Absolute paths of outputs to delete from the branch (outputs of deleted sources). */
removed = []) {
    const octokit = readyToWrite('commit', files, maybeOctokit, env, outcome);
    if (!octokit)
        return;
    const refusal = refuseOversized(files);
    if (refusal) {
        outcome.failures.push(refusal);
        return;
    }
    const target = commitBranchFor(settings, env);
    if ('error' in target) {
        outcome.failures.push(`commit: ${target.error}`);
        return;
    }
    try {
        const root = await findRepositoryRoot(location);
        const commitFiles = files.map((file) => ({
            ...file,
            repositoryPath: toPosixRelative(root, file.absolutePath) ?? file.workspacePath,
        }));
        const shas = new Map();
        for (const file of files)
            shas.set(file.workspacePath, await (0,git_blob/* gitBlobSha */.A)(file.absolutePath, file.sizeBytes));
        const job = {
            repository: {
                octokit,
                where: { owner: env.repository.owner, repo: env.repository.repo },
                apiUrl: env.apiUrl,
                token: settings.githubToken,
                signal,
            },
            branch: target.branch,
            files: commitFiles,
            removed: removed.map((file) => toPosixRelative(root, file) ?? toPosixRelative(location.workspace, file) ?? file),
            shas,
            uploaded: new Set(),
            settings,
            env,
            outcome,
        };
        for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            if ((await commitOnce(job)) === 'done')
                return;
            core/* info */.pq(`commit: ${(0,untrusted_text/* untrustedText */.Ui)(target.branch)} moved while committing (attempt ${attempt} of ${MAX_COMMIT_ATTEMPTS})`);
        }
        outcome.failures.push(`commit: ${target.branch} kept moving; gave up after ${MAX_COMMIT_ATTEMPTS} attempts (the branch is never force-updated)`);
    }
    catch (error) {
        if (error instanceof git_data/* WriteDeniedError */.dB || (0,http_errors/* httpStatusOf */.s_)(error) === 403) {
            outcome.failures.push(`commit: ${http_errors/* CONTENTS_WRITE_HINT */.$R} (${(0,http_errors/* reasonOf */.A3)(error)})`);
        }
        else {
            outcome.failures.push(`commit: to ${target.branch} failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
        }
    }
}

// EXTERNAL MODULE: ./lib/common/duration.js
var duration = __webpack_require__(42081);
// EXTERNAL MODULE: ./lib/convert/deadline.js
var deadline = __webpack_require__(10115);
;// CONCATENATED MODULE: ./lib/publish/deadline.js
/**
 * Publishing runs under a deadline of its own, derived from `timeout`: as long as the conversion was allowed, at
 * most 10 minutes. Every GitHub API request also gives up after a minute. A step still running at the deadline is
 * abandoned and the steps after it are not started; each is reported as a failure, so the outputs and the summary
 * say what was published and what was not.
 */



const MAX_PUBLISHING_MS = 10 * 60_000;
/** A step that honours the deadline's signal ends within this; one that does not is then abandoned. */
const ABANDON_AFTER_MS = 1_000;
function publishingDeadlineMs(timeoutMs) {
    return Math.min(timeoutMs, MAX_PUBLISHING_MS);
}
function startPublishingDeadline(timeoutMs) {
    const ms = publishingDeadlineMs(timeoutMs);
    return (0,deadline/* startDeadline */.d)(ms, (0,duration/* formatDuration */.a)(ms), `publishing passed its deadline (${(0,duration/* formatDuration */.a)(ms)})`);
}
/** Runs one publishing step unless the deadline has passed; records on the outcome a step it could not finish. */
async function runBeforeDeadline(step, work, deadline, outcome) {
    if (deadline.aborted) {
        outcome.failures.push(`${step}: not started: ${(0,http_errors/* reasonOf */.A3)(deadline.reason)}`);
        return;
    }
    let stopWaiting = () => { };
    const abandoned = new Promise((resolve) => {
        let timer;
        const onAbort = () => {
            timer = setTimeout(() => resolve('abandoned'), ABANDON_AFTER_MS);
        };
        deadline.addEventListener('abort', onAbort, { once: true });
        stopWaiting = () => {
            clearTimeout(timer);
            deadline.removeEventListener('abort', onAbort);
        };
    });
    const finished = work().then(() => 'finished', (error) => {
        outcome.failures.push(`${step}: failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
        return 'finished';
    });
    try {
        if ((await Promise.race([finished, abandoned])) === 'abandoned') {
            outcome.failures.push(`${step}: still running when ${(0,http_errors/* reasonOf */.A3)(deadline.reason)}; abandoned`);
        }
    }
    finally {
        stopWaiting();
    }
}

// EXTERNAL MODULE: ./lib/publish/comment-wanted.js
var comment_wanted = __webpack_require__(11488);
// EXTERNAL MODULE: ./lib/common/budget.js
var budget = __webpack_require__(24336);
// EXTERNAL MODULE: ./lib/common/markdown.js
var markdown = __webpack_require__(88220);
// EXTERNAL MODULE: ./lib/previews/markdown.js
var previews_markdown = __webpack_require__(62272);
// EXTERNAL MODULE: ./lib/settings/report-path.js
var report_path = __webpack_require__(30083);
// EXTERNAL MODULE: ./lib/publish/markdown.js
var publish_markdown = __webpack_require__(56094);
;// CONCATENATED MODULE: ./lib/publish/pr-comment.js
/**
 * One comment per pull request listing the results with their links, found again by a hidden marker and
 * edited in place on every run. Only a bot's comment that starts with the marker is edited: a person quoting
 * the marker keeps their comment. A token that may not comment gives a warning, never a failed step.
 */













/** GitHub refuses comments longer than this. */
const COMMENT_LIMIT = 65_536;
const MAX_LISTED_FAILURES = 30;
/** Pages of 100 comments read when looking for this action's comment. */
const MAX_COMMENT_PAGES = 30;
const NO_PERMISSION_HINT = 'needs permissions: pull-requests: write; pull requests from forks get a read-only token';
/**
 * The hidden line that identifies this action's comment: the workflow and the artifact name, so two workflows
 * (or two steps with different artifact names) keep a comment each.
 */
function commentMarker(env, artifactName) {
    const id = `${env.workflow}/${artifactName}`.replace(/-{2,}|[<>\r\n]/g, '_');
    return `<!-- convert-documents-action:${id} -->`;
}
/** The comment's Markdown. Pure: the same results and outcome always give the same text. */
function renderCommentBody(results, outcome, env, settings, previews) {
    const totals = (0,convert_results/* totalsOf */.vA)(results);
    // Blocks are separated by a blank line: a line right after a table would be read as one more row.
    const head = [
        `${commentMarker(env, settings.publish.artifactName)}\n### Converted documents`,
        `**${totals.converted} converted**, ${cachedPart(totals.cached)}${totals.failed} failed, ${totals.timedOut} timed out · [workflow run](${(0,links/* runUrl */.Vp)(env)})`,
    ];
    const tail = [];
    const published = (0,publish_markdown/* renderPublishedLinks */.I_)(outcome, settings.publish.artifactName);
    if (published)
        tail.push(`Published: ${published}`);
    if (outcome.failures.length > 0) {
        const listed = outcome.failures
            .slice(0, MAX_LISTED_FAILURES)
            .map((failure) => `- ${(0,markdown/* escapeMarkdown */.F)((0,untrusted_text/* untrustedText */.Ui)(failure, untrusted_text/* SHOWN_MESSAGE_LENGTH */.dt))}`);
        const more = outcome.failures.length - listed.length;
        if (more > 0)
            listed.push(`- …and ${more} more in the workflow run's log`);
        tail.push('**Publishing failed:**', listed.join('\n'));
    }
    const fixedLength = [...head, ...tail].join('\n\n').length;
    // Room is kept for the note under a table that did not fit (a few hundred characters at most).
    const table = (0,publish_markdown/* renderResultsTable */.v4)(results, outcome, settings, {
        limit: COMMENT_LIMIT - fixedLength - 1000,
        measure: budget/* characters */.hg,
    });
    const middle = [];
    if (results.length === 0)
        middle.push('No documents were converted.');
    else {
        middle.push(table.markdown);
        if (table.omitted > 0) {
            const report = (0,markdown/* escapeMarkdown */.F)(external_node_path_.relative(settings.workspace, (0,report_path/* reportPathFor */.xJ)(settings)).split(external_node_path_.sep).join('/'));
            middle.push((0,publish_markdown/* omittedRowsNote */.SY)(table, results.length, `the report ${report} in the [workflow run](${(0,links/* runUrl */.Vp)(env)})'s artifact`));
        }
    }
    if (previews) {
        const used = [...head, ...middle, ...tail].join('\n\n').length;
        middle.push((0,previews_markdown.renderPreviewSection)(previews, COMMENT_LIMIT - used - 200, (0,previews_markdown.changesFileMention)(previews, outcome)));
    }
    return `${[...head, ...middle, ...tail].join('\n\n')}\n`;
}
function cachedPart(cached) {
    return cached > 0 ? `${cached} cached, ` : '';
}
/** The pull request to comment on: the event's, or with `always`, an open one that has this commit. */
async function pullRequestNumber(settings, env, octokit) {
    if (env.pullRequest)
        return env.pullRequest.number;
    if (settings.publish.prComment !== 'always' || !env.sha)
        return undefined;
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner: env.repository.owner,
        repo: env.repository.repo,
        commit_sha: env.sha,
    });
    return data.find((pr) => pr.state === 'open')?.number;
}
/** This action's own comment: a bot's (the token's identity is a bot) that starts with the marker. */
function isOwnComment(comment, marker) {
    return comment.user?.type === 'Bot' && comment.body?.startsWith(marker) === true;
}
/** A warning annotation only: not also a notice, which the caller would print as a second annotation. */
function warnNotAllowed(message) {
    core/* warning */.$e(message);
}
async function publishPullRequestComment(results, settings, env, octokit, outcome, previews) {
    if (!(0,comment_wanted/* wantsComment */.T)(settings, env))
        return;
    if (!octokit) {
        warnNotAllowed('pr-comment: skipped, no github-token was given');
        return;
    }
    if (!(0,runner/* hasRepository */.Xw)(env)) {
        outcome.notices.push('pr-comment: skipped, not running in a GitHub repository (GITHUB_REPOSITORY is not set)');
        return;
    }
    const where = { owner: env.repository.owner, repo: env.repository.repo };
    let number;
    try {
        number = await pullRequestNumber(settings, env, octokit);
        if (number === undefined) {
            outcome.notices.push('pr-comment: skipped, no open pull request for this run');
            return;
        }
        const marker = commentMarker(env, settings.publish.artifactName);
        const body = renderCommentBody(results, outcome, env, settings, previews);
        let existingId;
        let pagesRead = 0;
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
            ...where,
            issue_number: number,
            per_page: 100,
        })) {
            existingId = page.data.find((comment) => isOwnComment(comment, marker))?.id;
            if (existingId !== undefined)
                break;
            if (++pagesRead >= MAX_COMMENT_PAGES && (0,http_errors/* hasNextPage */.rB)(page.headers.link)) {
                // A listing that goes on (a huge thread, or an API that pages for ever): a second comment is the
                // lesser harm than never commenting.
                core/* warning */.$e(`pr-comment: read the first ${MAX_COMMENT_PAGES * 100} comments of pull request #${number} without ` +
                    "finding this action's comment; stopped reading there and posted a new comment");
                break;
            }
        }
        const { data } = existingId === undefined
            ? await octokit.rest.issues.createComment({ ...where, issue_number: number, body })
            : await octokit.rest.issues.updateComment({ ...where, comment_id: existingId, body });
        const commentUrl = (0,links/* githubLink */.Kp)(data.html_url, env);
        if (commentUrl)
            outcome.commentUrl = commentUrl;
        core/* info */.pq(`pr-comment: ${existingId === undefined ? 'posted' : 'updated'} ${commentUrl ?? `comment ${data.id}`}`);
    }
    catch (error) {
        if ((0,http_errors/* httpStatusOf */.s_)(error) === 403) {
            const target = number === undefined ? 'the pull request' : `pull request #${number}`;
            warnNotAllowed(`pr-comment: the token cannot comment on ${target} (${NO_PERMISSION_HINT})`);
            return;
        }
        outcome.failures.push(`pr-comment: failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./lib/github/stream-upload.js
var stream_upload = __webpack_require__(53541);
;// CONCATENATED MODULE: ./lib/publish/release.js
/**
 * The converted files as assets of a release (release-tag, else the release of a `release` event). An asset
 * of the same name is replaced: the new file is uploaded under a temporary name, then the old asset is deleted
 * and the new one renamed, so a failed upload leaves the old asset in place.
 *
 * Uploads are streamed from disk with @actions/http-client (stream-upload.ts): Octokit sends bodies through
 * fetch, which, measured on Node 24, holds about the whole file in memory while sending it; a stream through
 * http-client stays near 150 MB whatever the file size.
 */










const CONTENT_TYPES = {
    '.pdf': 'application/pdf',
    '.html': 'text/html',
    '.htm': 'text/html',
    '.md': 'text/markdown',
    '.txt': 'text/plain',
    '.csv': 'text/csv',
    '.xml': 'application/xml',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.bmp': 'image/bmp',
    '.tif': 'image/tiff',
    '.tiff': 'image/tiff',
    '.webp': 'image/webp',
    '.epub': 'application/epub+zip',
    '.zip': 'application/zip',
    '.rtf': 'application/rtf',
    '.doc': 'application/msword',
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xls': 'application/vnd.ms-excel',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.ppt': 'application/vnd.ms-powerpoint',
    '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    '.odt': 'application/vnd.oasis.opendocument.text',
    '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
    '.odp': 'application/vnd.oasis.opendocument.presentation',
};
function contentTypeFor(file) {
    return CONTENT_TYPES[external_node_path_.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
/** Pages of 100 assets read: GitHub allows 1000 assets per release. */
const MAX_ASSET_PAGES = 10;
async function findRelease(octokit, settings, env) {
    const where = { owner: env.repository.owner, repo: env.repository.repo };
    try {
        const { data } = settings.releaseTag
            ? await octokit.rest.repos.getReleaseByTag({ ...where, tag: settings.releaseTag })
            : env.release
                ? await octokit.rest.repos.getRelease({ ...where, release_id: env.release.id })
                : { data: undefined };
        if (!data)
            return 'no release-tag was given and the run was not started by a release event';
        return { id: data.id, uploadUrl: data.upload_url, htmlUrl: data.html_url, tag: data.tag_name };
    }
    catch (error) {
        if ((0,http_errors/* httpStatusOf */.s_)(error) === 404) {
            return settings.releaseTag
                ? `no published release has the tag ${settings.releaseTag} (a draft release cannot be found by its tag)`
                : `the release ${env.release?.tag ?? ''} of this event was not found`;
        }
        throw error;
    }
}
/**
 * The release's assets, at most GitHub's 1000 per release. A listing that goes on past that (an API paging for ever)
 * is cut with a warning: an asset beyond it is then not replaced, and an upload of the same name fails instead.
 */
async function listAssets(octokit, where, release) {
    const assets = [];
    let pagesRead = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleaseAssets, {
        ...where,
        release_id: release.id,
        per_page: 100,
    })) {
        assets.push(...page.data.map((asset) => ({ id: asset.id, name: asset.name })));
        if (++pagesRead >= MAX_ASSET_PAGES && (0,http_errors/* hasNextPage */.rB)(page.headers.link)) {
            core/* warning */.$e(`release: ${release.tag} lists more than ${MAX_ASSET_PAGES * 100} assets (GitHub allows 1000 per release); ` +
                'read no further: an asset past them is not replaced, and an upload of the same name fails instead');
            break;
        }
    }
    return assets;
}
/** `upload_url` is a URI template (`…/assets{?name,label}`); the name goes in its query. */
function uploadUrlFor(release, name) {
    return `${release.uploadUrl.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(name)}`;
}
/** Streams the file to the release; a file that cannot be opened or read fails this upload only. */
async function uploadAsset(token, release, file, name, signal) {
    const handle = await (0,promises_.open)(file.absolutePath);
    try {
        return (await (0,stream_upload/* sendStreamForJson */._)(token, 'POST', uploadUrlFor(release, name), handle.createReadStream(), {
            'content-type': contentTypeFor(file.absolutePath),
            'content-length': String(file.sizeBytes),
            accept: 'application/vnd.github+json',
        }, signal));
    }
    finally {
        await handle.close();
    }
}
/** A name no other asset has, made of the characters GitHub keeps as they are. */
function temporaryAssetName(name) {
    return `uploading-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}-${name}`;
}
/** Deletes an asset; one already gone (another run replacing it too) is not an error. */
async function deleteAsset(octokit, where, assetId) {
    try {
        await octokit.rest.repos.deleteReleaseAsset({ ...where, asset_id: assetId });
    }
    catch (error) {
        if ((0,http_errors/* httpStatusOf */.s_)(error) !== 404)
            throw error;
    }
}
/**
 * Uploads the file under a temporary name, then deletes the previous assets and renames the new one: until the
 * new file is there, the old one stays.
 */
async function replaceAsset(octokit, where, token, release, file, name, previous, signal) {
    const temporary = await uploadAsset(token, release, file, temporaryAssetName(name), signal);
    try {
        for (const asset of previous) {
            await deleteAsset(octokit, where, asset.id);
            core/* info */.pq(`release: deleted the previous asset ${(0,untrusted_text/* untrustedText */.Ui)(asset.name)}`);
        }
    }
    catch (error) {
        await deleteAsset(octokit, where, temporary.id).catch(() => undefined);
        throw error;
    }
    try {
        const { data } = await octokit.rest.repos.updateReleaseAsset({ ...where, asset_id: temporary.id, name });
        return data;
    }
    catch (error) {
        throw new Error(`the new file is uploaded as ${temporary.name} but could not be renamed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
    }
}
async function publishRelease(files, settings, env, maybeOctokit, outcome, 
/** Publishing's deadline: stops a streamed upload. */
signal) {
    const octokit = readyToWrite('release', files, maybeOctokit, env, outcome);
    if (!octokit)
        return;
    const where = { owner: env.repository.owner, repo: env.repository.repo };
    try {
        const release = await findRelease(octokit, settings, env);
        if (typeof release === 'string') {
            outcome.failures.push(`release: ${release}`);
            return;
        }
        const releaseUrl = (0,links/* githubLink */.Kp)(release.htmlUrl, env);
        if (releaseUrl)
            outcome.releaseUrl = releaseUrl;
        const assets = await listAssets(octokit, where, release);
        const names = uniqueNames(files.map((file) => releaseAssetName(file.outputPath)));
        let uploaded = 0;
        for (const [i, file] of files.entries()) {
            const name = names[i];
            try {
                const previous = assets.filter((a) => a.name.toLowerCase() === name.toLowerCase());
                const asset = previous.length === 0
                    ? await uploadAsset(settings.githubToken, release, file, name, signal)
                    : await replaceAsset(octokit, where, settings.githubToken, release, file, name, previous, signal);
                const download = (0,links/* githubLink */.Kp)(asset.browser_download_url, env);
                if (download)
                    addFileLink(outcome, file.absolutePath, { release: download });
                uploaded++;
            }
            catch (error) {
                if ((0,http_errors/* isPermissionDenied */.T1)(error))
                    throw error;
                outcome.failures.push(`release: upload of ${(0,untrusted_text/* untrustedText */.Ui)(file.workspacePath)} as ${name} failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
            }
        }
        core/* info */.pq(`release: uploaded ${uploaded} of ${files.length} files to ${(0,untrusted_text/* untrustedText */.Ui)(release.tag)}: ${releaseUrl ?? 'its page'}`);
    }
    catch (error) {
        outcome.failures.push((0,http_errors/* isPermissionDenied */.T1)(error)
            ? `release: ${http_errors/* CONTENTS_WRITE_HINT */.$R} (${(0,http_errors/* reasonOf */.A3)(error)})`
            : `release: failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
    }
}

;// CONCATENATED MODULE: ./lib/publish/publish-results.js
/**
 * Publishing the converted files, in order: artifact → commit → release → pull-request comment (which lists the
 * links the others produced). Each step records its own failure and the next still runs: a publishing failure
 * never hides which documents converted. The caller shows `notices` and fails the step when `failures` is not
 * empty; they are not printed here.
 */











async function publishResults(settings, results, env, dependencies = {}, extras = {}) {
    const outcome = emptyOutcome();
    const ownDeadline = dependencies.deadline ? undefined : startPublishingDeadline(settings.timeoutMs);
    const deadline = dependencies.deadline ?? ownDeadline.signal;
    try {
        const { targets } = settings.publish;
        const { files, problems } = await collectConvertedFiles(results, settings.workspace, settings.outputDir);
        for (const problem of problems)
            outcome.failures.push(`publish: ${problem}`);
        const attached = await filesAt(extras.attachments ?? [], settings.workspace, settings.outputDir);
        for (const problem of attached.problems)
            outcome.failures.push(`publish: ${problem}`);
        let octokit = dependencies.octokit;
        try {
            octokit ??= (0,client.createGitHubClient)(settings.publish.githubToken, env, deadline);
        }
        catch (error) {
            core/* warning */.$e(`publish: cannot create the GitHub client: ${(0,untrusted_text/* untrustedText */.Ui)(error instanceof Error ? error.message : String(error))}`);
        }
        const steps = [];
        if (targets.has('artifact')) {
            steps.push([
                'artifact',
                () => publishArtifacts(files, settings.outputDir, settings.publish, env, outcome, dependencies.artifactUploader, dependencies.maxArtifactsPerJob, attached.files),
            ]);
        }
        if (targets.has('commit')) {
            const location = { workspace: settings.workspace, outputDir: settings.outputDir };
            const { alsoCommit, remove } = extras.commitChanges ?? { alsoCommit: [], remove: [] };
            steps.push([
                'commit',
                async () => {
                    const extra = await filesAt(alsoCommit, settings.workspace, settings.outputDir);
                    for (const problem of extra.problems)
                        outcome.failures.push(`commit: ${problem}`);
                    const all = [...files, ...extra.files];
                    await publishCommit(all, settings.publish, env, octokit, outcome, location, deadline, remove);
                },
            ]);
        }
        if (targets.has('release')) {
            steps.push(['release', () => publishRelease(files, settings.publish, env, octokit, outcome, deadline)]);
        }
        if ((0,comment_wanted/* wantsComment */.T)(settings, env)) {
            steps.push([
                'pr-comment',
                () => publishPullRequestComment(results, settings, env, octokit, outcome, extras.previews),
            ]);
        }
        for (const [step, work] of steps)
            await runBeforeDeadline(step, work, deadline, outcome);
    }
    finally {
        ownDeadline?.dispose();
    }
    return outcome;
}


/***/ })

};
