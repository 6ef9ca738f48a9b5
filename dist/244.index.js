export const id = 244;
export const ids = [244];
export const modules = {

/***/ 27244:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishResults: () => (/* binding */ publishResults),
  readPublishEnvironment: () => (/* reexport */ readPublishEnvironment)
});

// UNUSED EXPORTS: STATUS_LABELS, artifactUrl, commentMarker, commitBranchFor, commitUrl, committedFileUrl, encodeUrlPath, escapeMarkdown, markdownLink, perFileArtifactName, releaseAssetName, renderCommentBody, renderOutputLinks, renderPublishedLinks, renderResultsTable, runUrl

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(77094);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 303 modules
var artifact = __webpack_require__(9645);
;// CONCATENATED MODULE: ./lib/publish/http-errors.js
/** Turning errors of the GitHub API into one line a user can act on. */
/** The HTTP status of an Octokit RequestError (or anything shaped like it), else undefined. */
function httpStatusOf(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    return typeof status === 'number' ? status : undefined;
}
/** The API's own message when there is one (Octokit appends a docs URL, which is dropped), else the error's message. */
function reasonOf(error) {
    if (typeof error === 'object' && error !== null) {
        const data = error.response?.data;
        if (typeof data === 'object' && data !== null) {
            const message = data.message;
            if (typeof message === 'string' && message) {
                const status = httpStatusOf(error);
                return status ? `HTTP ${status}: ${message}` : message;
            }
        }
    }
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/\s+/g, ' ').trim();
}
/** True for the statuses GitHub answers a token that may not do something (403), or may not see it (404). */
function isPermissionDenied(error) {
    const status = httpStatusOf(error);
    return status === 403 || status === 404;
}
const CONTENTS_WRITE_HINT = 'the token cannot write contents (needs permissions: contents: write; pull requests from forks get a read-only token)';

;// CONCATENATED MODULE: ./lib/publish/links.js
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
function pullRequestUrl(env, number) {
    return `${repositoryUrl(env)}/pull/${number}`;
}

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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./lib/publish/environment.js
/** Where and why the workflow runs: what the publishing steps need to know about the run, read once. */

function withoutTrailingSlash(url) {
    return url.replace(/\/+$/, '');
}
function positiveInteger(text, fallback) {
    const value = Number.parseInt(text ?? '', 10);
    return Number.isInteger(value) && value > 0 ? value : fallback;
}
function readEventPayload(eventPath) {
    if (!eventPath)
        return {};
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8'));
        return typeof payload === 'object' && payload !== null ? payload : {};
    }
    catch {
        return {};
    }
}
function objectAt(value, key) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const inner = value[key];
    return typeof inner === 'object' && inner !== null ? inner : undefined;
}
function pullRequestOf(payload) {
    const pr = objectAt(payload, 'pull_request');
    if (!pr || typeof pr.number !== 'number')
        return undefined;
    const head = objectAt(pr, 'head');
    const headRepo = objectAt(head, 'repo');
    return {
        number: pr.number,
        headRef: typeof head?.ref === 'string' ? head.ref : '',
        headRepoFullName: typeof headRepo?.full_name === 'string' ? headRepo.full_name : '',
    };
}
function releaseOf(payload) {
    const release = objectAt(payload, 'release');
    if (!release || typeof release.id !== 'number')
        return undefined;
    return { id: release.id, tag: typeof release.tag_name === 'string' ? release.tag_name : '' };
}
/** Reads the run's facts from the runner's environment variables and the event payload (GITHUB_EVENT_PATH). Never throws. */
function readPublishEnvironment(env) {
    const payload = readEventPayload(env.GITHUB_EVENT_PATH);
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/', 2);
    const environment = {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        repository: { owner, repo },
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        serverUrl: withoutTrailingSlash(env.GITHUB_SERVER_URL || 'https://github.com'),
        apiUrl: withoutTrailingSlash(env.GITHUB_API_URL || 'https://api.github.com'),
        runId: positiveInteger(env.GITHUB_RUN_ID, 0),
        runAttempt: positiveInteger(env.GITHUB_RUN_ATTEMPT, 1),
        workflow: env.GITHUB_WORKFLOW ?? '',
        artifactServiceAvailable: Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL),
    };
    const pullRequest = pullRequestOf(payload);
    if (pullRequest)
        environment.pullRequest = pullRequest;
    const release = releaseOf(payload);
    if (release)
        environment.release = release;
    return environment;
}
function hasRepository(env) {
    return env.repository.owner !== '' && env.repository.repo !== '';
}

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
    if (!hasRepository(env)) {
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
async function withStagingDirectory(use) {
    const parent = process.env.RUNNER_TEMP || external_node_os_.tmpdir();
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
async function uploadZipped(files, outputDir, settings, uploader) {
    const entries = files.map((file) => artifactEntryPath(file.outputPath));
    const needsRenaming = entries.some((entry, i) => entry !== files[i]?.outputPath);
    if (!needsRenaming) {
        return uploader.uploadArtifact(settings.artifactName, files.map((file) => file.absolutePath), outputDir, uploadOptions(settings));
    }
    // The service refuses some characters in paths; such files go in under a cleaned path instead of failing the upload.
    const uniqueEntries = uniqueNames(entries);
    return withStagingDirectory(async (directory) => {
        const staged = [];
        for (const [i, file] of files.entries()) {
            const target = external_node_path_.join(directory, ...(uniqueEntries[i] ?? '').split('/'));
            await placeAt(file.absolutePath, target);
            staged.push(target);
            if (uniqueEntries[i] !== file.outputPath) {
                core/* info */.pq(`artifact: ${file.outputPath} is stored as ${uniqueEntries[i]} (characters the artifact service refuses)`);
            }
        }
        return uploader.uploadArtifact(settings.artifactName, staged, directory, uploadOptions(settings));
    });
}
async function uploadPerFile(files, settings, env, uploader, outcome) {
    const names = uniqueNames(files.map((file) => perFileArtifactName(file.outputPath)), [settings.artifactName]);
    await withStagingDirectory(async (directory) => {
        let next = 0;
        const uploadNext = async () => {
            for (let i = next++; i < files.length; i = next++) {
                const file = files[i];
                const name = names[i];
                // With skipArchive the client names the artifact after the file, so the file is put in under that name.
                const staged = external_node_path_.join(directory, String(i), name);
                try {
                    await placeAt(file.absolutePath, staged);
                    const response = await uploader.uploadArtifact(name, [staged], external_node_path_.dirname(staged), uploadOptions(settings, { skipArchive: true }));
                    if (response.id === undefined)
                        throw new Error('the artifact service returned no artifact id');
                    addFileLink(outcome, file.absolutePath, { artifact: artifactUrl(env, response.id) });
                }
                catch (error) {
                    outcome.failures.push(`artifact: upload of ${file.workspacePath} as artifact '${name}' failed: ${reasonOf(error)}`);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(PER_FILE_PARALLEL_UPLOADS, files.length) }, uploadNext));
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
        outcome.failures.push(`artifact: per-file artifacts failed: ${reasonOf(error)}`);
        return;
    }
    const failed = outcome.failures.length - failuresBefore;
    core/* info */.pq(`artifact: uploaded ${included.length - failed} of ${included.length} per-file artifacts`);
}
async function publishArtifacts(files, outputDir, settings, env, outcome, uploader = new artifact/* DefaultArtifactClient */.t9(), maxArtifactsPerJob = MAX_ARTIFACTS_PER_JOB) {
    if (!env.artifactServiceAvailable) {
        outcome.notices.push('artifact: skipped, not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)');
        return;
    }
    if (files.length === 0) {
        outcome.notices.push('artifact: skipped, no converted files to upload');
        return;
    }
    try {
        const response = await uploadZipped(files, outputDir, settings, uploader);
        if (response.id === undefined)
            throw new Error('the artifact service returned no artifact id');
        outcome.artifactId = response.id;
        outcome.artifactUrl = artifactUrl(env, response.id);
        core/* info */.pq(`artifact: uploaded ${settings.artifactName} (${files.length} files): ${outcome.artifactUrl}`);
    }
    catch (error) {
        // Not a failure of this run: the server has no artifact service v4 (every per-file upload would be refused too).
        if (error instanceof Error && error.name === 'GHESNotSupportedError') {
            outcome.notices.push(GHES_NOTICE);
            return;
        }
        outcome.failures.push(`artifact: upload of '${settings.artifactName}' failed: ${reasonOf(error)}`);
    }
    if (settings.artifactPerFile) {
        await publishPerFile(files, settings, env, uploader, outcome, maxArtifactsPerJob);
    }
}

;// CONCATENATED MODULE: ./lib/publish/files.js
/** The converted files every publishing step works from, with the paths each step names them by. */


function toPosixRelative(from, to) {
    const relative = external_node_path_.relative(from, to);
    if (relative === '' || relative.startsWith('..') || external_node_path_.isAbsolute(relative))
        return undefined;
    return relative.split(external_node_path_.sep).join('/');
}
/** Every output of a converted job, once each, sorted by workspace path. */
async function collectConvertedFiles(results, workspace, outputDir) {
    const unique = new Set();
    for (const result of results) {
        if (result.status !== 'converted')
            continue;
        for (const output of result.outputs)
            unique.add(external_node_path_.resolve(output));
    }
    const files = [];
    const problems = [];
    for (const absolutePath of unique) {
        const workspacePath = toPosixRelative(workspace, absolutePath);
        const outputPath = toPosixRelative(outputDir, absolutePath);
        if (workspacePath === undefined || outputPath === undefined) {
            problems.push(`${absolutePath} is outside the output directory ${outputDir}`);
            continue;
        }
        try {
            const info = await (0,promises_.stat)(absolutePath);
            if (!info.isFile()) {
                problems.push(`${workspacePath} is not a regular file`);
                continue;
            }
            files.push({ absolutePath, workspacePath, outputPath, sizeBytes: info.size });
        }
        catch {
            problems.push(`${workspacePath} is missing on disk`);
        }
    }
    files.sort((a, b) => (a.workspacePath < b.workspacePath ? -1 : a.workspacePath > b.workspacePath ? 1 : 0));
    return { files, problems };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./lib/publish/git-blob.js
/** The SHA-1 git gives a file's content as a blob, computed locally so unchanged files are never uploaded. */


/** `sha1("blob <size>\0" + content)`, streamed: the file is never held in memory whole. */
async function gitBlobSha(file, sizeBytes) {
    const hash = (0,external_node_crypto_.createHash)('sha1');
    hash.update(`blob ${sizeBytes}\0`);
    let read = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(file)) {
        read += chunk.length;
        hash.update(chunk);
    }
    if (read !== sizeBytes)
        throw new Error(`${file} changed while it was being read`);
    return hash.digest('hex');
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth = __webpack_require__(92145);
;// CONCATENATED MODULE: ./lib/publish/stream-upload.js


const USER_AGENT = 'convert-documents-action';
/** A non-2xx answer; `status` is what http-errors.ts reads, so 403 / 404 are recognised as refusals. */
class HttpStatusError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
/** Sends `body` and returns the JSON answer; a non-2xx answer throws HttpStatusError, a body error rejects. */
async function sendStreamForJson(token, method, url, body, headers) {
    // Its own client, so a failed body can drop the request's connection (dispose destroys the client's agent).
    const http = new lib/* HttpClient */.Qq(USER_AGENT, [new auth/* BearerCredentialHandler */.tZ(token)]);
    let rejectBody = () => undefined;
    const bodyFailed = new Promise((_, reject) => {
        rejectBody = reject;
    });
    bodyFailed.catch(() => undefined);
    body.on('error', (error) => {
        rejectBody(error);
        http.dispose();
    });
    try {
        const response = await Promise.race([http.sendStream(method, url, body, headers), bodyFailed]);
        const text = await Promise.race([response.readBody(), bodyFailed]);
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
        body.destroy();
        http.dispose();
    }
}

;// CONCATENATED MODULE: ./lib/publish/git-data.js
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
        if (isPermissionDenied(error))
            throw new WriteDeniedError(reasonOf(error));
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
        if (httpStatusOf(error) === 404)
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
        core/* info */.pq(`commit: created branch ${branch} at ${startSha}`);
        return readHead(repository, startSha);
    }
    catch (error) {
        const raced = httpStatusOf(error) === 422 ? await readBranchHead(repository, branch) : undefined;
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
    return new external_node_stream_.Transform({
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
    yield* (0,external_node_stream_.pipeline)(file, base64Encoder(), () => undefined);
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
    const handle = await (0,promises_.open)(file.absolutePath);
    try {
        const data = await sendStreamForJson(repository.token, 'POST', url, external_node_stream_.Readable.from(blobJson(handle.createReadStream())), {
            accept: 'application/vnd.github+json',
            'content-type': 'application/json',
            'content-length': String(blobJsonLength(file.sizeBytes)),
        });
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
        const content = (await (0,promises_.readFile)(file.absolutePath)).toString('base64');
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
    let next = 0;
    const sendNextSmall = async () => {
        for (let i = next++; i < small.length; i = next++) {
            const file = small[i];
            await createBlob(repository, file, shaOf(file));
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SMALL_BLOBS, small.length) }, sendNextSmall));
    for (const file of files) {
        if (file.sizeBytes >= LARGE_BLOB_BYTES)
            await createBlob(repository, file, shaOf(file));
    }
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
        addFileLink(job.outcome, file.absolutePath, {
            commit: committedFileUrl(job.env, commitSha, file.repositoryPath),
        });
    }
}
async function commitOnce(job) {
    const { repository, branch, files, shas, outcome } = job;
    const { octokit, where } = repository;
    const shaOf = (file) => shas.get(file.workspacePath);
    const head = await readOrCreateBranch(repository, branch, job.env.sha);
    const existing = await entriesAt(repository, head.treeSha, files.map((file) => file.repositoryPath));
    const changed = files.filter((file) => {
        const entry = existing.get(file.repositoryPath);
        return entry?.sha !== shaOf(file) || entry.mode !== REGULAR_FILE_MODE;
    });
    if (changed.length === 0) {
        outcome.notices.push(`commit: nothing changed on ${branch}, no commit made`);
        linkFiles(job, head.commitSha);
        return 'done';
    }
    await createBlobs(repository, changed.filter((file) => !job.uploaded.has(shaOf(file))), shas);
    for (const file of changed)
        job.uploaded.add(shaOf(file));
    const { data: tree } = await asWrite(() => octokit.rest.git.createTree({
        ...where,
        base_tree: head.treeSha,
        tree: changed.map((file) => ({
            path: file.repositoryPath,
            mode: REGULAR_FILE_MODE,
            type: 'blob',
            sha: shaOf(file),
        })),
    }));
    const { data: commit } = await asWrite(() => octokit.rest.git.createCommit({
        ...where,
        message: job.settings.commitMessage,
        tree: tree.sha,
        parents: [head.commitSha],
    }));
    try {
        await asWrite(() => octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: false }));
    }
    catch (error) {
        // 422 is how GitHub refuses an update that is not a fast-forward; it is a race only if the branch really moved.
        if (httpStatusOf(error) === 422 && (await readBranchHead(repository, branch)) !== head.commitSha) {
            return 'branch-moved';
        }
        throw error;
    }
    outcome.commitSha = commit.sha;
    outcome.commitUrl = commitUrl(job.env, commit.sha);
    linkFiles(job, commit.sha);
    core/* info */.pq(`commit: ${changed.length} changed file(s) committed to ${branch}: ${outcome.commitUrl}`);
    return 'done';
}
async function publishCommit(files, settings, env, maybeOctokit, outcome, location) {
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
            shas.set(file.workspacePath, await gitBlobSha(file.absolutePath, file.sizeBytes));
        const job = {
            repository: {
                octokit,
                where: { owner: env.repository.owner, repo: env.repository.repo },
                apiUrl: env.apiUrl,
                token: settings.githubToken,
            },
            branch: target.branch,
            files: commitFiles,
            shas,
            uploaded: new Set(),
            settings,
            env,
            outcome,
        };
        for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            if ((await commitOnce(job)) === 'done')
                return;
            core/* info */.pq(`commit: ${target.branch} moved while committing (attempt ${attempt} of ${MAX_COMMIT_ATTEMPTS})`);
        }
        outcome.failures.push(`commit: ${target.branch} kept moving; gave up after ${MAX_COMMIT_ATTEMPTS} attempts (the branch is never force-updated)`);
    }
    catch (error) {
        if (error instanceof WriteDeniedError || httpStatusOf(error) === 403) {
            outcome.failures.push(`commit: ${CONTENTS_WRITE_HINT} (${reasonOf(error)})`);
        }
        else {
            outcome.failures.push(`commit: to ${target.branch} failed: ${reasonOf(error)}`);
        }
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
;// CONCATENATED MODULE: ./lib/publish/github-client.js
/** The Octokit client the commit, release and comment steps share. */

/** undefined without a token. The API base comes from the environment read for this run (GITHUB_API_URL). */
function createGitHubClient(token, env) {
    if (!token)
        return undefined;
    return github/* getOctokit */.Q(token, { baseUrl: env.apiUrl });
}

// EXTERNAL MODULE: ./lib/results.js
var lib_results = __webpack_require__(28233);
// EXTERNAL MODULE: ./lib/publish/markdown.js
var markdown = __webpack_require__(56094);
;// CONCATENATED MODULE: ./lib/publish/pr-comment.js
/**
 * One comment per pull request listing the results with their links, found again by a hidden marker and
 * edited in place on every run. Only a bot's comment that starts with the marker is edited: a person quoting
 * the marker keeps their comment. A token that may not comment gives a warning, never a failed step.
 */






/** GitHub refuses comments longer than this. */
const COMMENT_LIMIT = 65_536;
const MAX_LISTED_FAILURES = 30;
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
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
function renderCommentBody(results, outcome, env, settings) {
    const totals = (0,lib_results/* totalsOf */.v)(results);
    // Blocks are separated by a blank line: a line right after a table would be read as one more row.
    const head = [
        `${commentMarker(env, settings.publish.artifactName)}\n### Converted documents`,
        `**${totals.converted} converted**, ${totals.failed} failed, ${totals.timedOut} timed out · [workflow run](${runUrl(env)})`,
    ];
    const tail = [];
    const published = (0,markdown/* renderPublishedLinks */.I_)(outcome, settings.publish.artifactName);
    if (published)
        tail.push(`Published: ${published}`);
    if (outcome.failures.length > 0) {
        const listed = outcome.failures
            .slice(0, MAX_LISTED_FAILURES)
            .map((failure) => `- ${(0,markdown/* escapeMarkdown */.FV)(failure)}`);
        const more = outcome.failures.length - listed.length;
        if (more > 0)
            listed.push(`- …and ${more} more in the workflow run's log`);
        tail.push('**Publishing failed:**', listed.join('\n'));
    }
    const fixedLength = [...head, ...tail].join('\n\n').length;
    const table = (0,markdown/* renderResultsTable */.v4)(results, outcome, settings, COMMENT_LIMIT - fixedLength - 200);
    const middle = [];
    if (results.length === 0)
        middle.push('No documents were converted.');
    else {
        middle.push(table.markdown);
        if (table.omitted > 0)
            middle.push(`…and ${table.omitted} more; see the [workflow run](${runUrl(env)}).`);
    }
    return `${[...head, ...middle, ...tail].join('\n\n')}\n`;
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
function wantsComment(settings, env) {
    const mode = settings.publish.prComment;
    if (mode === 'never')
        return false;
    if (mode === 'always')
        return true;
    return PULL_REQUEST_EVENTS.has(env.eventName) && env.pullRequest !== undefined;
}
/** This action's own comment: a bot's (the token's identity is a bot) that starts with the marker. */
function isOwnComment(comment, marker) {
    return comment.user?.type === 'Bot' && comment.body?.startsWith(marker) === true;
}
/** A warning annotation only: not also a notice, which the caller would print as a second annotation. */
function warnNotAllowed(message) {
    core/* warning */.$e(message);
}
async function publishPullRequestComment(results, settings, env, octokit, outcome) {
    if (!wantsComment(settings, env))
        return;
    if (!octokit) {
        warnNotAllowed('pr-comment: skipped, no github-token was given');
        return;
    }
    if (!hasRepository(env)) {
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
        const body = renderCommentBody(results, outcome, env, settings);
        let existingId;
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
            ...where,
            issue_number: number,
            per_page: 100,
        })) {
            existingId = page.data.find((comment) => isOwnComment(comment, marker))?.id;
            if (existingId !== undefined)
                break;
        }
        const { data } = existingId === undefined
            ? await octokit.rest.issues.createComment({ ...where, issue_number: number, body })
            : await octokit.rest.issues.updateComment({ ...where, comment_id: existingId, body });
        outcome.commentUrl = data.html_url;
        core/* info */.pq(`pr-comment: ${existingId === undefined ? 'posted' : 'updated'} ${data.html_url}`);
    }
    catch (error) {
        if (httpStatusOf(error) === 403) {
            const target = number === undefined ? 'the pull request' : `pull request #${number}`;
            warnNotAllowed(`pr-comment: the token cannot comment on ${target} (${NO_PERMISSION_HINT})`);
            return;
        }
        outcome.failures.push(`pr-comment: failed: ${reasonOf(error)}`);
    }
}

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
        if (httpStatusOf(error) === 404) {
            return settings.releaseTag
                ? `no published release has the tag ${settings.releaseTag} (a draft release cannot be found by its tag)`
                : `the release ${env.release?.tag ?? ''} of this event was not found`;
        }
        throw error;
    }
}
/** `upload_url` is a URI template (`…/assets{?name,label}`); the name goes in its query. */
function uploadUrlFor(release, name) {
    return `${release.uploadUrl.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(name)}`;
}
/** Streams the file to the release; a file that cannot be opened or read fails this upload only. */
async function uploadAsset(token, release, file, name) {
    const handle = await (0,promises_.open)(file.absolutePath);
    try {
        return (await sendStreamForJson(token, 'POST', uploadUrlFor(release, name), handle.createReadStream(), {
            'content-type': contentTypeFor(file.absolutePath),
            'content-length': String(file.sizeBytes),
            accept: 'application/vnd.github+json',
        }));
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
        if (httpStatusOf(error) !== 404)
            throw error;
    }
}
/**
 * Uploads the file under a temporary name, then deletes the previous assets and renames the new one: until the
 * new file is there, the old one stays.
 */
async function replaceAsset(octokit, where, token, release, file, name, previous) {
    const temporary = await uploadAsset(token, release, file, temporaryAssetName(name));
    try {
        for (const asset of previous) {
            await deleteAsset(octokit, where, asset.id);
            core/* info */.pq(`release: deleted the previous asset ${asset.name}`);
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
        throw new Error(`the new file is uploaded as ${temporary.name} but could not be renamed: ${reasonOf(error)}`);
    }
}
async function publishRelease(files, settings, env, maybeOctokit, outcome) {
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
        outcome.releaseUrl = release.htmlUrl;
        const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
            ...where,
            release_id: release.id,
            per_page: 100,
        });
        const names = uniqueNames(files.map((file) => releaseAssetName(file.outputPath)));
        let uploaded = 0;
        for (const [i, file] of files.entries()) {
            const name = names[i];
            try {
                const previous = assets.filter((a) => a.name.toLowerCase() === name.toLowerCase());
                const asset = previous.length === 0
                    ? await uploadAsset(settings.githubToken, release, file, name)
                    : await replaceAsset(octokit, where, settings.githubToken, release, file, name, previous);
                addFileLink(outcome, file.absolutePath, { release: asset.browser_download_url });
                uploaded++;
            }
            catch (error) {
                if (isPermissionDenied(error))
                    throw error;
                outcome.failures.push(`release: upload of ${file.workspacePath} as ${name} failed: ${reasonOf(error)}`);
            }
        }
        core/* info */.pq(`release: uploaded ${uploaded} of ${files.length} files to ${release.tag}: ${release.htmlUrl}`);
    }
    catch (error) {
        outcome.failures.push(isPermissionDenied(error)
            ? `release: ${CONTENTS_WRITE_HINT} (${reasonOf(error)})`
            : `release: failed: ${reasonOf(error)}`);
    }
}

;// CONCATENATED MODULE: ./lib/publish/index.js
/**
 * Publishing the converted files, in order: artifact → commit → release → pull-request comment (which lists the
 * links the others produced). Each step records its own failure and the next still runs: a publishing failure
 * never hides which documents converted. The caller shows `notices` and fails the step when `failures` is not
 * empty; they are not printed here.
 */














async function publishResults(settings, results, env, dependencies = {}) {
    const outcome = emptyOutcome();
    const { targets } = settings.publish;
    const { files, problems } = await collectConvertedFiles(results, settings.workspace, settings.outputDir);
    for (const problem of problems)
        outcome.failures.push(`publish: ${problem}`);
    let octokit = dependencies.octokit;
    try {
        octokit ??= createGitHubClient(settings.publish.githubToken, env);
    }
    catch (error) {
        core/* warning */.$e(`publish: cannot create the GitHub client: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (targets.has('artifact')) {
        await publishArtifacts(files, settings.outputDir, settings.publish, env, outcome, dependencies.artifactUploader, dependencies.maxArtifactsPerJob);
    }
    if (targets.has('commit')) {
        await publishCommit(files, settings.publish, env, octokit, outcome, {
            workspace: settings.workspace,
            outputDir: settings.outputDir,
        });
    }
    if (targets.has('release'))
        await publishRelease(files, settings.publish, env, octokit, outcome);
    await publishPullRequestComment(results, settings, env, octokit, outcome);
    return outcome;
}


/***/ })

};
