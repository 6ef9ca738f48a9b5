export const id = 480;
export const ids = [480];
export const modules = {

/***/ 24336:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mp: () => (/* binding */ UNLIMITED),
/* harmony export */   dy: () => (/* binding */ utf8Bytes),
/* harmony export */   hg: () => (/* binding */ characters),
/* harmony export */   zV: () => (/* binding */ fitRows)
/* harmony export */ });
/**
 * Text GitHub limits in size (the job summary, the pull-request comment, the `files` output) is rendered against a
 * budget here, by one function: every row in order while they all fit; past the budget, the problems first, then
 * as many of the rest as fit, and a count of what was left out (the report file holds everything).
 */
const utf8Bytes = (text) => Buffer.byteLength(text, 'utf8');
const characters = (text) => text.length;
const UNLIMITED = { limit: Number.POSITIVE_INFINITY, measure: characters };
/**
 * Renders `items` as rows joined by a one-character separator (a line break, a comma) within `budget`. `isProblem`
 * marks the rows that must be seen first when not all fit (failures). Rendering stops as soon as the budget is
 * spent, so a run of 100,000 documents costs what fits, not what it has.
 */
function fitRows(items, render, isProblem, budget) {
    const inOrder = take(items, render, budget);
    if (inOrder.rows.length === items.length)
        return { rows: inOrder.rows, omitted: 0, problemsFirst: false };
    const problems = items.filter(isProblem);
    const rest = problems.length === 0 ? items : items.filter((item) => !isProblem(item));
    const first = take(problems, render, budget);
    const rows = first.rows.length === problems.length
        ? [...first.rows, ...take(rest, render, { ...budget, limit: budget.limit - first.used }).rows]
        : first.rows;
    return { rows, omitted: items.length - rows.length, problemsFirst: true };
}
function take(items, render, budget) {
    const rows = [];
    let used = 0;
    for (const item of items) {
        const row = render(item);
        const cost = budget.measure(row) + 1;
        if (used + cost > budget.limit)
            break;
        rows.push(row);
        used += cost;
    }
    return { rows, used };
}


/***/ }),

/***/ 42081:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/** Durations as users write them in workflow inputs: `90s`, `5m`, `1h30m`, `500ms`, `1.5h`, or plain seconds. */
const MILLISECONDS_PER_UNIT = {
    h: 3_600_000,
    m: 60_000,
    s: 1_000,
    ms: 1,
};
/** Units in the order a compound duration must list them (`1h30m`, not `30m1h`). */
const UNIT_ORDER = ['h', 'm', 's', 'ms'];
const PLAIN_SECONDS = /^\d+(?:\.\d+)?$/;
const PART = /(\d+(?:\.\d+)?)\s*(ms|h|m|s)\s*/y;
/**
 * Parses a duration into whole milliseconds (rounded), or undefined when the text is not one.
 * Zero is returned as 0; range checks are the caller's.
 */
function parseDuration(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return undefined;
    if (PLAIN_SECONDS.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    let total = 0;
    let lastUnitIndex = -1;
    PART.lastIndex = 0;
    while (PART.lastIndex < trimmed.length) {
        const match = PART.exec(trimmed);
        if (match === null)
            return undefined;
        const [, amount = '', unit = ''] = match;
        const unitIndex = UNIT_ORDER.indexOf(unit);
        // Each unit once, largest first, so `1m1m` or `30s1h` are typos rather than sums.
        if (unitIndex <= lastUnitIndex)
            return undefined;
        lastUnitIndex = unitIndex;
        total += Number(amount) * (MILLISECONDS_PER_UNIT[unit] ?? Number.NaN);
    }
    return Number.isFinite(total) ? Math.round(total) : undefined;
}
/** The shortest compound form of a duration, for messages: 90000 → `1m30s`, 500 → `500ms`, 0 → `0s`. */
function formatDuration(milliseconds) {
    let rest = Math.max(0, Math.round(milliseconds));
    if (rest === 0)
        return '0s';
    let text = '';
    for (const unit of UNIT_ORDER) {
        const size = MILLISECONDS_PER_UNIT[unit] ?? 1;
        const count = Math.floor(rest / size);
        if (count > 0) {
            text += `${count}${unit}`;
            rest -= count * size;
        }
    }
    return text;
}


/***/ }),

/***/ 98132:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ forEachInParallel)
/* harmony export */ });
/**
 * Runs `work` on every item, at most `limit` at a time, in order of the items. Resolves when all are done; on the
 * first error no further item is started and the promise rejects with it (items already started run on).
 */
async function forEachInParallel(items, limit, work) {
    let next = 0;
    let failed = false;
    const worker = async () => {
        for (let index = next++; index < items.length && !failed; index = next++) {
            try {
                await work(items[index], index);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}


/***/ }),

/***/ 88220:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ escapeMarkdown),
/* harmony export */   i: () => (/* binding */ markdownLink)
/* harmony export */ });
/* harmony import */ var _untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16991);
/** Document names, document text and server text shown as plain text in Markdown. */

/** U+200B ZERO WIDTH SPACE: invisible, and breaks what GitHub would otherwise turn into a mention or a link. */
const BREAK = '\u200b';
/**
 * Text shown as is in Markdown (also inside a table cell): every ASCII punctuation character is backslash-escaped,
 * line breaks and other control characters become spaces, bidirectional controls are percent-encoded (see
 * untrusted-text.ts). `a|b*c.docx` stays one cell, not emphasis. GitHub also links text itself after Markdown is
 * parsed, escaped or not: `@name` (a mention that notifies), `#12` (an issue), `https://…` and `www.…` (links); an
 * invisible break after `@`, `#`, `:` and `www` keeps them plain text.
 */
function escapeMarkdown(text) {
    return ((0,_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .neutraliseBidi */ .Lb)(text)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/(www)(\.)/gi, `$1${BREAK}$2`)
        .replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`)
        .replace(/\\([@#])(?=[\p{L}\p{N}_])/gu, `\\$1${BREAK}`)
        .replace(/\\:(?=\\\/)/g, `\\:${BREAK}`));
}
/** A Markdown link whose text is escaped; the URL must already be encoded (the builders in links.ts do that). */
function markdownLink(text, url) {
    return `[${escapeMarkdown(text)}](${url})`;
}


/***/ }),

/***/ 35826:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gu: () => (/* binding */ whyNotRegularFileInside),
/* harmony export */   Pt: () => (/* binding */ copyFileReplacing),
/* harmony export */   ZU: () => (/* binding */ openRegularFile),
/* harmony export */   lS: () => (/* binding */ writeFileReplacing),
/* harmony export */   oU: () => (/* binding */ freshNameBeside)
/* harmony export */ });
/* unused harmony export replaceFile */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/**
 * Files judged by what they are, not by what their name leads to: a path from a report, a manifest or a restored
 * cache is read only when it is a regular file (no link followed at its last step) whose real folder lies inside
 * the directory it must be in; and every file the action writes goes to a fresh name created exclusively, then is
 * renamed over the target, so a link planted at the target (or at a fixed temporary name) is replaced, never
 * followed.
 */




/** True when `child` is `parent` or lies below it, comparing the paths as given. */
function isWithin(parent, child) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_3__.relative(parent, child);
    return (relative === '' ||
        (relative !== '..' && !relative.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_3__.sep}`) && !node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute(relative)));
}
/**
 * Why `file` may not be read or published as a file of `directory`, or undefined when it may: it must be a
 * regular file itself (not a link, folder or device, and not a second name of another file) in a folder whose real
 * path is inside the real `directory`.
 */
async function whyNotRegularFileInside(directory, file) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_3__.resolve(file);
    if (!isWithin(node_path__WEBPACK_IMPORTED_MODULE_3__.resolve(directory), absolute) || absolute === node_path__WEBPACK_IMPORTED_MODULE_3__.resolve(directory)) {
        return 'it is outside';
    }
    let info;
    try {
        info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(absolute);
    }
    catch {
        return 'it is missing';
    }
    if (info.isSymbolicLink())
        return 'it is a link';
    if (!info.isFile())
        return 'it is not a regular file';
    if (info.nlink > 1)
        return 'it is a second name (hard link) of another file';
    try {
        const [realDirectory, realFolder] = await Promise.all([
            (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)(directory),
            (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(absolute)),
        ]);
        if (!isWithin(realDirectory, realFolder))
            return 'its folder leads outside';
    }
    catch {
        return 'it is missing';
    }
    return undefined;
}
/** A name beside `file` that nothing has: the file is written there first, then renamed over `file`. */
function freshNameBeside(file) {
    return `${file}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.partial`;
}
/** Runs `write(temporary)` on a fresh name beside `file`, then renames it over `file` (removed on failure). */
async function replaceFile(file, write) {
    const temporary = freshNameBeside(file);
    try {
        await write(temporary);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temporary, file);
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(temporary, { force: true });
        throw error;
    }
}
/** Writes `data` as `file`, replacing whatever entry is there (a link included) instead of writing through it. */
function writeFileReplacing(file, data) {
    return replaceFile(file, (temporary) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(temporary, data, { flag: 'wx' }));
}
/** Copies `source` to `target`, replacing whatever entry is at `target` instead of writing through it. */
function copyFileReplacing(source, target) {
    return replaceFile(target, (temporary) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(source, temporary, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.COPYFILE_EXCL));
}
/** Opens a file for reading only when it is a regular file itself: a link at its name is refused (ELOOP). */
async function openRegularFile(file) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW);
    try {
        if (!(await handle.stat()).isFile())
            throw new Error('not a regular file');
        return handle;
    }
    catch (error) {
        await handle.close();
        throw error;
    }
}


/***/ }),

/***/ 10115:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ startDeadline)
/* harmony export */ });
/**
 * The run's one clock: aborts at the timeout, or when the runner cancels the job (SIGINT/SIGTERM). The abort
 * reason says which: `expired` (default: the timeout passed) or the cancellation.
 */
function startDeadline(timeoutMs, timeoutLabel, expired = `the timeout (${timeoutLabel}) passed before it finished`) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(expired)), timeoutMs);
    let cancelled = false;
    const onSignal = (name) => () => {
        cancelled = true;
        controller.abort(new Error(`the job was cancelled (${name})`));
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    return {
        signal: controller.signal,
        get cancelled() {
            return cancelled;
        },
        dispose() {
            clearTimeout(timer);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
        },
    };
}


/***/ }),

/***/ 16937:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PA: () => (/* binding */ hasOutputs),
/* harmony export */   oz: () => (/* binding */ progressLine),
/* harmony export */   vA: () => (/* binding */ totalsOf)
/* harmony export */ });
/** The statuses whose outputs are on disk, ready to publish. */
function hasOutputs(status) {
    return status === 'converted' || status === 'cached';
}
function totalsOf(results) {
    const totals = { converted: 0, cached: 0, failed: 0, timedOut: 0 };
    for (const result of results) {
        if (result.status === 'converted')
            totals.converted++;
        else if (result.status === 'cached')
            totals.cached++;
        else if (result.status === 'failed')
            totals.failed++;
        else
            totals.timedOut++;
    }
    return totals;
}
/** `12/40 converted, 1 failed, 27 in progress` */
function progressLine(done, total) {
    const t = totalsOf(done);
    const parts = [`${t.converted}/${total} converted`];
    if (t.cached > 0)
        parts.push(`${t.cached} cached`);
    if (t.failed > 0)
        parts.push(`${t.failed} failed`);
    if (t.timedOut > 0)
        parts.push(`${t.timedOut} timed out`);
    parts.push(`${total - done.length} in progress`);
    return parts.join(', ');
}


/***/ }),

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

/***/ 38291:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ CONTENTS_WRITE_HINT),
/* harmony export */   A3: () => (/* binding */ reasonOf),
/* harmony export */   T1: () => (/* binding */ isPermissionDenied),
/* harmony export */   rB: () => (/* binding */ hasNextPage),
/* harmony export */   s_: () => (/* binding */ httpStatusOf)
/* harmony export */ });
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16991);
/** Turning errors of the GitHub API into one line a user can act on. */

/** The HTTP status of an Octokit RequestError (or anything shaped like it), else undefined. */
function httpStatusOf(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    return typeof status === 'number' ? status : undefined;
}
/**
 * The API's own message when there is one (Octokit appends a docs URL, which is dropped), else the error's message;
 * untrusted text (it may echo the token), so redacted, on one line and shortened.
 */
function reasonOf(error) {
    return (0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .untrustedText */ .Ui)(rawReasonOf(error));
}
function rawReasonOf(error) {
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
/** Whether a paged answer's Link header points at a further page. */
function hasNextPage(link) {
    return link !== undefined && /rel="next"/.test(link);
}


/***/ }),

/***/ 97578:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bg: () => (/* binding */ commitUrl),
/* harmony export */   Kp: () => (/* binding */ githubLink),
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   Wk: () => (/* binding */ artifactUrl),
/* harmony export */   _$: () => (/* binding */ isCommitSha),
/* harmony export */   ss: () => (/* binding */ commitShaFromApi),
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
/** A Git object name: SHA-1 (40 hex characters) or SHA-256 (64). */
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
function isCommitSha(value) {
    return typeof value === 'string' && COMMIT_SHA.test(value);
}
/** A commit SHA from an API answer, or an error that does not echo it (it may be hostile). */
function commitShaFromApi(value) {
    if (isCommitSha(value))
        return value;
    throw new Error('the GitHub API answered a commit SHA that is not 40 or 64 hex characters');
}
/** Link to a commit; undefined (no link) for anything but a commit SHA, so a crafted one cannot steer the path. */
function commitUrl(env, sha) {
    return isCommitSha(sha) ? `${repositoryUrl(env)}/commit/${sha}` : undefined;
}
/** Link to a file as committed; `repoPath` uses `/` separators. Undefined for anything but a commit SHA. */
function committedFileUrl(env, sha, repoPath) {
    return isCommitSha(sha) ? `${repositoryUrl(env)}/blob/${sha}/${encodeUrlPath(repoPath)}` : undefined;
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

/***/ 70480:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ main_run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/common/untrusted-text.js
var untrusted_text = __webpack_require__(16991);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./lib/common/errors.js
/** The message of anything thrown, for a log line (pass it through untrustedText before showing it). */
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./lib/common/find-program.js
/** Finding a program on a PATH, as a shell would, but only in absolute folders (a relative entry would resolve in
 * the workspace, which a pull request chooses). */


/** True for an executable regular file. */
function isExecutableFile(candidate) {
    try {
        (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
        return (0,external_node_fs_.statSync)(candidate).isFile();
    }
    catch {
        return false;
    }
}
/** The first executable `name` in an absolute folder of `searchPath` (absolute path), or undefined. */
function findOnPath(name, searchPath) {
    for (const folder of searchPath.split(external_node_path_.delimiter)) {
        if (!external_node_path_.isAbsolute(folder))
            continue;
        const candidate = external_node_path_.join(folder, name);
        if (isExecutableFile(candidate))
            return candidate;
    }
    return undefined;
}

// EXTERNAL MODULE: ./lib/settings/runner.js
var settings_runner = __webpack_require__(83711);
// EXTERNAL MODULE: ./lib/common/safe-files.js
var safe_files = __webpack_require__(35826);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./lib/cache/key.js
/**
 * The identity of one conversion: what decides its outputs, and nothing else. Not the path, so a renamed or
 * copied document is the same conversion. Options are folded in through a slow hash, so a key (which may be
 * committed or shown) does not let anyone test guesses of a password quickly.
 */




/** Raised whenever the layout of a cache entry or manifest changes, so older entries are never misread. */
const CACHE_FORMAT_VERSION = 1;
/** JSON with object keys sorted at every level, so equal values always give equal text. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
const SCRYPT_SALT = 'convert-documents-action/options/v1';
const SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** A fingerprint of the load and convert options: scrypt of their canonical JSON (a fraction of a second, once per run). */
async function optionsFingerprint(options) {
    const text = canonicalJson({ load: options.loadOptions ?? null, convert: options.convertOptions ?? null });
    const derived = await new Promise((resolve, reject) => (0,external_node_crypto_.scrypt)(text, SCRYPT_SALT, 32, SCRYPT_COST, (error, key) => (error ? reject(error) : resolve(key))));
    return derived.toString('hex');
}
/** The key of one conversion: SHA-256 of everything that decides its outputs, with the cache's format version. */
function conversionKey(identity) {
    return sha256Hex(canonicalJson({ cacheFormat: CACHE_FORMAT_VERSION, ...identity }));
}
function sha256Hex(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}
/** Files up to this size are read whole: for the many small files of a repository, streams cost more than reading. */
const SMALL_FILE_BYTES = 1024 * 1024;
/** SHA-256 of a file; streamed unless known to be small, since a document may be far larger than memory. */
async function sha256OfFile(file, sizeBytes = Number.POSITIVE_INFINITY) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    if (sizeBytes <= SMALL_FILE_BYTES)
        hash.update(await (0,promises_.readFile)(file));
    else
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./lib/cache/outputs.js
/**
 * Outputs as a cache keeps them (name, SHA-256, size) and the one way they come back: copied under the job's
 * planned names, each file checked against its recorded SHA-256 and size, all of a job's files or none.
 */








const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Untrusted data (a restored or committed manifest) read as a StoredOutput, or undefined when it is not one. */
function asStoredOutput(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { name, sha256, size } = value;
    if (typeof name !== 'string' || !isPlainFileName(name))
        return undefined;
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256))
        return undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        return undefined;
    return { name, sha256, size };
}
function isPlainFileName(name) {
    return (name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && external_node_path_.basename(name) === name);
}
/** Describes the files a job wrote, hashing each (streamed). */
async function describeOutputs(outputs) {
    const described = [];
    for (const file of outputs) {
        const { size } = await (0,promises_.stat)(file);
        described.push({ name: external_node_path_.basename(file), sha256: await sha256OfFile(file, size), size });
    }
    return described;
}
/**
 * Where each stored output goes for this job: a single output takes the planned name; several (pages) keep
 * their names, with the stem of the document they were made from replaced by this document's stem, so a
 * renamed document gets outputs named after it. Undefined when a name cannot be placed safely.
 */
function plannedPaths(job, outputs, madeFromStem) {
    if (outputs.length === 1)
        return [external_node_path_.join(job.outputDirectory, external_node_path_.posix.basename(job.expectedOutput))];
    const names = outputs.map((output) => output.name.startsWith(madeFromStem)
        ? `${job.source.stem}${output.name.slice(madeFromStem.length)}`
        : output.name);
    if (!names.every(isPlainFileName) || new Set(names).size !== names.length)
        return undefined;
    return names.map((name) => external_node_path_.join(job.outputDirectory, name));
}
/** A file whose bytes do not match what the cache recorded. */
class IntegrityError extends Error {
    name = 'IntegrityError';
}
/**
 * Copies `from[i]` to `to[i]`, checking each copy's SHA-256 and size against `expected[i]` before any file is
 * put in place: on any mismatch or missing file nothing is written and an IntegrityError names the file. Sources
 * are untrusted: each must be a regular file of its own whose folder really lies inside `sourceRoot` (when given),
 * and no more than its recorded size (plus one byte, to tell it is longer) is ever read.
 */
async function copyVerified(from, to, expected, sourceRoot) {
    const staged = [];
    try {
        for (const [index, source] of from.entries()) {
            const target = to[index];
            const want = expected[index];
            const why = sourceRoot === undefined ? undefined : await (0,safe_files/* whyNotRegularFileInside */.Gu)(sourceRoot, source);
            if (why !== undefined && why !== 'it is missing') {
                throw new IntegrityError(`${want.name} is not a regular file in the cache (${why})`);
            }
            if (external_node_path_.resolve(source) === external_node_path_.resolve(target)) {
                await verifyInPlace(target, want);
                continue;
            }
            await (0,promises_.mkdir)(external_node_path_.dirname(target), { recursive: true });
            const temporary = (0,safe_files/* freshNameBeside */.oU)(target);
            staged.push({ temporary, target });
            let copied;
            try {
                copied = await copyMeasured(source, temporary, want.size);
            }
            catch (error) {
                throw new IntegrityError(`${want.name} is missing from the cache (${messageOf(error)})`);
            }
            if (copied.sha256 !== want.sha256 || copied.size !== want.size) {
                throw new IntegrityError(`${want.name} does not match its recorded SHA-256`);
            }
        }
        for (const { temporary, target } of staged.splice(0))
            await (0,promises_.rename)(temporary, target);
    }
    finally {
        await Promise.all(staged.map(({ temporary }) => (0,promises_.rm)(temporary, { force: true })));
    }
}
/**
 * Copies at most `expectedSize + 1` bytes of a regular file (a link at its name is refused) to a fresh file, and
 * returns the SHA-256 and size of what was copied: a poisoned entry pointing at /dev/zero or a growing file costs
 * one byte more than it claims, never the disk.
 */
async function copyMeasured(source, target, expectedSize) {
    const handle = await (0,safe_files/* openRegularFile */.ZU)(source);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const measure = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
        },
    });
    try {
        const bounded = handle.createReadStream({ start: 0, end: expectedSize, autoClose: false });
        // Opened before the copy starts, so the caller's clean-up never races a lazily created file.
        const written = await (0,promises_.open)(target, 'wx');
        await (0,external_node_stream_promises_.pipeline)(bounded, measure, written.createWriteStream());
    }
    finally {
        await handle.close();
    }
    return { sha256: hash.digest('hex'), size };
}
async function verifyInPlace(file, want) {
    let found;
    try {
        const handle = await (0,safe_files/* openRegularFile */.ZU)(file);
        try {
            const { size } = await handle.stat();
            if (size === want.size)
                found = { sha256: await sha256OfFile(file, size), size };
        }
        finally {
            await handle.close();
        }
    }
    catch {
        found = undefined;
    }
    if (found?.sha256 !== want.sha256 || found?.size !== want.size) {
        throw new IntegrityError(`${want.name} does not match its recorded SHA-256`);
    }
}

;// CONCATENATED MODULE: ./lib/cache/manifest.js
/**
 * The cache folder between restore and save: `manifest.json` (conversion key → the outputs it made) and
 * `blobs/<sha256>` (each output's bytes, stored once however many conversions made them). A restored folder is
 * untrusted: entries that do not parse are dropped, and every file is checked against its SHA-256 on the way out.
 */





const MANIFEST = 'manifest.json';
/** Larger than the manifest of any cache within cache-max-size: a bigger one is not read. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const BLOBS = 'blobs';
function blobPath(folder, sha256) {
    return external_node_path_.join(folder, BLOBS, sha256);
}
/** The entries of a restored folder; an absent or unreadable manifest is an empty cache. */
async function readCacheFolder(folder) {
    const entries = new Map();
    let manifest;
    try {
        // A restored folder is untrusted: its manifest is read only when it is a regular file of a sane size.
        const handle = await (0,safe_files/* openRegularFile */.ZU)(external_node_path_.join(folder, MANIFEST));
        try {
            if ((await handle.stat()).size > MAX_MANIFEST_BYTES)
                return entries;
            manifest = JSON.parse(await handle.readFile('utf8'));
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return entries;
    }
    const { version, conversions } = (manifest ?? {});
    if (version !== CACHE_FORMAT_VERSION || typeof conversions !== 'object' || conversions === null) {
        return entries;
    }
    for (const [key, value] of Object.entries(conversions)) {
        const entry = asCacheEntry(value);
        if (entry)
            entries.set(key, entry);
    }
    return entries;
}
function asCacheEntry(value) {
    const { stem, outputs, pair } = (value ?? {});
    if (typeof stem !== 'string' || !Array.isArray(outputs) || outputs.length === 0)
        return undefined;
    const parsed = outputs.map(asStoredOutput);
    if (parsed.some((output) => output === undefined))
        return undefined;
    return { stem, outputs: parsed, ...(typeof pair === 'string' ? { pair } : {}) };
}
/**
 * Rewrites the folder to hold exactly `wanted` (in order of preference) within `maxBytes` of blobs: entries that
 * do not fit are left out, blobs nobody needs any more are deleted. Returns the keys kept.
 */
async function writeCacheFolder(folder, wanted, maxBytes) {
    await ownFolder(folder);
    await ownFolder(external_node_path_.join(folder, BLOBS));
    const blobs = new Map();
    const conversions = {};
    const kept = [];
    let bytes = 0;
    for (const { key, entry, files } of wanted) {
        const fresh = entry.outputs.filter((output) => !blobs.has(output.sha256));
        const extra = [...new Map(fresh.map((output) => [output.sha256, output.size])).values()].reduce((sum, size) => sum + size, 0);
        if (bytes + extra > maxBytes)
            continue;
        for (const [index, output] of entry.outputs.entries()) {
            if (blobs.has(output.sha256))
                continue;
            const target = blobPath(folder, output.sha256);
            const source = files[index];
            // Replaced, never written through: a restored folder may hold a link at a blob's name.
            if (external_node_path_.resolve(source) !== external_node_path_.resolve(target))
                await (0,safe_files/* copyFileReplacing */.Pt)(source, target);
            blobs.set(output.sha256, target);
        }
        bytes += extra;
        conversions[key] = entry;
        kept.push(key);
    }
    for (const name of await (0,promises_.readdir)(external_node_path_.join(folder, BLOBS))) {
        if (!blobs.has(name))
            await (0,promises_.rm)(external_node_path_.join(folder, BLOBS, name), { force: true });
    }
    await (0,safe_files/* writeFileReplacing */.lS)(external_node_path_.join(folder, MANIFEST), `${JSON.stringify({ version: CACHE_FORMAT_VERSION, conversions })}\n`);
    return { kept, bytes };
}
/**
 * Makes `folder` a real folder of its own: a link (or file) a restored archive left at its name is removed first,
 * so blobs are never written, and unneeded ones never deleted, wherever such a link leads.
 */
async function ownFolder(folder) {
    const info = await (0,promises_.lstat)(folder).catch(() => undefined);
    if (info && !info.isDirectory())
        await (0,promises_.rm)(folder, { force: true });
    await (0,promises_.mkdir)(folder, { recursive: true });
}

// EXTERNAL MODULE: ./lib/cache/tar-guard.js + 2 modules
var tar_guard = __webpack_require__(12239);
;// CONCATENATED MODULE: ./lib/cache/guarded-restore.js
/**
 * A restore whose archive is judged before it is unpacked. `@actions/cache` looks `tar` up on PATH when it
 * unpacks, so for the restore only, a folder of ours comes first on PATH holding a `tar` that starts the bundle
 * again as the guard (tar-guard.ts). The guard's folder (its settings, its script, the reason for a refusal) is
 * made fresh for the restore and removed after it; PATH is put back once the library's restore settles.
 */






/** More members than any cache within cache-max-size holds (a manifest, a folder and one file per output). */
const MAX_MEMBERS = 200_000;
/** A word for `sh`: single-quoted, with any single quote closed, escaped and reopened. */
function shellWord(text) {
    return `'${text.replaceAll("'", `'\\''`)}'`;
}
/**
 * Runs `restore` (a call into `@actions/cache` that unpacks into `folder`) with the guard as its tar, until
 * `deadline` (Date.now()). The outcome carries why the archive was refused, when it was.
 */
async function withTarGuard(folder, setup, deadline, restore) {
    if (process.platform === 'win32')
        return { refusal: 'on Windows the archive cannot be checked before unpacking' };
    // On macOS the library prefers GNU tar as `gtar`; the guard stands in for whichever it will pick.
    const name = process.platform === 'darwin' && findOnPath('gtar', setup.searchPath) ? 'gtar' : 'tar';
    const realTar = findOnPath(name, setup.searchPath);
    if (!realTar)
        return { refusal: `no ${name} on PATH to unpack it with` };
    const guardFolder = await (0,promises_.mkdtemp)(external_node_path_.join(setup.temporaryDirectory, 'convert-documents-tar-guard-'));
    try {
        const limits = { maxMembers: MAX_MEMBERS, maxBytes: setup.maxBytes + MAX_MANIFEST_BYTES };
        const config = { folder, realTar, deadline, limits };
        await (0,promises_.writeFile)(external_node_path_.join(guardFolder, tar_guard/* GUARD_CONFIG */.hQ), JSON.stringify(config));
        const [node, script] = setup.selfCommand;
        const command = [node, script, tar_guard/* TAR_GUARD_FLAG */.vr, guardFolder].map(shellWord).join(' ');
        await (0,promises_.writeFile)(external_node_path_.join(guardFolder, name), `#!/bin/sh\nexec ${command} "$@"\n`, { mode: 0o700 });
        const value = await (0,settings_runner/* withFirstOnPath */.d3)(guardFolder, restore);
        const refusal = await (0,promises_.readFile)(external_node_path_.join(guardFolder, tar_guard/* REFUSAL_FILE */.og), 'utf8').catch(() => undefined);
        return refusal === undefined ? { value } : { value, refusal };
    }
    finally {
        await (0,promises_.rm)(guardFolder, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./lib/cache/actions-cache-store.js
/**
 * The Actions cache through `@actions/cache`: one folder restored by key prefix before the run and saved under a
 * new unique key after it (entries are immutable). Every call is bounded in time: a service that fails, refuses
 * or hangs costs a warning and a few seconds, never the run. The library retries a failing service for about
 * 30 s on timers we cannot cancel, so work given up on is recorded and the process ends without waiting for it.
 */





/**
 * A healthy service answers a lookup in well under a second; one that fails is retried by the library for about
 * 30 s. So the lookup is bounded tightly, and only a service that answered it is given time to move data.
 */
const TIME_LIMITS = { lookupMs: 3_000, restoreMs: 20_000, saveMs: 20_000 };
/** The time limits cut to what is left of the run's deadline (`leftMs`), so the cache never outlasts it. */
function limitsWithin(leftMs) {
    const left = Math.max(0, Math.floor(leftMs));
    return {
        lookupMs: Math.min(TIME_LIMITS.lookupMs, left),
        restoreMs: Math.min(TIME_LIMITS.restoreMs, left),
        saveMs: Math.min(TIME_LIMITS.saveMs, left),
    };
}
/** Why the Actions cache cannot be used here, or undefined when it can. */
function actionsCacheUnavailable(cache) {
    if (!cache.runtimeToken)
        return 'not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN)';
    if (!cache.serviceUrl)
        return 'the runner gives no cache service URL';
    return undefined;
}
const LATE = Symbol('late');
/** Resolves to the promise's value, or to `fallback` with a warning when it takes longer than `limitMs`. */
async function withinTimeLimit(work, limitMs, fallback, what) {
    let timer;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve('late'), limitMs);
    });
    try {
        const outcome = await Promise.race([work, late]);
        if (outcome !== 'late')
            return outcome;
        work.catch(() => undefined);
        core/* warning */.$e(`Cache: ${what} took longer than ${Math.round(limitMs / 100) / 10} s; going on without it.`);
        return fallback;
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * The newest entry whose key starts with `prefix`, unpacked into `folder`: looked up first, then downloaded and
 * unpacked by the library with the tar guard (guarded-restore.ts), so an archive with a member that would land
 * outside `folder` is refused before anything of it is written.
 */
async function restoreFolder(folder, prefix, guard, limits = TIME_LIMITS) {
    const restore = async (lookupOnly) => {
        try {
            const cache = await Promise.all(/* import() */[__webpack_require__.e(350), __webpack_require__.e(186)]).then(__webpack_require__.bind(__webpack_require__, 3186));
            return await cache.restoreCache([folder], prefix, [prefix], { lookupOnly });
        }
        catch (error) {
            core/* warning */.$e(`Cache: could not restore (${messageOf(error)}); converting without it.`);
            return undefined;
        }
    };
    const found = await withinTimeLimit(restore(true), limits.lookupMs, LATE, 'looking up the cache');
    if (found === LATE)
        return { key: undefined, responsive: false };
    if (found === undefined)
        return { key: undefined, responsive: true };
    const guarded = (async () => {
        const outcome = await withTarGuard(folder, guard, Date.now() + limits.restoreMs, () => restore(false));
        if (outcome.refusal === undefined)
            return outcome.value;
        core/* warning */.$e(`Cache: the cache entry was not restored: ${(0,untrusted_text/* untrustedText */.Ui)(outcome.refusal)}; converting without it.`);
        return undefined;
    })();
    const key = await withinTimeLimit(guarded, limits.restoreMs, LATE, 'restoring the cache');
    return key === LATE ? { key: undefined, responsive: false } : { key, responsive: true };
}
/** Saves `folder` under `prefix` + a unique suffix. Resolves to the key saved under, or undefined. */
async function saveFolder(folder, prefix, runner, limitMs = TIME_LIMITS.saveMs) {
    const run = `${runner.runLabels.runId || 'local'}-${runner.runLabels.runAttempt || '1'}`.replace(/[^0-9A-Za-z-]/g, '');
    const key = `${prefix}${run}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    const work = (async () => {
        try {
            const cache = await Promise.all(/* import() */[__webpack_require__.e(350), __webpack_require__.e(186)]).then(__webpack_require__.bind(__webpack_require__, 3186));
            // The library reports why in its own words (sometimes only as information) and resolves -1.
            if ((await cache.saveCache([folder], key)) > 0)
                return key;
            if (!['read', 'none'].includes(runner.actionsCache.mode)) {
                core/* warning */.$e('Cache: the conversions of this run were not saved; the next run converts them again.');
            }
            return undefined;
        }
        catch (error) {
            core/* warning */.$e(`Cache: could not save (${messageOf(error)}).`);
            return undefined;
        }
    })();
    return withinTimeLimit(work, limitMs, undefined, 'saving the cache');
}

// EXTERNAL MODULE: ./lib/common/in-parallel.js
var in_parallel = __webpack_require__(98132);
;// CONCATENATED MODULE: ./lib/convert/format-check.js
/** Splits jobs into those the service can convert and those it cannot, before anything is uploaded. */
function checkFormatPairs(jobs, supported) {
    const runnable = [];
    const rejected = [];
    for (const job of jobs) {
        const source = job.source.extension;
        const targets = supported.get(source);
        let error;
        if (!targets) {
            error = source
                ? `the service cannot read .${source} files`
                : 'the file has no extension, so the service cannot tell its format';
        }
        else if (!targets.includes(job.format)) {
            error = `the service cannot convert .${source} to ${job.format}; it can convert .${source} to: ${listed(targets)}`;
        }
        if (error === undefined)
            runnable.push(job);
        else
            rejected.push({ job, status: 'failed', outputs: [], error, durationMs: 0 });
    }
    return { runnable, rejected };
}
/** Enough of the list to act on; the rest is counted, so one message per document stays one line. */
function listed(targets) {
    const shown = 40;
    if (targets.length <= shown)
        return targets.join(', ');
    return `${targets.slice(0, shown).join(', ')} and ${targets.length - shown} more`;
}
/** How a (source extension, target format) pair is named in a set of pairs known to work: `docx→pdf`. */
function formatPairKey(sourceExtension, format) {
    return `${sourceExtension.toLowerCase()}→${format.toLowerCase()}`;
}
/**
 * True when every job's pair is already known to work (e.g. converted before, as a cache records), so the run need
 * not ask the service for its format list: one billed call fewer.
 */
function everyPairKnown(jobs, knownPairs) {
    return jobs.every((job) => knownPairs.has(formatPairKey(job.source.extension, job.format)));
}

;// CONCATENATED MODULE: ./lib/cache/look-up.js
/**
 * Looking a plan up in the cache: each job's key, and the jobs whose stored outputs were restored under their
 * planned names (a file that fails its check makes the job a miss).
 */








/** Files hashed or restored at once: enough to overlap disk waits, few enough to leave the runner responsive. */
const PARALLEL_FILES = 8;
/** Restores one job from `from` (in `entry.outputs` order) into `lookUp.hits`; a file that fails its check makes it a miss. */
async function restoreHit(lookUp, job, from, entry, { origin, root }) {
    const jobStarted = performance.now();
    const targets = plannedPaths(job, entry.outputs, entry.stem);
    if (!from || !targets)
        return;
    try {
        await copyVerified(from, targets, entry.outputs, root);
    }
    catch (error) {
        const message = `Cache: ${(0,untrusted_text/* untrustedText */.Ui)(job.source.workspacePath)} → ${job.format}: ${(0,untrusted_text/* untrustedText */.Ui)(messageOf(error))} (${origin}); converting it again.`;
        // Another plan looks up after this run has converted: committed outputs may have been replaced by then.
        if (lookUp.afterRun && origin === 'committed outputs')
            core/* debug */.Yz(message);
        else
            core/* warning */.$e(message);
        return;
    }
    lookUp.hits.set(job, {
        // Named after this document from now on, so a renamed document's entry describes its new outputs.
        entry: {
            stem: job.source.stem,
            pair: pairOf(job),
            outputs: entry.outputs.map((output, index) => ({
                ...output,
                name: external_node_path_.basename(targets[index]),
            })),
        },
        // Blobs already in the cache folder are kept as they are; committed outputs are copied in when saving.
        files: origin === 'Actions cache' ? from : targets,
        result: {
            job,
            status: 'cached',
            outputs: [...targets].sort(),
            durationMs: Math.round(performance.now() - jobStarted),
        },
    });
}
/** A look-up's hits, in plan order. */
function resultsOf(lookUp) {
    return lookUp.plan.jobs.flatMap((job) => {
        const hit = lookUp.hits.get(job);
        return hit ? [hit.result] : [];
    });
}
/** SHA-256 of every planned document, a few at a time, in plan.documents order. */
async function hashSources(plan) {
    const hashes = new Array(plan.documents.length);
    await (0,in_parallel/* forEachInParallel */.P)(plan.documents, PARALLEL_FILES, async (document, index) => {
        hashes[index] = await sha256OfFile(document.absolutePath, document.sizeBytes);
    });
    return hashes;
}
function pairOf(job) {
    return formatPairKey(job.source.extension, job.format);
}

// EXTERNAL MODULE: ./lib/common/redaction.js
var redaction = __webpack_require__(87672);
// EXTERNAL MODULE: ./lib/common/duration.js
var duration = __webpack_require__(42081);
;// CONCATENATED MODULE: ./lib/settings/input-readers.js
/** Primitive readers shared by every concern's settings: each validates one input and reports a problem that names it. */

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
function readWholeNumber(name, raw, min, max, report) {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max)) {
        report(`Input "${name}" is ${quote(raw)}: expected a whole number from ${min} to ${max}.`);
        return min;
    }
    return value;
}
function readDuration(name, raw, report, rule) {
    const milliseconds = (0,duration/* parseDuration */.E)(raw);
    if (milliseconds === undefined || !rule.accepts(milliseconds)) {
        report(`Input "${name}" is ${quote(raw)}: expected ${rule.expected}.`);
        return 1;
    }
    return milliseconds;
}
function readJsonObject(name, raw, example, report) {
    if (raw === '')
        return undefined;
    // Neither value is ever echoed: load options carry document passwords, convert options may set PDF passwords.
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch (error) {
        report(`Input "${name}" is not valid JSON (${jsonReason(error)}); expected a JSON object like ${example}. ` +
            'The value is not shown because it may hold a password.');
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
        report(`Input "${name}" is ${kind} in JSON: expected a JSON object like ${example}.`);
        return undefined;
    }
    return value;
}
/** The JSON parser's reason without the excerpt of the input that V8 sometimes quotes. */
function jsonReason(error) {
    const message = error instanceof Error ? error.message : String(error);
    const withoutExcerpt = message.replace(/,\s*"[\s\S]*"\s+is not valid JSON\s*$/, '');
    return withoutExcerpt.replace(/'[\s\S]*?'/g, (token) => (token.length <= 3 ? token : "'…'"));
}
function readChoice(name, raw, choices, report) {
    const value = raw.toLowerCase();
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined) {
        report(`Input "${name}" is ${quote(raw)}: expected one of ${choices.join(', ')}.`);
    }
    return choice;
}
function parseBoolean(raw) {
    const value = raw.toLowerCase();
    if (TRUE_WORDS.has(value))
        return true;
    if (FALSE_WORDS.has(value))
        return false;
    return undefined;
}
function readBoolean(name, raw, report) {
    const value = parseBoolean(raw);
    if (value === undefined) {
        report(`Input "${name}" is ${quote(raw)}: expected true or false (yes/no and 1/0 also work).`);
    }
    return value;
}
/** `auto`, or a boolean as `always`/`never`: for inputs that default to what the event suggests. */
function readAutoBoolean(name, raw, report) {
    if (raw.toLowerCase() === 'auto')
        return 'auto';
    const value = parseBoolean(raw);
    if (value === undefined)
        report(`Input "${name}" is ${quote(raw)}: expected auto, true or false.`);
    return value === undefined ? undefined : value ? 'always' : 'never';
}
function splitLines(raw) {
    return raw
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/** A value as shown in messages: JSON-quoted, so blanks and line breaks are visible. */
function quote(value) {
    return JSON.stringify(value);
}

;// CONCATENATED MODULE: ./lib/settings/cache.js
/** The cache inputs: whether earlier conversions are reused, and how large the saved cache may grow. */

const UNITS = {
    '': 1,
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
};
const MIN_BYTES = 1e6;
/** GitHub keeps at most 10 GB of caches per repository. */
const MAX_BYTES = 10e9;
function readCache(input, report) {
    const enabled = readBoolean('cache', input('cache'), report) ?? true;
    const maxBytes = readByteSize('cache-max-size', input('cache-max-size'), report);
    return { enabled, maxBytes };
}
/** `500MB`, `2 GB`, `750MiB`, or plain bytes; from 1 MB to 10 GB. */
function readByteSize(name, raw, report) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
    const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
    const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
    if (!(bytes >= MIN_BYTES && bytes <= MAX_BYTES)) {
        report(`Input "${name}" is ${quote(raw)}: expected a size from 1MB to 10GB, like 500MB, 2GB or 750MiB.`);
        return MIN_BYTES;
    }
    return bytes;
}

;// CONCATENATED MODULE: ./lib/settings/changed-only.js
/** The `changed-only` input: convert only the documents a pull request adds or modifies. */

function readChangedOnly(input, report) {
    return { mode: readAutoBoolean('changed-only', input('changed-only'), report) ?? 'auto' };
}

;// CONCATENATED MODULE: ./lib/common/byte-size.js
/** Sizes as users write them in workflow inputs: `2GiB`, `500MB`, `512 KiB`, `1.5G`, or plain bytes. */
const BYTES_PER_UNIT = {
    b: 1,
    k: 1024,
    kb: 1000,
    kib: 1024,
    m: 1024 ** 2,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
    t: 1024 ** 4,
    tb: 1000 ** 4,
    tib: 1024 ** 4,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
/** Whole bytes (rounded down), or undefined when the text is not a size. Range checks are the caller's. */
function parseByteSize(text) {
    const match = SIZE.exec(text.trim());
    if (match === null)
        return undefined;
    const unit = (match[2] ?? '').toLowerCase();
    const multiplier = unit === '' ? 1 : BYTES_PER_UNIT[unit];
    if (multiplier === undefined)
        return undefined;
    const bytes = Math.floor(Number(match[1]) * multiplier);
    return Number.isSafeInteger(bytes) ? bytes : undefined;
}
/** A size for messages: `2 GiB`, `1.5 MiB`, `10 bytes`. */
function formatByteSize(bytes) {
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    if (bytes < 1024)
        return `${bytes} byte${bytes === 1 ? '' : 's'}`;
    let value = bytes;
    let unit = 'bytes';
    for (const next of units) {
        if (value < 1024)
            break;
        value /= 1024;
        unit = next;
    }
    return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

;// CONCATENATED MODULE: ./lib/settings/download-limits.js
/** The inputs that bound what a run downloads: per file and in total, so a hostile or broken service cannot fill the disk. */


const download_limits_MIN_BYTES = 1024;
const download_limits_MAX_BYTES = 1024 ** 4;
function readDownloadLimits(input, report) {
    const maxDownloadBytes = readSize('max-download-size', input('max-download-size'), report);
    const maxTotalDownloadBytes = readSize('max-total-download-size', input('max-total-download-size'), report);
    return { maxDownloadBytes, maxTotalDownloadBytes };
}
function readSize(name, raw, report) {
    const bytes = parseByteSize(raw);
    if (bytes === undefined || bytes < download_limits_MIN_BYTES || bytes > download_limits_MAX_BYTES) {
        report(`Input "${name}" is ${quote(raw)}: expected a size from ${formatByteSize(download_limits_MIN_BYTES)} to ` +
            `${formatByteSize(download_limits_MAX_BYTES)}, like 500MiB, 2GiB or plain bytes.`);
        return download_limits_MIN_BYTES;
    }
    return bytes;
}

;// CONCATENATED MODULE: ./lib/settings/engine.js
/**
 * The `engine`, `fonts-dir` and `page-size` inputs: which engine converts, the repository's own fonts the engines
 * use, and the paper the browser prints Markdown and HTML on.
 */



const ENGINE_NAMES = ['groupdocs', 'libreoffice', 'local'];
const PAGE_SIZES = ['A4', 'Letter'];
/** Font files are recognised by these extensions, whatever their case. */
const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc']);
/** A fonts folder is walked this deep and no further, and at most this many fonts are taken. */
const MAX_FONT_DEPTH = 4;
const MAX_FONT_FILES = 500;
function readEngineSettings(input, workspace, report) {
    const engine = readChoice('engine', input('engine'), ENGINE_NAMES, report) ?? 'groupdocs';
    return {
        engine,
        fonts: readFontsDir(input('fonts-dir'), workspace, report),
        pageSize: readPageSize(input('page-size'), report),
        installLibreOffice: input('install-libreoffice') === ''
            ? true
            : (readBoolean('install-libreoffice', input('install-libreoffice'), report) ?? true),
    };
}
/** `A4` or `Letter`, in any case; empty means A4. */
function readPageSize(raw, report) {
    const wanted = raw.trim().toLowerCase();
    if (wanted === '')
        return 'A4';
    const size = PAGE_SIZES.find((candidate) => candidate.toLowerCase() === wanted);
    if (size === undefined)
        report(`Input "page-size" is ${quote(raw)}: expected one of ${PAGE_SIZES.join(', ')}.`);
    return size ?? 'A4';
}
function readFontsDir(raw, workspace, report) {
    if (raw === '')
        return undefined;
    const directory = external_node_path_.resolve(workspace, raw);
    const stats = external_node_fs_.statSync(directory, { throwIfNoEntry: false });
    if (!isBelow(workspace, directory) ||
        (stats && !isBelow(external_node_fs_.realpathSync(workspace), external_node_fs_.realpathSync(directory)))) {
        report(`Input "fonts-dir" is ${quote(raw)}: expected a folder inside the workspace (${workspace}).`);
        return undefined;
    }
    if (!stats?.isDirectory()) {
        report(`Input "fonts-dir" is ${quote(raw)}: no such folder in the workspace.`);
        return undefined;
    }
    const files = fontFilesIn(directory);
    if (files.length === 0) {
        report(`Input "fonts-dir" is ${quote(raw)}: the folder holds no .ttf, .otf or .ttc font.`);
        return undefined;
    }
    if (files.length > MAX_FONT_FILES) {
        report(`Input "fonts-dir" is ${quote(raw)}: it holds ${files.length} fonts, more than ${MAX_FONT_FILES}; point it at the fonts your documents use.`);
        return undefined;
    }
    return { directory, files };
}
/** Regular font files below `directory` (symbolic links are not followed), relative, sorted. */
function fontFilesIn(directory) {
    const found = [];
    const walk = (folder, depth) => {
        for (const entry of external_node_fs_.readdirSync(folder, { withFileTypes: true })) {
            const full = external_node_path_.join(folder, entry.name);
            if (entry.isDirectory() && depth < MAX_FONT_DEPTH)
                walk(full, depth + 1);
            else if (entry.isFile() && FONT_EXTENSIONS.has(external_node_path_.extname(entry.name).toLowerCase())) {
                found.push(external_node_path_.relative(directory, full).split(external_node_path_.sep).join('/'));
            }
            if (found.length > MAX_FONT_FILES)
                return;
        }
    };
    walk(directory, 0);
    return found.sort();
}
function isBelow(parent, child) {
    const relative = external_node_path_.relative(parent, child);
    return relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative);
}

;// CONCATENATED MODULE: ./lib/settings/formats.js
/**
 * Target formats GroupDocs.Conversion Cloud can save to, from the "Save"/"Target" column of the product's
 * supported-formats page (groupdocs-conversion-cloud/docs, content/conversion/getting-started/supported-document-formats.md).
 * Whether a given source can reach a given target is the service's call; this list only catches typos early.
 */
/** Targets rendered page by page: one output file per page, named `<stem>-page-<n>.<format>`. */
const IMAGE_FORMATS = new Set([
    'bmp',
    'dcm',
    'dicom',
    'emf',
    'emz',
    'gif',
    'ico',
    'jp2',
    'jpeg',
    'jpg',
    'png',
    'psb',
    'psd',
    'svgz',
    'tga',
    'tif',
    'tiff',
    'webp',
    'wmf',
    'wmz',
]);
const DOCUMENT_FORMATS = [
    // PDF and page description
    'pdf',
    'xps',
    'eps',
    'ps',
    'pcl',
    'svg',
    'tex',
    // Word processing
    'docx',
    'doc',
    'docm',
    'dot',
    'dotm',
    'dotx',
    'odt',
    'ott',
    'rtf',
    'txt',
    'md',
    // Web
    'html',
    'htm',
    'mhtml',
    'mht',
    'xml',
    'json',
    // Spreadsheet
    'xlsx',
    'xls',
    'xlsm',
    'xlsb',
    'xlam',
    'xlt',
    'xltm',
    'xltx',
    'ods',
    'fods',
    'sxc',
    'csv',
    'tsv',
    // Presentation
    'pptx',
    'ppt',
    'pptm',
    'pps',
    'ppsm',
    'ppsx',
    'pot',
    'potm',
    'potx',
    'odp',
    'otp',
    'fodp',
    // eBook
    'epub',
    'mobi',
    'azw3',
    // Email
    'eml',
    'emlx',
    'msg',
    // Diagram
    'vsdx',
    'vsdm',
    'vssx',
    'vssm',
    'vstx',
    'vstm',
    'vdx',
    'vsx',
    'vtx',
    // Project management
    'mpp',
    'mpx',
    'xer',
    // Finance
    'xbrl',
    'ixbrl',
    // CAD and 3D
    'dxf',
    '3ds',
    'amf',
    'dae',
    'drc',
    'fbx',
    'gltf',
    'obj',
    'ply',
    'rvm',
    'u3d',
    // GIS
    'geojson',
    'topojson',
    'gpx',
    'kml',
    // Font
    'ttf',
    'woff',
    'woff2',
    // Archive
    'zip',
    '7z',
    'tar',
    'cpio',
];
/** Every known target format, lower-case, without a dot. */
const TARGET_FORMATS = new Set([...DOCUMENT_FORMATS, ...IMAGE_FORMATS]);
/** The formats most people want, for hints in error messages. */
const COMMON_TARGET_FORMATS = [
    'pdf',
    'docx',
    'odt',
    'rtf',
    'txt',
    'md',
    'html',
    'xlsx',
    'csv',
    'pptx',
    'epub',
    'png',
    'jpg',
    'svg',
];
function isKnownTargetFormat(format) {
    return TARGET_FORMATS.has(format);
}
/** True for targets that give one file per page (`<stem>-page-<n>.<format>`) rather than one file. */
function isImageFormat(format) {
    return IMAGE_FORMATS.has(format.toLowerCase());
}

;// CONCATENATED MODULE: ./lib/settings/publishing.js
/** The publishing inputs: targets, artifact, commit, release and pull-request comment. */

const MAX_RETENTION_DAYS = 90;
const PUBLISH_TARGETS = ['artifact', 'commit', 'release'];
/** Characters the artifact service refuses in artifact names, and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\u0000-\u001f\u007f]/;
const MAX_ARTIFACT_NAME_LENGTH = 256;
function readPublish(input, report) {
    const targets = readPublishTargets(input('publish'), report);
    const artifactName = input('artifact-name');
    if (artifactName === '') {
        report('Input "artifact-name" is "": give a name for the artifact.');
    }
    else if (ARTIFACT_NAME_FORBIDDEN.test(artifactName)) {
        report(`Input "artifact-name" is ${quote(artifactName)}: it must not contain any of " : < > | * ? \\ / ` +
            'or a line break or other control character.');
    }
    else if (artifactName.length > MAX_ARTIFACT_NAME_LENGTH) {
        report(`Input "artifact-name" is ${artifactName.length} characters long: expected at most ${MAX_ARTIFACT_NAME_LENGTH}.`);
    }
    const artifactPerFile = readBoolean('artifact-per-file', input('artifact-per-file'), report) ?? false;
    const retentionRaw = input('retention-days');
    const retentionDays = retentionRaw === '' ? undefined : readRetentionDays(retentionRaw, report);
    const branchRaw = input('commit-branch');
    if (branchRaw !== '') {
        const problem = branchNameProblem(branchRaw);
        if (problem !== undefined) {
            report(`Input "commit-branch" is ${quote(branchRaw)}: not a valid git branch name (${problem}).`);
        }
    }
    const commitMessage = input('commit-message');
    if (commitMessage.trim() === '') {
        report('Input "commit-message" is "": give a message for the commit of converted files.');
    }
    const releaseTag = input('release-tag');
    const prComment = readPrComment(input('pr-comment'), report);
    return {
        targets,
        artifactName,
        artifactPerFile,
        retentionDays,
        commitBranch: branchRaw === '' ? undefined : branchRaw,
        commitMessage,
        releaseTag: releaseTag === '' ? undefined : releaseTag,
        prComment,
        githubToken: input('github-token'),
    };
}
function readPublishTargets(raw, report) {
    const allowed = `expected any of ${PUBLISH_TARGETS.join(', ')} (comma-separated), or none`;
    const words = raw
        .split(/[,\r\n]+/)
        .map((word) => word.trim().toLowerCase())
        .filter((word) => word !== '');
    const targets = new Set();
    if (words.length === 0) {
        report(`Input "publish" is ${quote(raw)}: ${allowed}.`);
        return targets;
    }
    for (const word of words) {
        const target = PUBLISH_TARGETS.find((candidate) => candidate === word);
        if (target !== undefined) {
            targets.add(target);
        }
        else if (word !== 'none') {
            report(`Input "publish" has ${quote(word)}: ${allowed}.`);
        }
    }
    if (words.includes('none') && words.some((word) => word !== 'none')) {
        report(`Input "publish" is ${quote(raw)}: "none" cannot be combined with other targets.`);
    }
    return targets;
}
function readRetentionDays(raw, report) {
    const days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(days >= 1 && days <= MAX_RETENTION_DAYS)) {
        report(`Input "retention-days" is ${quote(raw)}: expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}, ` +
            'or empty for the repository default.');
        return undefined;
    }
    return days;
}
/** Why a name is not a valid branch name (the rules of `git check-ref-format --branch`), or undefined. */
function branchNameProblem(name) {
    if (name.startsWith('-'))
        return 'it starts with "-"';
    if (name === '@')
        return 'it is "@"';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
    if (/[\u0000-\u0020\u007f]/.test(name))
        return 'it contains a space or a control character';
    const forbidden = ['~', '^', ':', '?', '*', '[', '\\'].find((character) => name.includes(character));
    if (forbidden !== undefined)
        return `it contains "${forbidden}"`;
    if (name.includes('..'))
        return 'it contains ".."';
    if (name.includes('@{'))
        return 'it contains "@{"';
    if (name.startsWith('/') || name.endsWith('/'))
        return 'it starts or ends with "/"';
    if (name.includes('//'))
        return 'it contains "//"';
    if (name.endsWith('.'))
        return 'it ends with "."';
    for (const component of name.split('/')) {
        if (component.startsWith('.'))
            return `its part ${quote(component)} starts with "."`;
        if (component.endsWith('.lock'))
            return `its part ${quote(component)} ends with ".lock"`;
    }
    return undefined;
}
function readPrComment(raw, report) {
    return readAutoBoolean('pr-comment', raw, report) ?? 'auto';
}

;// CONCATENATED MODULE: ./lib/settings/previews.js
/** The page-preview inputs: whether to make previews, how many pages, how wide, and where the images live. */


const MAX_PAGES = 300;
const MIN_WIDTH_PX = 200;
const MAX_WIDTH_PX = 2000;
function readPreviews(input, formats, report) {
    const raw = input('previews');
    let mode = 'off';
    if (raw.toLowerCase() === 'auto')
        mode = 'auto';
    else {
        const value = parseBoolean(raw);
        if (value === undefined)
            report(`Input "previews" is ${quote(raw)}: expected auto, true or false.`);
        else
            mode = value ? 'on' : 'off';
    }
    if (mode === 'on' && !formats.includes('pdf')) {
        report(`Input "previews" is ${quote(raw)} but "format" has no pdf: page previews are rendered from the PDF ` +
            'output, so add pdf to format (an extra conversion per document is never made on its own).');
    }
    const maxPages = readWholeNumber('preview-pages', input('preview-pages'), 1, MAX_PAGES, report);
    const widthPx = readWholeNumber('preview-width', input('preview-width'), MIN_WIDTH_PX, MAX_WIDTH_PX, report);
    const branchPrefix = input('previews-branch-prefix');
    const problem = branchNameProblem(`${branchPrefix}pr-1`);
    if (branchPrefix === '' || problem !== undefined) {
        report(`Input "previews-branch-prefix" is ${quote(branchPrefix)}: ` +
            `${problem === undefined ? 'it is empty' : `"${branchPrefix}pr-1" is not a valid git branch name (${problem})`}; ` +
            'give a prefix like document-previews/.');
    }
    return { mode, maxPages, widthPx, branchPrefix };
}

;// CONCATENATED MODULE: ./lib/settings/protected-dirs.js
/**
 * Where the action may write and read relative to the repository's own metadata: never `.git` (results there would
 * overwrite the checkout's configuration and credentials), and `.github` (workflows, actions, settings) only when
 * the `allow-github-dir` input asks for it.
 */


function readProtectedDirs(input, report) {
    return { allowGithubDir: readBoolean('allow-github-dir', input('allow-github-dir'), report) ?? false };
}
/** Reports a directory input that is, or lies inside, `.git` — or `.github` for output-dir unless allowed. */
function refuseProtectedDir(directory, settings, report) {
    const parts = [directory.relative, directory.realRelative].flatMap((relative) => relative.split(external_node_path_.sep).map((part) => part.toLowerCase()));
    const resolved = directory.realRelative === directory.relative ? '' : ` (it resolves to ${quote(directory.realRelative)})`;
    if (parts.includes('.git')) {
        report(`Input "${directory.name}" is ${quote(directory.raw)}${resolved}: it is the repository's .git directory or ` +
            'inside it, which holds the checkout’s configuration and credentials. Choose a directory outside .git.');
    }
    else if (directory.name === 'output-dir' && parts.includes('.github') && !settings.allowGithubDir) {
        report(`Input "output-dir" is ${quote(directory.raw)}${resolved}: it is .github or inside it, where converted files ` +
            'could replace workflows or repository settings. Choose another directory, or set allow-github-dir: true ' +
            'if this is really meant.');
    }
}

;// CONCATENATED MODULE: ./lib/settings/sharding.js
/** The inputs that spread one plan over a matrix of jobs: `shard` (this job's share) and `publish-only`. */

/** Shards in a matrix: GitHub runs at most 256 jobs per matrix. */
const MAX_SHARDS = 256;
function readSharding(input, report) {
    const shard = readShard(input('shard'), report);
    const publishOnly = readBoolean('publish-only', input('publish-only'), report) ?? false;
    if (publishOnly && shard !== undefined) {
        report(`Input "publish-only" is "true" and input "shard" is ${quote(input('shard'))}: the publishing job takes ` +
            'no shard; set shard only on the converting jobs.');
    }
    if (publishOnly && readBoolean('dry-run', input('dry-run'), () => { }) === true) {
        report('Input "publish-only" is "true" and input "dry-run" is "true": choose one.');
    }
    return { shard, publishOnly };
}
function readShard(raw, report) {
    if (raw === '')
        return undefined;
    const match = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(raw);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || !(index >= 1 && index <= count && count <= MAX_SHARDS)) {
        report(`Input "shard" is ${quote(raw)}: expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, like 1/4.`);
        return undefined;
    }
    return { index, count };
}
/** `2/4`, as users write it. */
function shardLabel(shard) {
    return `${shard.index}/${shard.count}`;
}

;// CONCATENATED MODULE: ./lib/settings/storage-name.js
/** The `storage-name` input: the name of a storage of the GroupDocs account, sent with every storage call. */

const MAX_STORAGE_NAME_LENGTH = 128;
/**
 * Storage names are chosen in the GroupDocs dashboard (`MyStorage`, `First Storage`, `docs-s3`). Anything else —
 * a path (`../../x`, `/x`), a line break, a query character — would be sent to the service as part of a URL or a
 * request body, so it is refused before any request.
 */
const STORAGE_NAME = /^[\p{L}\p{N} ._-]+$/u;
/** The storage name, '' for the account's default storage. */
function readStorageName(raw, report) {
    const name = raw.trim();
    if (name === '')
        return '';
    if (name.length > MAX_STORAGE_NAME_LENGTH || !STORAGE_NAME.test(name) || /^\.+$/.test(name)) {
        report(`Input "storage-name" is ${quote(raw)}: expected the name of a storage of your GroupDocs account, ` +
            `up to ${MAX_STORAGE_NAME_LENGTH} letters, digits, spaces, ".", "_" or "-" (not only dots), ` +
            'or empty for the default storage.');
        return '';
    }
    return name;
}

;// CONCATENATED MODULE: ./lib/settings/index.js
/** The action's inputs, as strings, turned into one typed and validated Settings object; every bad input reported at once. */

















/** One or more inputs are invalid. The message lists every problem, one per line. */
class SettingsError extends Error {
    problems;
    constructor(problems) {
        super(problems.join('\n'));
        this.name = 'SettingsError';
        this.problems = problems;
    }
}
const MAX_CONCURRENCY = 64;
const MAX_TIMEOUT_MS = 6 * 3_600_000;
const MIN_POLL_INTERVAL_MS = 50;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;
const IF_NO_FILES_FOUND = ['warn', 'error', 'ignore'];
/**
 * The secret values among the raw inputs (client secret from the input or the environment, GitHub token, document
 * passwords and other secret-named values in load-options and convert-options),
 * so that main can register them with `core.setSecret` before anything could print them.
 */
function secretsOf(input, runner) {
    const candidates = [
        input('client-secret'),
        runner.groupDocsCredentials.clientSecret,
        input('github-token'),
        ...optionSecrets(input('load-options')),
        ...optionSecrets(input('convert-options')),
    ];
    const secrets = new Set();
    for (const value of candidates) {
        for (const form of [value, value.trim()]) {
            if (form !== '')
                secrets.add(form);
        }
    }
    return [...secrets];
}
/** Document passwords and other secret-named values in a JSON options input; none when it is not valid JSON. */
function optionSecrets(raw) {
    if (raw === '')
        return [];
    try {
        return (0,untrusted_text/* secretValuesIn */.Yl)(JSON.parse(raw));
    }
    catch {
        return [];
    }
}
/** Validates every input and returns the typed settings; throws one SettingsError naming every bad input. */
function readSettings(input, runner) {
    const problems = [];
    const report = (message) => {
        problems.push(message);
    };
    const { workspace } = runner;
    const realWorkspace = realpathIfExists(workspace);
    if (realWorkspace === undefined) {
        report(`The workspace ${quote(workspace)} (GITHUB_WORKSPACE, or the current directory) does not exist.`);
    }
    const places = { workspace, realWorkspace: realWorkspace ?? workspace };
    const patterns = readPatterns(input('path'), report);
    const formats = readFormats(input('format'), report);
    const { outputDir, baseDir } = readLocations(input, places, report);
    const dryRun = readBoolean('dry-run', input('dry-run'), report);
    const engine = readEngineSettings(input, workspace, report);
    const sharding = readSharding(input, report);
    // Neither a dry run, nor LibreOffice (on the runner), nor the publishing job of a matrix calls the conversion
    // service: no account is needed.
    const credentials = readCredentials(input, runner, engine.engine === 'groupdocs' && !sharding.publishOnly ? dryRun : true, report);
    const apiBaseUrl = readApiBaseUrl(input('api-base-url'), report);
    const storageName = readStorageName(input('storage-name'), report);
    const conversion = readConversionInputs(input, report);
    const ifNoFilesFound = readChoice('if-no-files-found', input('if-no-files-found'), IF_NO_FILES_FOUND, report);
    const failOnError = readBoolean('fail-on-error', input('fail-on-error'), report);
    const publish = readPublish(input, report);
    const previews = readPreviews(input, formats, report);
    const downloadLimits = readDownloadLimits(input, report);
    const cache = readCache(input, report);
    const changedOnly = readChangedOnly(input, report);
    if (problems.length > 0) {
        // Last line of defence: no message may carry a secret, whatever input it was typed into by mistake.
        const { redact } = new redaction/* Redactor */.p(secretsOf(input, runner));
        throw new SettingsError(problems.map(redact));
    }
    return {
        workspace,
        patterns,
        formats,
        outputDir: outputDir ?? workspace,
        baseDir: baseDir ?? workspace,
        credentials,
        apiBaseUrl,
        storageName,
        ...conversion,
        ifNoFilesFound: ifNoFilesFound ?? 'warn',
        failOnError: failOnError ?? true,
        dryRun: dryRun ?? false,
        cache,
        publish,
        previews,
        downloadLimits,
        changedOnly,
        engine,
        sharding,
    };
}
/** output-dir and base-dir: inside the workspace by where they really lead, never a protected folder. */
function readLocations(input, places, report) {
    const { workspace } = places;
    const outputDir = readOutputDir(input('output-dir'), places, report);
    const baseDir = readBaseDir(input('base-dir'), places, report);
    const protectedDirs = readProtectedDirs(input, report);
    for (const [name, resolved] of [
        ['output-dir', outputDir],
        ['base-dir', baseDir],
    ]) {
        if (resolved === undefined)
            continue;
        const realRelative = external_node_path_.relative(places.realWorkspace, realLocation(resolved));
        refuseProtectedDir({ name, raw: input(name), relative: external_node_path_.relative(workspace, resolved), realRelative }, protectedDirs, report);
    }
    if (outputDir !== undefined && baseDir !== undefined && isInsideDirectory(outputDir, baseDir)) {
        report(`Input "base-dir" is ${quote(input('base-dir'))}: it lies inside output-dir ${quote(input('output-dir'))}, ` +
            'where sources are never read from. Choose a base-dir outside output-dir.');
    }
    return { outputDir, baseDir };
}
/** How the conversions run: concurrency, the one timeout, polling, and the service's options. */
function readConversionInputs(input, report) {
    const concurrency = readWholeNumber('concurrency', input('concurrency'), 1, MAX_CONCURRENCY, report);
    const timeoutMs = readDuration('timeout', input('timeout'), report, {
        accepts: (ms) => ms > 0 && ms <= MAX_TIMEOUT_MS,
        expected: 'a duration above 0 and at most 6h, like 90s, 5m, 1h30m or plain seconds',
    });
    const pollIntervalMs = readDuration('poll-interval', input('poll-interval'), report, {
        accepts: (ms) => ms >= MIN_POLL_INTERVAL_MS && ms <= MAX_POLL_INTERVAL_MS,
        expected: 'a duration from 50ms to 5m, like 500ms, 1s or 2s',
    });
    const loadOptions = readJsonObject('load-options', input('load-options'), '{"password": "…"}', report);
    const convertOptions = readJsonObject('convert-options', input('convert-options'), '{"fromPage": 1, "pagesCount": 2}', report);
    return { concurrency, timeoutMs, pollIntervalMs, loadOptions, convertOptions };
}
/** True when `child` is `parent` or lies below it (lexically; resolve symlinks first where that matters). */
function isInsideDirectory(parent, child) {
    const relative = external_node_path_.relative(parent, child);
    return (relative === '' ||
        (relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative)));
}
/**
 * Where a path really lives: the real path of its deepest existing ancestor (symlinks resolved) joined with the
 * part that does not exist yet. Lets a not-yet-created output directory be checked like an existing one.
 */
function realLocation(absolutePath) {
    let existing = external_node_path_.resolve(absolutePath);
    const missing = [];
    for (;;) {
        const real = realpathIfExists(existing);
        if (real !== undefined)
            return external_node_path_.join(real, ...missing.reverse());
        const parent = external_node_path_.dirname(existing);
        if (parent === existing)
            return external_node_path_.resolve(absolutePath);
        missing.push(external_node_path_.basename(existing));
        existing = parent;
    }
}
function readPatterns(raw, report) {
    // '#' may start a file name, so only blank lines are skipped.
    const patterns = splitLines(raw);
    if (patterns.length === 0) {
        report('Input "path" is "": give at least one file, directory or glob pattern, one per line.');
        return patterns;
    }
    for (const line of patterns) {
        if (/^!+$/.test(line.replace(/\s/g, ''))) {
            report(`Input "path" has the line ${quote(line)}: write the pattern to exclude after the "!".`);
        }
    }
    if (patterns.every((line) => line.startsWith('!'))) {
        report(`Input "path" is ${quote(raw)}: it has only exclude lines (starting with "!"); add a line naming files to convert.`);
    }
    return patterns;
}
function readFormats(raw, report) {
    const items = raw
        .split(/[,\r\n]+/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (items.length === 0) {
        report(`Input "format" is ${quote(raw)}: give at least one target format, e.g. "pdf" or "pdf, html".`);
    }
    const formats = [];
    for (const item of items) {
        const format = item.toLowerCase().replace(/^\./, '');
        if (formats.includes(format))
            continue;
        if (isKnownTargetFormat(format)) {
            formats.push(format);
        }
        else {
            report(`Input "format" has ${quote(item)}: not a known target format.${formatHint(format)}`);
        }
    }
    return formats;
}
function formatHint(format) {
    const guess = closestFormat(format);
    const suggestion = guess === undefined ? '' : ` Did you mean "${guess}"?`;
    const others = TARGET_FORMATS.size - COMMON_TARGET_FORMATS.length;
    return `${suggestion} Known: ${COMMON_TARGET_FORMATS.join(', ')} and ${others} more.`;
}
/** The known format nearest to a typo (one edit away, two for longer names), preferring common formats on ties. */
function closestFormat(format) {
    if (format === '')
        return undefined;
    let best;
    let bestDistance = format.length <= 4 ? 2 : 3;
    for (const candidate of [...COMMON_TARGET_FORMATS, ...TARGET_FORMATS]) {
        const distance = editDistance(format, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
/** Levenshtein distance with adjacent transpositions counted as one edit (`pfd` → `pdf`). */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            if (i === 0) {
                row.push(j);
                continue;
            }
            const previous = rows[i - 1] ?? [];
            const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
            let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
            }
            row.push(best);
        }
        rows.push(row);
    }
    return rows[a.length]?.[b.length] ?? Number.POSITIVE_INFINITY;
}
function readOutputDir(raw, places, report) {
    const resolved = external_node_path_.resolve(places.workspace, raw);
    const expected = `expected a directory inside the workspace (${places.workspace}), other than the workspace itself`;
    if (!isInsideDirectory(places.workspace, resolved) || resolved === places.workspace) {
        report(`Input "output-dir" is ${quote(raw)}: ${expected}.`);
        return undefined;
    }
    const real = realLocation(resolved);
    if (!isInsideDirectory(places.realWorkspace, real) || real === places.realWorkspace) {
        report(`Input "output-dir" is ${quote(raw)}: it resolves through a symbolic link to ${quote(real)}; ${expected}.`);
        return undefined;
    }
    const stats = external_node_fs_.statSync(resolved, { throwIfNoEntry: false });
    if (stats !== undefined && !stats.isDirectory()) {
        report(`Input "output-dir" is ${quote(raw)}: it exists and is not a directory.`);
        return undefined;
    }
    return resolved;
}
function readBaseDir(raw, places, report) {
    const resolved = external_node_path_.resolve(places.workspace, raw);
    const expected = `expected a directory inside the workspace (${places.workspace})`;
    if (!isInsideDirectory(places.workspace, resolved)) {
        report(`Input "base-dir" is ${quote(raw)}: ${expected}.`);
        return undefined;
    }
    if (!external_node_fs_.existsSync(resolved)) {
        report(`Input "base-dir" is ${quote(raw)}: no such directory in the workspace.`);
        return undefined;
    }
    const real = realLocation(resolved);
    if (!isInsideDirectory(places.realWorkspace, real)) {
        report(`Input "base-dir" is ${quote(raw)}: it resolves through a symbolic link to ${quote(real)}; ${expected}.`);
        return undefined;
    }
    if (!external_node_fs_.statSync(resolved).isDirectory()) {
        report(`Input "base-dir" is ${quote(raw)}: it is a file; ${expected}.`);
        return undefined;
    }
    return resolved;
}
function readCredentials(input, runner, 
/** true for a dry run or an engine without an account; undefined when that input was unreadable. */
noApiCall, report) {
    const clientId = input('client-id') || runner.groupDocsCredentials.clientId.trim();
    const clientSecret = input('client-secret') || runner.groupDocsCredentials.clientSecret.trim();
    if (clientId !== '' && clientSecret !== '')
        return { clientId, clientSecret };
    // No API call needs none; an unreadable dry-run input is already reported, so don't pile on.
    if (noApiCall !== false)
        return undefined;
    const hint = 'from your GroupDocs Cloud application (or set dry-run to true to only print the plan)';
    if (clientId === '') {
        report(`Input "client-id" is "" and ${settings_runner/* CLIENT_ID_VARIABLE */.b6} is not set: give the client id ${hint}.`);
    }
    if (clientSecret === '') {
        report(`Input "client-secret" is "" and ${settings_runner/* CLIENT_SECRET_VARIABLE */.IZ} is not set: give the client secret ${hint}.`);
    }
    return undefined;
}
function readApiBaseUrl(raw, report) {
    const expected = 'expected an http:// or https:// URL such as https://api.groupdocs.cloud';
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        report(`Input "api-base-url" is ${quote(raw)}: ${expected}.`);
        return '';
    }
    if (url.username !== '' || url.password !== '') {
        // Never echo the value: the part before '@' may be a password.
        const shown = `${url.protocol}//***@${url.host}${url.pathname}`;
        report(`Input "api-base-url" is ${quote(shown)}: it must not hold a user name or password; ` +
            'give credentials in client-id and client-secret.');
        return '';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        report(`Input "api-base-url" is ${quote(raw)}: ${expected}.`);
        return '';
    }
    if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
        report(`Input "api-base-url" is ${quote(raw)}: a base URL cannot have a query ("?…") or a fragment ("#…").`);
        return '';
    }
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
function realpathIfExists(target) {
    try {
        return external_node_fs_.realpathSync(target);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/cache/committed-manifest.js
/**
 * In `publish: commit` mode the committed outputs are a cache too: `<output-dir>/.convert-documents.json`,
 * committed with them, records which conversion made which files. A push that changed nothing then converts
 * nothing, and the outputs of a deleted source are removed — only the files this manifest says the action made.
 * The file is written deterministically (sorted, no timestamps), so an unchanged run commits nothing.
 */








const COMMITTED_MANIFEST = '.convert-documents.json';
function committedManifestPath(outputDir) {
    return external_node_path_.join(outputDir, COMMITTED_MANIFEST);
}
/** Larger than any manifest of 100,000 conversions: a bigger one is not read. */
const committed_manifest_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/**
 * The manifest as committed; an absent or unreadable one is empty (everything is converted), and so is one that is
 * not a regular file of its own (a link is not followed) or is larger than MAX_MANIFEST_BYTES.
 */
async function readCommittedManifest(outputDir) {
    let parsed;
    try {
        const handle = await (0,safe_files/* openRegularFile */.ZU)(committedManifestPath(outputDir));
        try {
            if ((await handle.stat()).size > committed_manifest_MAX_MANIFEST_BYTES)
                return [];
            parsed = JSON.parse(await handle.readFile('utf8'));
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return [];
    }
    const { version, conversions } = (parsed ?? {});
    if (version !== CACHE_FORMAT_VERSION || !Array.isArray(conversions))
        return [];
    return conversions.flatMap((value) => {
        const conversion = asCommittedConversion(value);
        return conversion ? [conversion] : [];
    });
}
function asCommittedConversion(value) {
    const entry = asCacheEntry(value);
    const { source, sourceSha256, format, key, directory } = value;
    if (!entry || typeof source !== 'string' || typeof format !== 'string' || typeof key !== 'string') {
        return undefined;
    }
    if (typeof sourceSha256 !== 'string' || typeof directory !== 'string')
        return undefined;
    return { ...entry, source, sourceSha256, format, key, directory };
}
/**
 * The conversions whose committed outputs may be reused: none when it is not known what the checked-out commits
 * changed, or when they changed the manifest itself; else those whose source and outputs they left alone. A pull
 * request can commit a manifest entry keyed by its new source with an output of its own making, its hash recorded
 * to match; it cannot do so without changing the manifest in the commits it brings.
 */
function trustedConversions(conversions, changes, settings) {
    if ('unknown' in changes)
        return { why: changes.unknown };
    const inRepository = (file) => external_node_path_.relative(settings.workspace, file).split(external_node_path_.sep).join('/');
    if (changes.paths.has(inRepository(committedManifestPath(settings.outputDir)))) {
        return { why: `the checked-out commits change ${COMMITTED_MANIFEST}` };
    }
    return {
        conversions: conversions.filter((conversion) => {
            const outputs = filesOf(settings.outputDir, conversion) ?? [];
            return (!changes.paths.has(conversion.source) &&
                !outputs.some((file) => changes.paths.has(inRepository(file))));
        }),
    };
}
/** Absolute paths of a conversion's files, or undefined when any would lie outside output-dir. */
function filesOf(outputDir, conversion) {
    const realOutputDir = realLocation(outputDir);
    const files = conversion.outputs.map((output) => external_node_path_.resolve(outputDir, ...conversion.directory.split('/'), output.name));
    const inside = (file) => isInsideDirectory(outputDir, file) &&
        file !== external_node_path_.resolve(outputDir) &&
        isInsideDirectory(realOutputDir, realLocation(file));
    return files.every(inside) ? files : undefined;
}
async function writeCommittedManifest(outputDir, conversions) {
    const sorted = [...conversions].sort((a, b) => a.source === b.source ? compare(a.format, b.format) : compare(a.source, b.source));
    const file = committedManifestPath(outputDir);
    const body = {
        generator: 'convert-documents-action',
        version: CACHE_FORMAT_VERSION,
        conversions: sorted.map(({ source, sourceSha256, format, key, directory, stem, outputs }) => ({
            source,
            sourceSha256,
            format,
            key,
            directory,
            stem,
            outputs,
        })),
    };
    // Replaced, never written through: a pull request may have committed a link at this name.
    await (0,safe_files/* writeFileReplacing */.lS)(file, `${JSON.stringify(body, null, 2)}\n`);
    return file;
}
/**
 * The conversions of the previous manifest that are over: their source is gone from the workspace, or this run
 * made that (source, format) again. Their files are deleted from disk (except any this run wrote, in `keep`) and
 * returned so the commit removes them too: a deleted document's outputs, a page that no longer exists.
 */
async function removeOutputsOfPastConversions(previous, workspace, outputDir, current, keep) {
    const removed = [];
    const over = new Set();
    const remade = new Set(current.map(committed_manifest_pairOf));
    for (const conversion of previous) {
        if (!remade.has(committed_manifest_pairOf(conversion)) && (0,external_node_fs_.existsSync)(external_node_path_.resolve(workspace, conversion.source)))
            continue;
        over.add(conversion);
        const files = filesOf(outputDir, conversion);
        if (!files) {
            core/* warning */.$e(`Cache: the manifest lists outputs of ${JSON.stringify(conversion.source)} outside output-dir; left alone.`);
            continue;
        }
        for (const file of files) {
            if (keep.has(file))
                continue;
            await (0,promises_.rm)(file, { force: true });
            removed.push(file);
        }
    }
    return { removed, over };
}
function committed_manifest_pairOf(conversion) {
    return `${conversion.source}\n${conversion.format}`;
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./lib/cache/dependencies.js
/**
 * The part of a conversion's key that the files besides its source decide (a Markdown page's local images, an HTML
 * page's stylesheets and images): each file's bytes hashed as a stream, a missing or refused one named absent, so
 * changing, adding or removing any of them changes the key. Bounded by what the program reads (the listing's
 * limits): a file past its per-file limit is known only as too large (the program leaves it out whatever it holds),
 * and a document whose files pass the total, or an incomplete listing, is never reused.
 */





/** SHA-256 of at most `cap` bytes of `file`, streamed: a longer file is 'too large' after reading one byte past it. */
async function hashUpTo(file, cap) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    try {
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file, { start: 0, end: cap }), async (chunks) => {
            for await (const chunk of chunks) {
                bytes += chunk.length;
                hash.update(chunk);
            }
        });
    }
    catch {
        return 'unreadable';
    }
    return bytes > cap ? 'too large' : { sha256: hash.digest('hex'), bytes };
}
/**
 * The digest of one document's dependencies; undefined when it has none (its key stays what it always was), and a
 * value no other run can make when the listing is incomplete or its files pass the listing's total limit.
 */
async function dependenciesDigest(listed) {
    if (!listed.complete)
        return uncacheable();
    if (listed.dependencies.length === 0)
        return undefined;
    const states = new Map();
    let hashed = 0;
    const parts = [];
    for (const { reference, file } of listed.dependencies) {
        let state = 'absent';
        if (file !== undefined) {
            state = states.get(file) ?? (await hashUpTo(file, listed.limits.fileBytes));
            if (!states.has(file) && typeof state === 'object')
                hashed += state.bytes;
            states.set(file, state);
        }
        if (hashed > listed.limits.totalBytes)
            return uncacheable();
        parts.push({ reference, state });
    }
    return sha256Hex(canonicalJson(parts));
}
const NEVER_REUSED = 'uncacheable-';
/** A key part that matches nothing stored: the document is converted every time. */
function uncacheable() {
    return `${NEVER_REUSED}${(0,external_node_crypto_.randomUUID)()}`;
}
/** Whether a digest is one no run can make again: its conversion is not worth saving. */
function isNeverReused(digest) {
    return digest?.startsWith(NEVER_REUSED) ?? false;
}
/** Each planned document's dependency digest, a few documents at a time, in plan.documents order. */
async function digestDependencies(plan, list, parallel) {
    const digests = new Array(plan.documents.length);
    await (0,in_parallel/* forEachInParallel */.P)(plan.documents, parallel, async (document, index) => {
        digests[index] = await dependenciesDigest(await list(document));
    });
    return digests;
}

// EXTERNAL MODULE: ./lib/github/client.js
var client = __webpack_require__(70636);
// EXTERNAL MODULE: ./lib/github/links.js
var links = __webpack_require__(97578);
;// CONCATENATED MODULE: ./lib/cache/pushed-changes.js
/**
 * What the commits being checked out changed, by the GitHub API's compare of the commit before them (a push's
 * `before`, a pull request's base) with the checked-out commit. Committed outputs are a cache only for what these
 * commits left alone: a pull request can commit a forged manifest entry and output beside its change of a source,
 * and nothing in the repository can tell them from the action's own, so only a file the reviewed history did not
 * touch in these commits is trusted.
 */



/** GitHub's compare lists at most 300 files; a list this long may be cut, so it is not trusted as whole. */
const MAX_COMPARED_FILES = 300;
/** The repository paths the checked-out commits changed (added, modified, removed, renamed from or to). */
async function pushedChanges(token, runner, signal) {
    const base = runner.eventName === 'push' ? runner.pushBefore : runner.pullRequest?.baseSha;
    const head = runner.sha;
    if (!(0,links/* isCommitSha */._$)(base) || /^0+$/.test(base)) {
        return { unknown: `the ${runner.eventName || 'run'} event names no earlier commit to compare with` };
    }
    if (!(0,links/* isCommitSha */._$)(head))
        return { unknown: 'GITHUB_SHA is not a commit SHA' };
    if (base === head)
        return { paths: new Set() };
    const octokit = (0,client.createGitHubClient)(token, runner, signal);
    if (!octokit)
        return { unknown: 'there is no github-token to compare commits with' };
    try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
            ...runner.repository,
            basehead: `${base}...${head}`,
            per_page: 1,
        });
        const files = Array.isArray(data.files) ? data.files : [];
        if (files.length >= MAX_COMPARED_FILES)
            return { unknown: 'the commits change too many files to list' };
        const paths = new Set();
        for (const file of files) {
            if (typeof file.filename === 'string')
                paths.add(file.filename);
            if (typeof file.previous_filename === 'string')
                paths.add(file.previous_filename);
        }
        return { paths };
    }
    catch (error) {
        return { unknown: `comparing the commits failed (${messageOf(error)})` };
    }
}

;// CONCATENATED MODULE: ./lib/cache/recording.js
/**
 * After the run: what each job's outputs are now, saved as a new Actions cache entry (kept hits and new
 * conversions, nothing else), and in commit mode the committed manifest rewritten beside the outputs.
 */










/** A conversion's entry described from the files it wrote. */
async function hitOfConversion(result) {
    const outputs = await describeOutputs(result.outputs);
    return {
        entry: { stem: result.job.source.stem, pair: pairOf(result.job), outputs },
        files: result.outputs,
    };
}
/** What each successful job's outputs are now: a hit as restored, a conversion described afresh. */
async function madeByRun(results, head) {
    const made = new Map();
    for (const result of results) {
        const hit = head.hits.get(result.job);
        if (hit)
            made.set(result.job, hit);
        else if (result.status === 'converted')
            made.set(result.job, await hitOfConversion(result));
    }
    return made;
}
/**
 * Copies a conversion's outputs into the cache folder's blobs (unless they are there already) and returns where
 * they are: other plans' outputs are temporary and may be gone by the time the cache is saved.
 */
async function keepAsBlobs(folder, entry, files) {
    const blobs = entry.outputs.map((output) => blobPath(folder, output.sha256));
    await (0,promises_.mkdir)(external_node_path_.dirname(blobs[0]), { recursive: true });
    for (const [index, blob] of blobs.entries()) {
        const file = files[index];
        if (external_node_path_.resolve(file) !== external_node_path_.resolve(blob))
            await (0,safe_files/* copyFileReplacing */.Pt)(file, blob);
    }
    return blobs;
}
/** Saves these conversions (kept hits and new ones, nothing else: the rest is pruned) as a new entry. */
async function saveToActionsCache(conversions, folder, prefix, settings, runner, timeLeftMs) {
    const wanted = [...conversions].map(([key, hit]) => ({
        key,
        entry: hit.entry,
        files: hit.files,
    }));
    try {
        await (0,promises_.mkdir)(folder, { recursive: true });
        const { kept, bytes } = await writeCacheFolder(folder, wanted, settings.cache.maxBytes);
        if (kept.length < wanted.length) {
            core/* info */.pq(`Cache: ${wanted.length - kept.length} conversion(s) left out to stay within cache-max-size.`);
        }
        const savedKey = await saveFolder(folder, prefix, runner, limitsWithin(timeLeftMs).saveMs);
        if (savedKey) {
            core/* info */.pq(`Cache: saved ${kept.length} conversion(s), ${(bytes / 1e6).toFixed(1)} MB, as ${savedKey}.`);
        }
    }
    catch (error) {
        core/* warning */.$e(`Cache: could not prepare the cache to save (${messageOf(error)}).`);
    }
}
/**
 * Commit mode: the manifest rewritten for this run's own outputs (other plans' outputs, the base versions, are
 * temporary), the outputs of conversions that are over deleted. Returns the manifest's path and the removed files.
 */
async function commitConversions(settings, plan, head, made, committed, results) {
    const current = plan.jobs.flatMap((job) => {
        const hit = made.get(job);
        if (!hit)
            return [];
        return [
            {
                ...hit.entry,
                source: job.source.workspacePath,
                sourceSha256: head.sourceHashes[job.documentIndex],
                format: job.format,
                key: head.keyOf(job),
                directory: external_node_path_.relative(settings.outputDir, job.outputDirectory).split(external_node_path_.sep).join('/'),
            },
        ];
    });
    const written = new Set(results.flatMap((result) => result.outputs.map((file) => external_node_path_.resolve(file))));
    const { removed, over } = await removeOutputsOfPastConversions(committed, settings.workspace, settings.outputDir, current, written);
    // A conversion that failed this time keeps its earlier entry, so its outputs stay known as the action's.
    const carried = committed.filter((conversion) => !over.has(conversion));
    const manifest = await writeCommittedManifest(settings.outputDir, [...current, ...carried]);
    return { manifest, removed };
}

;// CONCATENATED MODULE: ./lib/cache/run-cache.js
/**
 * One run's cache: the committed manifest (commit mode), the Actions cache folder restored at most once, the
 * run's own plan looked up, other plans looked up after it, and what all of them made recorded at the end.
 */














const NO_CHANGES = { alsoCommit: [], remove: [] };
class RunCache {
    #setup;
    #commitMode;
    #folder;
    #committed = [];
    #committedByKey = new Map();
    /** Restored once, when a first job is not found among the committed outputs. */
    #restoring;
    /** The run's own plan, looked up. */
    #head;
    /** Conversions of other plans to save with the run's: their outputs are temporary, so kept as blobs at once. */
    #also = new Map();
    #convertedAlso = false;
    /** The run's one deadline (`timeout`), on performance.now()'s clock: lookups, restore and save end by then. */
    #deadline;
    constructor(setup) {
        this.#setup = setup;
        this.#deadline = performance.now() + setup.settings.timeoutMs;
        this.#commitMode = setup.settings.publish.targets.has('commit');
        this.#folder = external_node_path_.join(setup.runner.temporaryDirectory, 'convert-documents-cache');
    }
    /**
     * Reads the committed manifest (commit mode only): the free hits. All of it is kept to record what the action
     * made, but only entries the checked-out commits did not touch (see pushed-changes.ts) are hits.
     */
    async readCommittedManifest(signal) {
        if (!this.#commitMode)
            return;
        const { settings, runner } = this.#setup;
        this.#committed = await readCommittedManifest(settings.outputDir);
        if (this.#committed.length === 0)
            return;
        const changes = await pushedChanges(settings.publish.githubToken, runner, signal);
        const trusted = trustedConversions(this.#committed, changes, settings);
        if ('why' in trusted) {
            core/* info */.pq(`Cache: committed outputs are not reused, converting instead: ${(0,untrusted_text/* untrustedText */.Ui)(trusted.why)}.`);
            return;
        }
        this.#committedByKey = new Map(trusted.conversions.map((conversion) => [conversion.key, conversion]));
    }
    committedManifest() {
        return this.#committed;
    }
    /** The Actions cache folder, restored on first use. */
    restore() {
        this.#restoring ??= (async () => {
            await (0,promises_.rm)(this.#folder, { recursive: true, force: true });
            await (0,promises_.mkdir)(this.#folder, { recursive: true });
            const left = this.timeLeftMs();
            const restored = left > 0
                ? await restoreFolder(this.#folder, this.#setup.prefix, this.#tarGuard(), limitsWithin(left))
                : { key: undefined, responsive: false };
            const entries = restored.key ? await readCacheFolder(this.#folder) : new Map();
            return { entries, responsive: restored.responsive };
        })();
        return this.#restoring;
    }
    #tarGuard() {
        const { runner, settings } = this.#setup;
        return {
            selfCommand: runner.selfCommand,
            searchPath: runner.searchPath,
            temporaryDirectory: runner.temporaryDirectory,
            maxBytes: settings.cache.maxBytes,
        };
    }
    /** What is left of the run's deadline. */
    timeLeftMs() {
        return this.#deadline - performance.now();
    }
    /** (source extension, format) pairs of the restored entries; empty when nothing was restored. */
    async knownPairs() {
        const pairs = new Set();
        if (!this.#restoring)
            return pairs;
        for (const entry of (await this.#restoring).entries.values())
            if (entry.pair)
                pairs.add(entry.pair);
        return pairs;
    }
    /** Looks the run's own plan up: its hits are what `record` keeps and commits. */
    async lookUpRun() {
        this.#head = await this.lookUp(this.#setup.plan, false);
        return this.#head;
    }
    /** Looks a plan up: committed outputs first, then the Actions cache for what is still missing. */
    async lookUp(plan, afterRun) {
        const { settings, engine, optionsFingerprint, unavailable, listDependencies } = this.#setup;
        const sourceHashes = await hashSources(plan);
        const dependencies = await digestDependencies(plan, listDependencies, PARALLEL_FILES);
        const keys = new Map(plan.jobs.map((job) => [
            job,
            conversionKey({
                sourceSha256: sourceHashes[job.documentIndex],
                format: job.format,
                optionsFingerprint,
                engine,
                dependencies: dependencies[job.documentIndex],
            }),
        ]));
        const lookUp = {
            plan,
            afterRun,
            sourceHashes,
            keyOf: (job) => keys.get(job),
            reusable: (job) => !isNeverReused(dependencies[job.documentIndex]),
            hits: new Map(),
        };
        await (0,in_parallel/* forEachInParallel */.P)(plan.jobs, PARALLEL_FILES, async (job) => {
            const conversion = this.#committedByKey.get(lookUp.keyOf(job));
            if (conversion) {
                await restoreHit(lookUp, job, filesOf(settings.outputDir, conversion), conversion, {
                    origin: 'committed outputs',
                    root: settings.outputDir,
                });
            }
        });
        if (unavailable || lookUp.hits.size === plan.jobs.length)
            return lookUp;
        const { entries } = await this.restore();
        await (0,in_parallel/* forEachInParallel */.P)(plan.jobs, PARALLEL_FILES, async (job) => {
            const entry = entries.get(lookUp.keyOf(job));
            if (!entry || lookUp.hits.has(job))
                return;
            const blobs = entry.outputs.map((output) => blobPath(this.#folder, output.sha256));
            await restoreHit(lookUp, job, blobs, entry, { origin: 'Actions cache', root: this.#folder });
        });
        return lookUp;
    }
    /** Another plan through the same cache: see `CacheStage.convertAlso`. */
    async convertAlso(other, convert) {
        const lookUp = await this.lookUp(other, true);
        const misses = other.jobs.filter((job) => !lookUp.hits.has(job));
        const converted = misses.length > 0 ? await convert({ ...other, jobs: misses }) : [];
        const restored = resultsOf(lookUp);
        for (const hit of restored)
            core/* info */.pq(`♻ ${hit.job.expectedOutput} (cached)`);
        const byJob = new Map([...restored, ...converted].map((result) => [result.job, result]));
        if (!this.#setup.unavailable)
            await this.#keepAlso(lookUp, converted);
        return other.jobs.map((job) => byJob.get(job));
    }
    async #keepAlso(lookUp, converted) {
        const made = [...lookUp.hits];
        for (const result of converted) {
            if (result.status !== 'converted')
                continue;
            made.push([result.job, await hitOfConversion(result)]);
            this.#convertedAlso = true;
        }
        for (const [job, { entry, files }] of made) {
            if (!lookUp.reusable(job))
                continue;
            try {
                this.#also.set(lookUp.keyOf(job), { entry, files: await keepAsBlobs(this.#folder, entry, files) });
            }
            catch (error) {
                core/* warning */.$e(`Cache: could not keep ${job.expectedOutput} (${messageOf(error)}).`);
            }
        }
    }
    /** After the run: saves new conversions to the Actions cache; in commit mode writes the manifest. */
    async record(results) {
        const head = this.#head;
        const { settings, plan, unavailable, prefix, runner } = this.#setup;
        const made = await madeByRun(results, head);
        const convertedAny = this.#convertedAlso || results.some((result) => result.status === 'converted');
        const responsive = this.#restoring ? (await this.#restoring).responsive : true;
        if (!unavailable && convertedAny && !responsive) {
            core/* info */.pq('Cache: not saving, since the cache service did not answer in time.');
        }
        else if (!unavailable && convertedAny && this.timeLeftMs() <= 0) {
            core/* info */.pq('Cache: not saving, since the run’s timeout has passed.');
        }
        else if (!unavailable && convertedAny) {
            const wanted = new Map();
            for (const job of plan.jobs) {
                const hit = made.get(job);
                if (hit && head.reusable(job))
                    wanted.set(head.keyOf(job), hit);
            }
            for (const [key, hit] of this.#also)
                if (!wanted.has(key))
                    wanted.set(key, hit);
            // Empty when the run made only conversions no later run can match (incomplete dependency listings).
            if (wanted.size > 0) {
                await saveToActionsCache(wanted, this.#folder, prefix, settings, runner, this.timeLeftMs());
            }
        }
        if (!this.#commitMode)
            return NO_CHANGES;
        const { manifest, removed } = await commitConversions(settings, plan, head, made, this.#committed, results);
        return { alsoCommit: [manifest], remove: removed };
    }
}

;// CONCATENATED MODULE: ./lib/cache/index.js
/**
 * The cache stage, between plan and run: it splits the plan into hits (restored under their planned names, with
 * no call to the conversion service) and misses (to convert), and after the run records what was converted.
 * Hits come first from the manifest committed beside the outputs (commit mode: free, no service at all), then
 * from the Actions cache. Other plans (the previews' base versions) go through the same caches after the run and
 * are saved in the same entry, never committed. Neither the scheduler nor the engines know it exists.
 */







/** Comparing the checked-out commits with the ones before them takes one API call; a slow API costs the free hits. */
const COMPARE_TIMEOUT_MS = 15_000;
const passThrough = {
    hits: [],
    misses: [],
    knownPairs: new Set(),
    convertAlso: async (plan, convert) => [...(await convert(plan))],
    record: async () => NO_CHANGES,
};
async function openCacheStage(settings, plan, 
/** Called only when the cache is used: naming the engine may start a program (the browser's `--version`). */
identifyEngine, runner, listDependencies) {
    if (!settings.cache.enabled)
        return { ...passThrough, misses: [...plan.jobs] };
    const commitMode = settings.publish.targets.has('commit');
    const unavailable = actionsCacheUnavailable(runner.actionsCache);
    if (unavailable)
        core/* info */.pq(`Cache: the Actions cache is not used: ${unavailable}.`);
    // Nowhere to find or keep anything: not even the sources are read.
    if (unavailable && !commitMode)
        return { ...passThrough, misses: [...plan.jobs] };
    const started = performance.now();
    const engine = await identifyEngine();
    const options = await optionsFingerprint(settings);
    const cache = new RunCache({
        settings,
        plan,
        engine,
        listDependencies,
        runner,
        unavailable,
        optionsFingerprint: options,
        prefix: keyPrefix(settings, engine, options),
    });
    await cache.readCommittedManifest(AbortSignal.timeout(COMPARE_TIMEOUT_MS));
    const head = await cache.lookUpRun();
    const hitResults = resultsOf(head);
    for (const hit of hitResults)
        core/* info */.pq(`♻ ${(0,untrusted_text/* untrustedText */.Ui)(hit.job.source.workspacePath)} → ${hit.job.format} (cached)`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    core/* info */.pq(`Cache: ${hitResults.length} of ${plan.jobs.length} conversion(s) restored in ${seconds} s.`);
    return {
        hits: hitResults,
        misses: plan.jobs.filter((job) => !head.hits.has(job)),
        knownPairs: await cache.knownPairs(),
        convertAlso: (other, convert) => cache.convertAlso(other, convert),
        record: (results) => cache.record(results),
    };
}
/**
 * Entries of one configuration share this prefix, so a restore finds the newest of them. No branch in it:
 * GitHub scopes caches by branch itself, and a pull request can read its base branch's entries.
 */
function keyPrefix(settings, engine, options) {
    const outputDir = external_node_path_.relative(settings.workspace, settings.outputDir).split(external_node_path_.sep).join('/');
    // Each job of a matrix keeps its own share: the newest entry of another shard would hold none of its documents.
    const { shard } = settings.sharding;
    const share = shard ? `${shard.index}/${shard.count}` : '';
    const scope = sha256Hex(canonicalJson({ engine, options, outputDir, share })).slice(0, 16);
    return `convert-documents-v${CACHE_FORMAT_VERSION}-${scope}-`;
}

// EXTERNAL MODULE: ./lib/convert/deadline.js
var convert_deadline = __webpack_require__(10115);
;// CONCATENATED MODULE: ./lib/plan/plan-log.js
/**
 * What the step log says of the plan. Up to LOG_EVERY_DOCUMENT_UP_TO conversions, a line each; above, nobody reads
 * ten thousand lines: the plan shows its first lines, and the report file and job summary hold every one.
 */


const LOG_EVERY_DOCUMENT_UP_TO = 200;
function logPlannedJobs(jobs) {
    const shown = jobs.length <= LOG_EVERY_DOCUMENT_UP_TO ? jobs : jobs.slice(0, 20);
    for (const job of shown)
        core/* info */.pq(`  ${(0,untrusted_text/* untrustedText */.Ui)(job.source.workspacePath)} → ${(0,untrusted_text/* untrustedText */.Ui)(job.expectedOutput)}`);
    if (shown.length < jobs.length) {
        core/* info */.pq(`  …and ${jobs.length - shown.length} more (every one is in the report file and the job summary)`);
    }
}

// EXTERNAL MODULE: ./lib/convert/results.js
var convert_results = __webpack_require__(16937);
;// CONCATENATED MODULE: ./lib/convert/document-log.js
/**
 * What the step log says per finished document. Up to LOG_EVERY_DOCUMENT_UP_TO conversions, a line each; above,
 * nobody reads ten thousand lines: the run prints failures and a progress line, and the report file holds every result.
 */




/** Error annotations: GitHub shows at most 10 per step and 50 per job; more only fill the log. */
const MAX_ANNOTATIONS = 50;
/** Logs one finished job: always when it failed, successes only in a small run. */
function documentLogger(total) {
    const everyDocument = total <= LOG_EVERY_DOCUMENT_UP_TO;
    return (result) => {
        if ((0,convert_results/* hasOutputs */.PA)(result.status) && !everyDocument)
            return;
        core/* info */.pq(`${statusMark(result)} ${(0,untrusted_text/* untrustedText */.Ui)(result.job.source.workspacePath)} → ${result.job.format}${detail(result)}`);
    };
}
/** One error annotation per failed or timed-out job, pointing at its source file, up to MAX_ANNOTATIONS. */
function annotateFailures(results) {
    let annotated = 0;
    let left = 0;
    for (const r of results) {
        if ((0,convert_results/* hasOutputs */.PA)(r.status))
            continue;
        if (annotated >= MAX_ANNOTATIONS) {
            left++;
            continue;
        }
        annotated++;
        core/* error */.z3(`${(0,untrusted_text/* untrustedText */.Ui)(r.job.source.workspacePath)} → ${r.job.format}: ${r.status}: ${(0,untrusted_text/* untrustedText */.Ui)(r.error ?? 'unknown error')}`, {
            title: r.status === 'failed' ? 'Conversion failed' : 'Conversion timed out',
            file: r.job.source.workspacePath,
        });
    }
    if (left > 0)
        core/* info */.pq(`…and ${left} more failures without an annotation: every one is in the report file.`);
}
function statusMark(result) {
    return (0,convert_results/* hasOutputs */.PA)(result.status) ? '✓' : '✗';
}
function detail(result) {
    if (result.status === 'cached')
        return ' (cached)';
    if (result.status === 'converted')
        return ` (${(result.durationMs / 1000).toFixed(1)} s)`;
    return `: ${result.status}: ${(0,untrusted_text/* untrustedText */.Ui)(result.error ?? '')}`;
}

;// CONCATENATED MODULE: ./lib/convert/engines/engine.js
/**
 * A failure no later call of this run can escape, such as rejected credentials: the run stops starting
 * documents and reports this one reason for all that are left, instead of failing each the same way.
 */
class ServiceUnusableError extends Error {
    name = 'ServiceUnusableError';
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./lib/convert/download-budget.js
/**
 * How much a run may download: no file larger than max-download-size or than the size the service declared for
 * it, and no more than max-total-download-size of results on disk, counted as bytes arrive, so a download that never
 * ends or a list of thousands of files stops before the runner's disk fills.
 */

/** Thrown by the budget when the run's total would pass max-total-download-size. */
class DownloadBudgetExceededError extends Error {
    name = 'DownloadBudgetExceededError';
}
class DownloadBudget {
    #limits;
    #written = 0;
    constructor(limits) {
        this.#limits = limits;
    }
    /** Bytes of results on disk: downloaded, less the partial files removed. */
    get written() {
        return this.#written;
    }
    /**
     * Checks what the service declared before anything is downloaded: a file over max-download-size, or files that
     * together need more than the run has left, fail the job before a byte is written. Returns why, or undefined.
     */
    refusal(declaredSizes) {
        const tooLarge = declaredSizes.find((size) => size > this.#limits.maxDownloadBytes);
        if (tooLarge !== undefined) {
            return `the service declared a result of ${formatByteSize(tooLarge)}, more than max-download-size (${formatByteSize(this.#limits.maxDownloadBytes)}); nothing was written`;
        }
        const needed = declaredSizes.reduce((sum, size) => sum + size, 0);
        if (needed > this.#left()) {
            return `the results (${formatByteSize(needed)}) would pass max-total-download-size (${formatByteSize(this.#limits.maxTotalDownloadBytes)}) for the run; nothing was written`;
        }
        return undefined;
    }
    /** The limit for one file whose size the service declared (0 or less: not declared). */
    limitFor(declaredBytes) {
        const cap = this.#limits.maxDownloadBytes;
        const declared = declaredBytes > 0 && declaredBytes <= cap;
        return {
            maxBytes: declared ? declaredBytes : cap,
            reason: declared
                ? `the ${formatByteSize(declaredBytes)} the service declared for it`
                : `max-download-size (${formatByteSize(cap)})`,
            take: (bytes) => {
                if (bytes > this.#left()) {
                    throw new DownloadBudgetExceededError(`the run reached max-total-download-size (${formatByteSize(this.#limits.maxTotalDownloadBytes)})`);
                }
                this.#written += bytes;
            },
            giveBack: (bytes) => {
                this.#written -= bytes;
            },
        };
    }
    #left() {
        return this.#limits.maxTotalDownloadBytes - this.#written;
    }
}

;// CONCATENATED MODULE: ./lib/convert/output-claims.js
/**
 * Where a job's results land is decided by the plan, not by the service: one result takes the job's planned name;
 * several (one per page) must each be named `<stem>-page-<n>.<format>` for the job's own stem and format. Every
 * path is claimed for one job per run, so no job can write a file another job planned or wrote.
 */

/** Most result files one job may have (one per page for image targets); a longer list fails the job. */
const MAX_RESULTS_PER_JOB = 10_000;
/** A result list that breaks the plan; the job fails and nothing of it is written. */
class UnplannedOutputError extends Error {
    name = 'UnplannedOutputError';
}
class OutputClaims {
    /** path key → the job that owns the path */
    #owners = new Map();
    /** Every job's planned output is claimed up front, so no other job's pages can land on it, whoever finishes first. */
    constructor(jobs) {
        for (const job of jobs)
            this.#owners.set(claimKey(plannedPath(job)), job);
    }
    /**
     * The local path for each of the job's results, in order, claimed for the job. Throws UnplannedOutputError,
     * claiming nothing, when the list is too long or a name is not one this job may have.
     */
    place(job, serverNames) {
        if (serverNames.length > MAX_RESULTS_PER_JOB) {
            throw new UnplannedOutputError(`the service listed more than ${MAX_RESULTS_PER_JOB} result files for one document, ` +
                'more than this action accepts; nothing was written');
        }
        const paths = serverNames.length === 1 ? [plannedPath(job)] : pagePaths(job, serverNames);
        for (const target of paths) {
            const owner = this.#owners.get(claimKey(target));
            if (owner !== undefined && owner !== job) {
                throw new UnplannedOutputError(`the service named a result ${quoteName(external_node_path_.basename(target))}, which is the planned output of ` +
                    `${quoteName(owner.source.workspacePath)} → ${owner.format}; nothing was written`);
            }
        }
        for (const target of paths)
            this.#owners.set(claimKey(target), job);
        return paths;
    }
}
function plannedPath(job) {
    return external_node_path_.join(job.outputDirectory, external_node_path_.posix.basename(job.expectedOutput));
}
/** `<stem>-page-<n>.<format>` with n a page number from 1 to the cap, each page once. */
function pagePaths(job, serverNames) {
    const prefix = `${job.source.stem}-page-`;
    const suffix = `.${job.format}`;
    const seen = new Set();
    return serverNames.map((name) => {
        const digits = name.startsWith(prefix) && name.toLowerCase().endsWith(suffix)
            ? name.slice(prefix.length, name.length - suffix.length)
            : '';
        const page = /^[1-9]\d{0,5}$/.test(digits) ? Number(digits) : Number.NaN;
        if (!(page <= MAX_RESULTS_PER_JOB)) {
            throw new UnplannedOutputError(`the service named a result ${quoteName(name)}; the results of ${quoteName(job.source.workspacePath)} → ` +
                `${job.format} must be named ${quoteName(`${prefix}<page>${suffix}`)}; nothing was written`);
        }
        if (seen.has(page)) {
            throw new UnplannedOutputError(`the service returned page ${page} twice (${quoteName(name)}); nothing was written`);
        }
        seen.add(page);
        return external_node_path_.join(job.outputDirectory, `${prefix}${page}${suffix}`);
    });
}
/** Paths the file system would treat as one file. */
function claimKey(absolutePath) {
    const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
    return caseInsensitive ? absolutePath.toLowerCase() : absolutePath;
}
/** A name from the service, quoted and shortened: it is shown in logs, outputs and comments. */
function quoteName(name) {
    const shown = name.length > 120 ? `${name.slice(0, 120)}…` : name;
    return JSON.stringify(shown);
}

;// CONCATENATED MODULE: ./lib/convert/run-folder.js

/**
 * The storage folder of one run: unique per repository, run, attempt and invocation, so concurrent runs,
 * re-runs and several steps in one job never touch each other's files.
 */
function runFolderFor(labels, random = () => (0,external_node_crypto_.randomBytes)(6).toString('hex')) {
    // Empty parts fall back too: an empty segment is not a storage key the service can address.
    const repository = labels.repository.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+$/, '_') || 'local';
    const run = labels.runId.replace(/[^0-9A-Za-z]+/g, '') || 'run';
    const attempt = labels.runAttempt.replace(/[^0-9]+/g, '') || '1';
    return `convert-documents-action/${repository}/${run}-${attempt}-${random()}`;
}

;// CONCATENATED MODULE: ./lib/convert/engines/fontconfig.js
/**
 * A fontconfig configuration for this run only: the system's fonts plus the repository's `fonts-dir`. Both local
 * programs find fonts through fontconfig (LibreOffice, and Chromium's browser process on behalf of its renderers).
 */


/**
 * Writes `fonts.conf` into `folder` and returns its path, for FONTCONFIG_FILE. The system configuration (or the one
 * the job already points at) is included first, so every installed font stays available. The program is not shown
 * `fonts-dir` itself but a folder of links to exactly its regular font files: fontconfig follows links and walks
 * folders, so a link in the repository to `/` would otherwise have it scan the whole disk. Fontconfig's cache for
 * the new folder is kept in `folder` too, so nothing outside it changes.
 */
async function fontconfigFor(fonts, folder, env) {
    const links = external_node_path_.join(folder, 'fonts');
    await (0,promises_.mkdir)(links, { recursive: true });
    await (0,promises_.mkdir)(external_node_path_.join(folder, 'fontconfig-cache'), { recursive: true });
    let index = 0;
    for (const relative of fonts.files) {
        const file = external_node_path_.join(fonts.directory, relative);
        // Checked again here: a file may have been replaced by a link since the inputs were read.
        if (!(await (0,promises_.lstat)(file)).isFile())
            continue;
        await (0,promises_.symlink)(file, external_node_path_.join(links, `${index++}-${external_node_path_.basename(relative)}`));
    }
    const base = env.FONTCONFIG_FILE || '/etc/fonts/fonts.conf';
    const file = external_node_path_.join(folder, 'fonts.conf');
    await (0,promises_.writeFile)(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${xmlText(base)}</include>
  <dir>${xmlText(links)}</dir>
  <cachedir>${xmlText(external_node_path_.join(folder, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`);
    return file;
}
function xmlText(value) {
    return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./lib/convert/engines/move-file.js
/** Moving an on-runner engine's results from its temporary folder to their planned names in output-dir. */



/** Rename, or copy and delete when the temporary folder is on another file system than the output. */
async function moveFile(from, to) {
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (error) {
        if (error.code !== 'EXDEV')
            throw error;
        // A fresh name, created exclusively, then renamed: a link planted at `<to>.part` is never written through.
        await (0,safe_files/* copyFileReplacing */.Pt)(from, to);
        await (0,promises_.rm)(from, { force: true });
    }
}
/**
 * `collect` of an engine that runs on the runner: each result (named by the engine itself, the planned name or
 * `<stem>-page-<n>.<format>`) moves into the job's output folder; on a failure the ones moved are removed again.
 */
async function collectLocalOutputs(job, outputs) {
    await (0,promises_.mkdir)(job.outputDirectory, { recursive: true });
    const written = [];
    try {
        for (const output of outputs) {
            const target = external_node_path_.join(job.outputDirectory, output.name);
            await moveFile(output.path, target);
            written.push(target);
        }
    }
    catch (error) {
        await Promise.all(written.map((file) => (0,promises_.rm)(file, { force: true })));
        throw error;
    }
    return written;
}

// EXTERNAL MODULE: ./node_modules/puppeteer-core/lib/esm/puppeteer/puppeteer-core.js + 118 modules
var puppeteer_core = __webpack_require__(8056);
;// CONCATENATED MODULE: ./lib/convert/engines/browser/browser-session.js
/**
 * One browser for the whole run, started on first use, a page per document in flight. A page that printed its
 * document is kept and handed to the next one (a new page costs a new renderer process: about a third of a small
 * document's time); a page that failed, crashed or was closed at a limit is never handed out again. A browser that
 * crashes is started again once: the documents that were in flight fail, the ones after them get the new browser; a
 * second crash leaves the browser down and every later document fails with that reason.
 */




/** How often the browser may crash before it is no longer started. */
const RESTARTS = 1;
/** How long a browser (or a page) is given to close before it is killed (or left to the browser's end). */
const CLOSE_GRACE_MS = 3_000;
/**
 * Flags of every start. The network is closed three times over: each page intercepts every request (see
 * network-guard.ts), no host name resolves, and anything that still tried would go to a proxy that is not there.
 */
function browserArguments(runsAsRoot) {
    return [
        ...(runsAsRoot ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--disable-default-apps',
        '--disable-domain-reliability',
        '--no-first-run',
        '--no-default-browser-check',
        '--no-pings',
        '--mute-audio',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--proxy-server=127.0.0.1:0',
        '--proxy-bypass-list=<-loopback>',
        // The address bar's drop-down, a web page of Chrome's own that headless Chrome still loads at start: about
        // 1.3 s of CPU taken from the first documents for a window nobody sees. (puppeteer merges this list with its own.)
        '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
    ];
}
class BrowserSession {
    #options;
    #current;
    #starts = 0;
    #crashes = 0;
    #closed = false;
    #version;
    #pagesOpened = 0;
    constructor(options) {
        this.#options = options;
    }
    /** How many times the browser crashed (or could not start) in this run. */
    get crashes() {
        return this.#crashes;
    }
    /** The browser's version once it has started (`Chrome/156.0…`). */
    get version() {
        return this.#version;
    }
    /** How many times the browser was started (restarts included) in this run. */
    get starts() {
        return this.#starts;
    }
    /** How many pages were made in this run (a reused page counts once). */
    get pagesOpened() {
        return this.#pagesOpened;
    }
    /**
     * A page for one document: an idle one of the current browser when there is one, else a new one; starts (or,
     * after one crash, restarts) the browser when needed. Give it back with release().
     */
    async openPage() {
        if (this.#closed)
            throw new Error('the browser was already shut down for this run');
        if (this.#current === undefined && this.#crashes > RESTARTS) {
            throw new Error(`not converted: the browser crashed ${this.#crashes} times in this run and is not started again`);
        }
        this.start();
        const launch = this.#current;
        const browser = await launch.browser;
        for (let page = launch.idle.pop(); page !== undefined; page = launch.idle.pop()) {
            if (!page.isClosed() && !launch.broken.has(page)) {
                return { page, browserCrashed: () => launch.crashed, reused: true };
            }
        }
        const page = await browser.newPage();
        this.#pagesOpened++;
        page.once('error', () => launch.broken.add(page));
        return { page, browserCrashed: () => launch.crashed, reused: false };
    }
    /**
     * Starts the browser when none is running (and it may still start), without waiting for it: the engine calls it
     * as soon as it has a document, so the start overlaps the first document's rendering.
     */
    start() {
        if (this.#closed || this.#current !== undefined || this.#crashes > RESTARTS)
            return;
        this.#current = this.#launch();
    }
    /**
     * Takes a page back. `reusable`: its document printed, so the next document may have it (its navigation replaces
     * this one's window, scripts and all); otherwise (a failure, a crash, a limit) it is closed, given CLOSE_GRACE_MS.
     */
    async release(opened, reusable) {
        const launch = this.#current;
        const { page } = opened;
        const keep = reusable &&
            !this.#closed &&
            launch !== undefined &&
            !launch.crashed &&
            !opened.browserCrashed() &&
            !page.isClosed() &&
            !launch.broken.has(page);
        if (keep)
            launch.idle.push(page);
        else
            await withinGrace(page.close(), CLOSE_GRACE_MS);
    }
    /**
     * Closes the browser (and every page); later calls to openPage fail. A browser busy in a page that does not let go
     * is given CLOSE_GRACE_MS, then its whole process group is killed.
     */
    async close() {
        this.#closed = true;
        const launch = this.#current;
        this.#current = undefined;
        if (launch === undefined)
            return;
        const browser = await launch.browser.catch(() => undefined);
        if (browser === undefined)
            return;
        await withinGrace(browser.close(), CLOSE_GRACE_MS);
        killGroup(browser.process()?.pid);
    }
    #launch() {
        const start = ++this.#starts;
        const launch = {
            browser: Promise.resolve(undefined),
            crashed: false,
            idle: [],
            broken: new WeakSet(),
        };
        launch.browser = (async () => {
            const userDataDir = external_node_path_.join(this.#options.profilesRoot, `profile-${start}`);
            await (0,promises_.mkdir)(userDataDir, { recursive: true });
            const startedAt = performance.now();
            let browser;
            try {
                browser = await puppeteer_core/* default.launch */.Ay$.launch({
                    executablePath: this.#options.executable,
                    headless: true,
                    // No DevTools port: the connection is a pipe, so nothing listens on the runner's network.
                    pipe: true,
                    userDataDir,
                    args: browserArguments(this.#options.runsAsRoot),
                    env: { ...this.#options.env },
                    // puppeteer's defaults would add its own automation flags only; the run's deadline bounds the start.
                    timeout: 120_000,
                    handleSIGINT: false,
                    handleSIGTERM: false,
                    handleSIGHUP: false,
                });
            }
            catch (error) {
                // A browser that cannot start counts as a crash, so the next document tries once more and no more.
                this.#crashes++;
                this.#current = undefined;
                throw new Error(`the browser (${this.#options.executable}) could not start: ${error instanceof Error ? error.message : error}`);
            }
            const startMs = performance.now() - startedAt;
            this.#version = await browser.version();
            this.#options.onStart?.({ version: this.#version, startMs, pid: browser.process()?.pid });
            browser.on('disconnected', () => {
                if (this.#closed)
                    return;
                launch.crashed = true;
                launch.idle.length = 0;
                this.#crashes++;
                if (this.#current === launch)
                    this.#current = undefined;
                // What is left of it (helpers of a killed browser) must not outlive the run.
                killGroup(browser.process()?.pid);
            });
            return browser;
        })();
        // Awaited by every openPage; this only keeps a failed start from being reported as unhandled.
        launch.browser.catch(() => { });
        return launch;
    }
}
/** Waits for `closing` at most `ms`; a close that fails or hangs is not the caller's problem. */
async function withinGrace(closing, ms) {
    let timer;
    await Promise.race([
        closing.catch(() => { }),
        new Promise((resolve) => {
            timer = setTimeout(resolve, ms);
        }),
    ]);
    clearTimeout(timer);
}
/** The browser runs in its own process group (puppeteer starts it detached): all of it goes at once. */
function killGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // Already gone.
    }
}
/** `the browser did not finish within 2m; its page was closed` */
function documentLimitMessage(limitMs) {
    return `the browser did not finish it within ${(0,duration/* formatDuration */.a)(limitMs)}; its page was closed`;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/formats.js
/** What the browser engine converts: Markdown and HTML, printed to PDF, PDF pages as images, Markdown as one HTML file. */
const MARKDOWN_SOURCES = ['md', 'markdown'];
const HTML_SOURCES = ['html', 'htm'];
const BROWSER_SOURCES = [...MARKDOWN_SOURCES, ...HTML_SOURCES];
/** Made by rendering each page of the printed PDF with the bundle's PDFium. */
const PAGE_IMAGE_TARGETS = ['png', 'jpg', 'jpeg'];
/** An HTML source converted to HTML would be the same file; Markdown gets the page as it is printed, self-contained. */
const TARGETS = {
    markdown: ['pdf', ...PAGE_IMAGE_TARGETS, 'html'],
    html: ['pdf', ...PAGE_IMAGE_TARGETS],
};
function isMarkdown(extension) {
    return MARKDOWN_SOURCES.includes(extension);
}
/** Source extension → target formats, for the run's format check. */
function browserTargets() {
    return new Map(BROWSER_SOURCES.map((source) => [source, isMarkdown(source) ? TARGETS.markdown : TARGETS.html]));
}
function browserConverts(source, target) {
    return browserTargets().get(source)?.includes(target) ?? false;
}

// EXTERNAL MODULE: ./node_modules/unist-util-visit/lib/index.js
var lib = __webpack_require__(73617);
// EXTERNAL MODULE: ./node_modules/unist-util-visit-parents/lib/index.js + 1 modules
var unist_util_visit_parents_lib = __webpack_require__(84146);
;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/assets.js
/**
 * Files the renderer ships rather than fetches: mermaid's browser script and GitHub's light stylesheet.
 *
 * Each is named by a literal `new URL('<package>/<file>', import.meta.url)`: ncc copies what such a URL names into
 * the bundle's folder and rewrites the URL to point at the copy, so the action reads it from its own dist/ with no
 * node_modules. Run from source (tests), that URL names a file that does not exist beside this module, and the
 * package is resolved from node_modules instead. Only text files: ncc copies a `new URL` asset as UTF-8 text, which
 * corrupts a binary one (measured with vscode-oniguruma's onig.wasm).
 */


async function exists(url) {
    return promises_.access(url, external_node_fs_.constants.R_OK).then(() => true, () => false);
}
async function packageFile(bundled, specifier) {
    if (await exists(bundled))
        return bundled;
    return new URL(import.meta.resolve(specifier));
}
let mermaid;
function mermaidScript() {
    mermaid ??= packageFile(new URL(/* asset import */ __webpack_require__(29588), __webpack_require__.b), 'mermaid/dist/mermaid.min.js').then((url) => promises_.readFile(url, 'utf8'));
    // A failed read is not kept: the next page tries again.
    mermaid.catch(() => {
        mermaid = undefined;
    });
    return mermaid;
}
let stylesheet;
/** github-markdown-css's light variant (it also colours the highlighted code's `pl-*` classes). */
function githubLightStylesheet() {
    stylesheet ??= packageFile(new URL(/* asset import */ __webpack_require__(44221), __webpack_require__.b), 'github-markdown-css/github-markdown-light.css').then((url) => promises_.readFile(url, 'utf8'));
    stylesheet.catch(() => {
        stylesheet = undefined;
    });
    return stylesheet;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/image-data.js
/**
 * A local image as a `data:` URL, so the page needs no file access and no network to show it. Only the image types
 * a browser draws without running anything: PNG, JPEG, GIF and WebP recognised by their first bytes, SVG by its
 * extension and an `<svg` root (an SVG shown through `<img>` never runs its scripts nor loads what it references).
 */


const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
function startsWith(head, bytes, at = 0) {
    return bytes.every((byte, index) => head[at + index] === byte);
}
function rasterType(head) {
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        return 'image/png';
    if (startsWith(head, [0xff, 0xd8, 0xff]))
        return 'image/jpeg';
    if (head.subarray(0, 6).toString('latin1') === 'GIF87a' ||
        head.subarray(0, 6).toString('latin1') === 'GIF89a')
        return 'image/gif';
    if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
        return 'image/webp';
    return undefined;
}
/** An `<svg` root element after an optional BOM, XML declaration, comments and doctype. */
function looksLikeSvg(head) {
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text);
}
/** Reads at most `maxBytes` of `filePath`: a larger file is refused without being read. */
async function readImageAsDataUrl(filePath, maxBytes = MAX_IMAGE_BYTES) {
    const handle = await promises_.open(filePath, 'r');
    try {
        const { size } = await handle.stat();
        if (size > maxBytes)
            return { ok: false, reason: `larger than ${maxBytes} bytes` };
        if (size === 0)
            return { ok: false, reason: 'an empty file' };
        const content = Buffer.alloc(size);
        const { bytesRead } = await handle.read(content, 0, size, 0);
        const data = content.subarray(0, bytesRead);
        const head = data.subarray(0, 1024);
        let type = rasterType(head);
        if (type === undefined && external_node_path_.extname(filePath).toLowerCase() === '.svg' && looksLikeSvg(head)) {
            type = 'image/svg+xml';
        }
        if (type === undefined)
            return { ok: false, reason: 'not a PNG, JPEG, GIF, WebP or SVG image' };
        return { ok: true, dataUrl: `data:${type};base64,${data.toString('base64')}`, bytes: bytesRead };
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/resolve-resource.js
/**
 * Where a resource URL written in a document (a Markdown image, an HTML `src`) really leads: a file inside the
 * workspace, a remote URL that is never fetched, or a refusal with its reason. The verdict rests on the real path
 * (symlinks followed), so a link that points out of the workspace or into `.git` is refused wherever it sits.
 */


const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const REMOTE_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'ws', 'wss']);
/** True when `inner` is `outer` or lies below it (both absolute and normalised). */
function isWithin(outer, inner) {
    const relative = external_node_path_.relative(outer, inner);
    return relative === '' || (!relative.startsWith('..') && !external_node_path_.isAbsolute(relative));
}
/** True when any folder between `root` and `target` is named `.git` (any case: some file systems fold case). */
function passesThroughGit(root, target) {
    return external_node_path_.relative(root, target)
        .split(external_node_path_.sep)
        .some((segment) => segment.toLowerCase() === '.git');
}
function errorCode(error) {
    return error?.code;
}
async function resolveLocalResource(url, documentDir, workspace) {
    const written = url.trim();
    if (written === '')
        return { kind: 'refused', reason: 'empty path' };
    // Protocol-relative (`//host/x`), and `\\host` which browsers read the same way.
    if (/^[/\\]{2}/.test(written))
        return { kind: 'remote', url: written };
    const scheme = SCHEME.exec(written)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
        if (REMOTE_SCHEMES.has(scheme))
            return { kind: 'remote', url: written };
        return { kind: 'refused', reason: `a ${scheme}: URL is not a file in the repository` };
    }
    const withoutSuffix = written.replace(/[?#].*$/s, '');
    let decoded;
    try {
        decoded = decodeURIComponent(withoutSuffix);
    }
    catch {
        return { kind: 'refused', reason: 'not a valid URL path' };
    }
    if (decoded === '' || decoded.includes('\0'))
        return { kind: 'refused', reason: 'not a file path' };
    // As on GitHub, a path that starts with `/` is read from the repository's root, not the machine's.
    const base = decoded.startsWith('/') ? workspace : documentDir;
    const wanted = external_node_path_.resolve(base, decoded.replace(/^\/+/, ''));
    const root = external_node_path_.resolve(workspace);
    if (!isWithin(root, wanted))
        return { kind: 'refused', reason: 'outside the workspace' };
    if (passesThroughGit(root, wanted))
        return { kind: 'refused', reason: 'inside .git' };
    let realRoot;
    let real;
    try {
        realRoot = await promises_.realpath(root);
        real = await promises_.realpath(wanted);
    }
    catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return { kind: 'refused', reason: 'not found' };
        if (code === 'ELOOP')
            return { kind: 'refused', reason: 'a symbolic link loop' };
        return { kind: 'refused', reason: `cannot be read (${code ?? 'error'})` };
    }
    if (!isWithin(realRoot, real))
        return { kind: 'refused', reason: 'a symbolic link leads outside the workspace' };
    if (passesThroughGit(realRoot, real))
        return { kind: 'refused', reason: 'a symbolic link leads into .git' };
    const stats = await promises_.stat(real).catch(() => undefined);
    if (stats === undefined)
        return { kind: 'refused', reason: 'not found' };
    if (!stats.isFile())
        return { kind: 'refused', reason: 'not a file' };
    return { kind: 'local', path: real };
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/embed-images.js



const MAX_IMAGE_BYTES_PER_DOCUMENT = 50 * 1024 * 1024;
function replaceWithAlt({ node, parent }) {
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
    const at = parent.children.indexOf(node);
    if (at === -1)
        return;
    const replacement = alt === '' ? [] : [{ type: 'text', value: alt }];
    parent.children.splice(at, 1, ...replacement);
}
/** The URLs of a `srcset` list (`a.png 1x, b.png 2x`). */
function srcsetUrls(srcset) {
    return srcset
        .split(',')
        .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
        .filter((url) => url !== '');
}
async function embedImages(tree, context) {
    const images = [];
    const sources = [];
    (0,lib/* visit */.YR)(tree, 'element', (node, _index, parent) => {
        if (parent === undefined)
            return;
        if (node.tagName === 'img')
            images.push({ node, parent });
        else if (node.tagName === 'source')
            sources.push({ node, parent });
    });
    const outcome = { warnings: [], remoteLeftOut: [] };
    const leaveOutRemote = (url) => {
        if (!outcome.remoteLeftOut.includes(url))
            outcome.remoteLeftOut.push(url);
    };
    const documentDir = context.documentDir;
    const perImage = context.maxImageBytes ?? MAX_IMAGE_BYTES;
    let budget = context.maxDocumentBytes ?? MAX_IMAGE_BYTES_PER_DOCUMENT;
    for (const found of sources) {
        const srcset = found.node.properties.srcSet;
        const list = Array.isArray(srcset) ? srcset.join(',') : typeof srcset === 'string' ? srcset : '';
        for (const url of srcsetUrls(list)) {
            const verdict = await resolveLocalResource(url, documentDir, context.workspace);
            if (verdict.kind === 'remote')
                leaveOutRemote(verdict.url);
        }
        const at = found.parent.children.indexOf(found.node);
        if (at !== -1)
            found.parent.children.splice(at, 1);
    }
    for (const found of images) {
        context.signal?.throwIfAborted();
        const src = found.node.properties.src;
        if (typeof src !== 'string' || src.trim() === '') {
            outcome.warnings.push('An image without a usable source was left out; its alt text is shown.');
            replaceWithAlt(found);
            continue;
        }
        const verdict = await resolveLocalResource(src, documentDir, context.workspace);
        if (verdict.kind === 'remote') {
            leaveOutRemote(verdict.url);
            replaceWithAlt(found);
            continue;
        }
        if (verdict.kind === 'refused') {
            outcome.warnings.push(`Image ${src} was left out (${verdict.reason}); its alt text is shown.`);
            replaceWithAlt(found);
            continue;
        }
        const data = await readImageAsDataUrl(verdict.path, Math.min(perImage, budget));
        if (!data.ok) {
            const reason = budget < perImage && data.reason.startsWith('larger than')
                ? `the document's images passed ${context.maxDocumentBytes ?? MAX_IMAGE_BYTES_PER_DOCUMENT} bytes`
                : data.reason;
            outcome.warnings.push(`Image ${src} was left out (${reason}); its alt text is shown.`);
            replaceWithAlt(found);
            continue;
        }
        budget -= data.bytes;
        found.node.properties.src = data.dataUrl;
    }
    return outcome;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/page-guard.js

const FORBIDDEN_ELEMENTS = new Set([
    'applet',
    'audio',
    'base',
    'embed',
    'form',
    'frame',
    'frameset',
    'iframe',
    'link',
    'meta',
    'object',
    'portal',
    'script',
    'source',
    'style',
    'track',
    'video',
]);
/** Attributes that make the browser load something. */
const LOADING = [
    'src',
    'srcSet',
    'poster',
    'background',
    'data',
    'xLinkHref',
    'formAction',
    'action',
    'ping',
];
function runsScript(url) {
    // Browsers ignore control characters and spaces inside a scheme (`java\tscript:`).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what is ignored
    const squeezed = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    return /^(?:javascript|vbscript|data):/.test(squeezed);
}
function guardPage(tree) {
    (0,lib/* visit */.YR)(tree, 'element', (node, index, parent) => {
        if (FORBIDDEN_ELEMENTS.has(node.tagName) && parent !== undefined && index !== undefined) {
            parent.children.splice(index, 1);
            return [unist_util_visit_parents_lib/* SKIP */._Z, index];
        }
        const properties = node.properties;
        for (const key of Object.keys(properties)) {
            const value = properties[key];
            if (/^on/i.test(key))
                delete properties[key];
            else if (LOADING.includes(key)) {
                const inlinedImage = node.tagName === 'img' && key === 'src' && String(value).startsWith('data:image/');
                if (!inlinedImage)
                    delete properties[key];
            }
            else if (key === 'href' && runsScript(String(value)))
                delete properties[key];
            else if (key === 'style' && /url\s*\(|@import|expression\s*\(/i.test(String(value)))
                delete properties[key];
        }
        return undefined;
    });
}

// EXTERNAL MODULE: ./node_modules/rehype-github-alert/lib/index.js
var rehype_github_alert_lib = __webpack_require__(49861);
// EXTERNAL MODULE: ./node_modules/rehype-katex/lib/index.js + 6 modules
var rehype_katex_lib = __webpack_require__(97792);
// EXTERNAL MODULE: ./node_modules/rehype-raw/lib/index.js + 2 modules
var rehype_raw_lib = __webpack_require__(46943);
// EXTERNAL MODULE: ./node_modules/rehype-sanitize/lib/index.js + 2 modules
var rehype_sanitize_lib = __webpack_require__(6094);
// EXTERNAL MODULE: ./node_modules/rehype-slug/lib/index.js + 3 modules
var rehype_slug_lib = __webpack_require__(95360);
// EXTERNAL MODULE: ./node_modules/rehype-stringify/lib/index.js + 20 modules
var rehype_stringify_lib = __webpack_require__(50103);
// EXTERNAL MODULE: ./node_modules/remark-gfm/lib/index.js + 57 modules
var remark_gfm_lib = __webpack_require__(49962);
// EXTERNAL MODULE: ./node_modules/remark-math/lib/index.js + 4 modules
var remark_math_lib = __webpack_require__(52143);
// EXTERNAL MODULE: ./node_modules/remark-parse/lib/index.js + 41 modules
var remark_parse_lib = __webpack_require__(22920);
// EXTERNAL MODULE: ./node_modules/remark-rehype/lib/index.js + 30 modules
var remark_rehype_lib = __webpack_require__(65993);
// EXTERNAL MODULE: ./node_modules/unified/lib/index.js + 4 modules
var unified_lib = __webpack_require__(8717);
// EXTERNAL MODULE: ./node_modules/hast-util-to-string/lib/index.js
var hast_util_to_string_lib = __webpack_require__(99046);
// EXTERNAL MODULE: ./node_modules/refractor/lib/common.js + 44 modules
var common = __webpack_require__(41026);
;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/highlight-code.js



/** Prism token types and the GitHub class that colours the same kind of token. */
const GITHUB_CLASS = {
    comment: 'pl-c',
    prolog: 'pl-c',
    doctype: 'pl-c',
    cdata: 'pl-c',
    keyword: 'pl-k',
    important: 'pl-k',
    atrule: 'pl-k',
    rule: 'pl-k',
    string: 'pl-s',
    char: 'pl-s',
    'template-string': 'pl-s',
    'attr-value': 'pl-s',
    url: 'pl-s',
    regex: 'pl-sr',
    number: 'pl-c1',
    boolean: 'pl-c1',
    constant: 'pl-c1',
    symbol: 'pl-c1',
    builtin: 'pl-c1',
    property: 'pl-c1',
    entity: 'pl-c1',
    function: 'pl-en',
    'class-name': 'pl-en',
    selector: 'pl-en',
    tag: 'pl-ent',
    'attr-name': 'pl-e',
    variable: 'pl-v',
    parameter: 'pl-v',
    inserted: 'pl-mi1',
    deleted: 'pl-md',
    bold: 'pl-mb',
    italic: 'pl-mi',
    title: 'pl-mh',
};
function languageOf(code) {
    const classes = code.properties.className;
    if (!Array.isArray(classes))
        return undefined;
    const named = classes.find((name) => typeof name === 'string' && name.startsWith('language-'));
    return typeof named === 'string' ? named.slice('language-'.length).toLowerCase() : undefined;
}
/** Prism's `token keyword` spans renamed to GitHub's classes; a token GitHub leaves plain is unwrapped. */
function githubClasses(nodes) {
    return nodes.flatMap((node) => {
        if (node.type !== 'element')
            return [node];
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        const github = classes.map((name) => GITHUB_CLASS[String(name)]).find((name) => name !== undefined);
        const children = githubClasses(node.children);
        if (github === undefined)
            return children;
        return [{ ...node, properties: { className: [github] }, children }];
    });
}
function highlightCode(tree) {
    (0,lib/* visit */.YR)(tree, 'element', (node, _index, parent) => {
        if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre')
            return;
        const language = languageOf(node);
        if (language === undefined || !common/* refractor */.L.registered(language))
            return;
        node.children = githubClasses(common/* refractor */.L.highlight((0,hast_util_to_string_lib/* toString */.d)(node), language).children);
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/mermaid-blocks.js


function isMermaidCode(node) {
    const classes = node.properties.className;
    return node.tagName === 'code' && Array.isArray(classes) && classes.includes('language-mermaid');
}
/** Rewrites the blocks in place; returns how many there are. */
function markMermaidBlocks(tree) {
    let count = 0;
    (0,lib/* visit */.YR)(tree, 'element', (node) => {
        if (node.tagName !== 'pre')
            return;
        const code = node.children.find((child) => child.type === 'element');
        if (code === undefined || !isMermaidCode(code))
            return;
        node.properties = { className: ['mermaid'] };
        node.children = [{ type: 'text', value: (0,hast_util_to_string_lib/* toString */.d)(code) }];
        count++;
    });
    return count;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/page-links.js

const ID_PREFIX = 'user-content-';
function pointLinksAtPrefixedIds(tree) {
    const ids = new Set();
    (0,lib/* visit */.YR)(tree, 'element', (node) => {
        if (typeof node.properties.id === 'string')
            ids.add(node.properties.id);
    });
    (0,lib/* visit */.YR)(tree, 'element', (node) => {
        const href = node.properties.href;
        if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#'))
            return;
        let fragment;
        try {
            fragment = decodeURIComponent(href.slice(1));
        }
        catch {
            return;
        }
        if (!ids.has(fragment) && ids.has(ID_PREFIX + fragment))
            node.properties.href = `#${ID_PREFIX}${fragment}`;
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/pipeline.js














function createProcessor() {
    return ((0,unified_lib/* unified */.l)()
        .use(remark_parse_lib/* default */.A)
        .use(remark_gfm_lib/* default */.A)
        .use(remark_math_lib/* default */.A)
        // Footnote ids unprefixed here: the sanitiser prefixes every id once, and page-links mends the links.
        .use(remark_rehype_lib/* default */.A, { allowDangerousHtml: true, clobberPrefix: '' })
        .use(rehype_raw_lib/* default */.A)
        .use(rehype_sanitize_lib/* default */.A)
        .use(rehype_slug_lib/* default */.A, { prefix: ID_PREFIX })
        .use(rehype_github_alert_lib/* default */.A)
        .use(() => (tree) => {
        markMermaidBlocks(tree);
    })
        // MathML, which Chromium lays out natively: no fonts nor stylesheet to ship.
        .use(rehype_katex_lib/* default */.A, { output: 'mathml' })
        .use(() => highlightCode)
        .use(() => pointLinksAtPrefixedIds)
        .use(rehype_stringify_lib/* default */.A));
}
let processor;
/** The document's HTML tree, sanitised, with the pipeline's own markup added; images not yet resolved. */
async function markdownToTree(markdown) {
    processor ??= createProcessor();
    return (await processor.run(processor.parse(markdown)));
}
function treeToHtml(tree) {
    processor ??= createProcessor();
    return processor.stringify(tree);
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/read-markdown.js
/** A Markdown source read whole, as the renderer and the cache's listing of its images both need it. */

/** Larger Markdown is not a document a person reads; parsing it whole would only cost memory. */
const MAX_MARKDOWN_BYTES = 16 * 1024 * 1024;
async function readMarkdown(sourcePath, signal) {
    const handle = await promises_.open(sourcePath, 'r');
    try {
        const { size } = await handle.stat();
        if (size > MAX_MARKDOWN_BYTES) {
            throw new Error(`The Markdown file is ${size} bytes; at most ${MAX_MARKDOWN_BYTES} bytes are rendered.`);
        }
        signal?.throwIfAborted();
        return await handle.readFile({ encoding: 'utf8', signal });
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/dependencies.js
/**
 * The workspace files a Markdown document's page is made from besides its own bytes: the local images the renderer
 * inlines (embed-images.ts), found in the same tree and resolved by the same resolver, so the conversion cache can
 * key a document by them too. Nothing is read here but the document: the files are only located.
 */





/** More images than a document a person reads holds; past it the listing says it is incomplete. */
const MAX_LISTED_IMAGES = 200;
/** Every `<img>` of the rendered page, in page order, with where it leads. */
async function markdownImageFiles(sourcePath, workspace, signal) {
    let urls;
    try {
        urls = imageUrlsOf(await markdownToTree(await readMarkdown(sourcePath, signal)));
    }
    catch (error) {
        return { complete: false, why: `not rendered (${error.message})` };
    }
    if (urls.length > MAX_LISTED_IMAGES) {
        return { complete: false, why: `${urls.length} images, more than ${MAX_LISTED_IMAGES}` };
    }
    const documentDir = external_node_path_.dirname(sourcePath);
    const images = [];
    for (const url of urls) {
        signal?.throwIfAborted();
        const verdict = url.trim() === '' ? undefined : await resolveLocalResource(url, documentDir, workspace);
        images.push({ url, file: verdict?.kind === 'local' ? verdict.path : undefined });
    }
    return { complete: true, images };
}
function imageUrlsOf(tree) {
    const urls = [];
    (0,lib/* visit */.YR)(tree, 'element', (node) => {
        if (node.tagName !== 'img')
            return;
        const src = node.properties.src;
        urls.push(typeof src === 'string' ? src : '');
    });
    return urls;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/identity.js
/**
 * What decides the page's look, for the cache key: a change to any of these may change the PDF.
 * The package versions are pinned exactly in package.json, and a test checks them against what is installed.
 */
const MARKDOWN_RENDERER_IDENTITY = Object.freeze({
    // This folder's own choices (plugin order, page style, image rules): bump when they change the output.
    'markdown-page': '1',
    unified: '11.0.5',
    'remark-parse': '11.0.0',
    'remark-gfm': '4.0.1',
    'remark-math': '6.0.0',
    'remark-rehype': '11.1.2',
    'rehype-raw': '7.0.0',
    'rehype-sanitize': '6.0.0',
    'hast-util-sanitize': '5.0.2',
    'rehype-slug': '6.0.0',
    'rehype-github-alert': '1.0.0',
    'rehype-katex': '7.0.1',
    katex: '0.16.47',
    refractor: '5.0.0',
    'rehype-stringify': '10.0.1',
    'github-markdown-css': '5.9.0',
    mermaid: '11.17.2',
});

;// CONCATENATED MODULE: ./lib/convert/engines/browser/markdown/index.js
/**
 * A Markdown document as the complete HTML page the browser engine prints: GitHub's rendering and light look, every
 * local image inlined, nothing remote loaded, and no script of the document's own.
 */














/** The page around GitHub's stylesheet: GitHub's column width and margins, and print-friendly diagrams and math. */
const PAGE_STYLE = `
.markdown-body { box-sizing: border-box; min-width: 200px; max-width: 980px; margin: 0 auto; padding: 45px; }
.markdown-body pre.mermaid { background: none; text-align: center; }
.markdown-body .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.markdown-body math[display="block"] { margin: 1em 0; }
@media print { .markdown-body { padding: 0; max-width: none; } }
`;
function markdown_element(tagName, properties, children) {
    return { type: 'element', tagName, properties, children };
}
function pageAround(body, title, stylesheet) {
    return {
        type: 'root',
        children: [
            { type: 'doctype' },
            markdown_element('html', { lang: 'en' }, [
                markdown_element('head', {}, [
                    markdown_element('meta', { charSet: 'utf-8' }, []),
                    markdown_element('title', {}, [{ type: 'text', value: title }]),
                    markdown_element('style', {}, [{ type: 'text', value: stylesheet + PAGE_STYLE }]),
                ]),
                markdown_element('body', {}, [
                    markdown_element('article', { className: ['markdown-body'] }, body.children),
                ]),
            ]),
        ],
    };
}
async function renderMarkdownPage(options) {
    const { sourcePath, workspace, title, signal } = options;
    const markdown = await readMarkdown(sourcePath, signal);
    const tree = await markdownToTree(markdown);
    signal?.throwIfAborted();
    const { warnings, remoteLeftOut } = await embedImages(tree, {
        documentDir: external_node_path_.dirname(sourcePath),
        workspace,
        signal,
    });
    guardPage(tree);
    const needsMermaid = containsMermaid(tree);
    const html = treeToHtml(pageAround(tree, title, await githubLightStylesheet()));
    return { html, warnings, remoteLeftOut, needsMermaid };
}
function containsMermaid(tree) {
    let found = false;
    (0,lib/* visit */.YR)(tree, 'element', (node) => {
        const classes = node.properties.className;
        if (node.tagName !== 'pre' || !Array.isArray(classes) || !classes.includes('mermaid'))
            return unist_util_visit_parents_lib/* CONTINUE */.IN;
        found = true;
        return unist_util_visit_parents_lib/* EXIT */.dc;
    });
    return found;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/network-guard.js
/**
 * Every request a page makes passes here, and none reaches a network: the document itself and the files it uses
 * from the workspace are answered from disk under a private origin that no host can own (`.invalid`); `data:` and
 * `about:` load as they are; everything else is stopped and, when it was a remote URL, listed as left out.
 */



/** The origin the page is loaded from. `.invalid` is reserved (RFC 2606): no DNS ever answers for it. */
const DOCUMENT_ORIGIN = 'http://document.invalid';
/** One file of the workspace a page may load (an image, a stylesheet, a font) is answered up to this size. */
const MAX_RESOURCE_BYTES = 20 * 1024 * 1024;
/** What one document's page may load from the workspace in all. */
const MAX_DOCUMENT_RESOURCE_BYTES = 100 * 1024 * 1024;
/** A page that asks for more remote URLs than this has its list cut (it is only a report). */
const MAX_LISTED_REMOTE = 200;
const CONTENT_TYPES = {
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.avif': 'image/avif',
    '.svg': 'image/svg+xml',
    '.ico': 'image/x-icon',
    '.bmp': 'image/bmp',
    '.css': 'text/css; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.htm': 'text/html; charset=utf-8',
    '.woff': 'font/woff',
    '.woff2': 'font/woff2',
    '.ttf': 'font/ttf',
    '.otf': 'font/otf',
};
function documentUrl(workspacePath) {
    return `${DOCUMENT_ORIGIN}/${workspacePath.split('/').map(encodeURIComponent).join('/')}`;
}
/** The handler each page answers requests with: one at a time, the current document's. */
const handlers = new WeakMap();
/**
 * Intercepts every request of `page` from now on, for `document`; the report fills in as the page loads and prints.
 * On a page reused from an earlier document, that document's handler is replaced: nothing it allowed carries over.
 */
async function guardNetwork(page, document) {
    const report = { warnings: [], remoteLeftOut: [] };
    const ownUrl = documentUrl(document.workspacePath);
    let budget = MAX_DOCUMENT_RESOURCE_BYTES;
    /** The page is served once; a later navigation to it (a refresh) would only reload it. */
    let loaded = false;
    const answer = async (request) => {
        const url = request.url();
        if (/^(?:data|about):/i.test(url))
            return request.continue();
        const leavesPage = request.isNavigationRequest() && request.frame() === page.mainFrame();
        if (url === ownUrl && !(leavesPage && loaded)) {
            loaded ||= leavesPage;
            return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: document.html });
        }
        if (url.startsWith(`${DOCUMENT_ORIGIN}/`)) {
            if (leavesPage)
                return request.respond({ status: 204, body: '' });
            const wanted = workspacePathOf(url);
            // The browser asks for a favicon on its own; that is no resource of the document's.
            if (document.localFiles === undefined || wanted === undefined || wanted === 'favicon.ico') {
                return request.abort('blockedbyclient');
            }
            const { documentDir, workspace } = document.localFiles;
            // A leading `/` is read from the workspace's root: the URL already holds the path from there.
            const verdict = await resolveLocalResource(`/${wanted}`, documentDir, workspace);
            if (verdict.kind !== 'local') {
                report.warnings.push(`${wanted} was left out (${verdict.kind === 'refused' ? verdict.reason : 'remote'})`);
                return request.abort('blockedbyclient');
            }
            const read = await readBounded(verdict.path, Math.min(MAX_RESOURCE_BYTES, budget));
            if (!read.ok) {
                report.warnings.push(`${wanted} was left out (${read.reason})`);
                return request.abort('blockedbyclient');
            }
            budget -= read.bytes.length;
            const type = CONTENT_TYPES[external_node_path_.extname(verdict.path).toLowerCase()] ?? 'application/octet-stream';
            return request.respond({ status: 200, contentType: type, body: read.bytes });
        }
        if (/^(?:https?|wss?|ftp):/i.test(url) && !report.remoteLeftOut.includes(url)) {
            if (report.remoteLeftOut.length < MAX_LISTED_REMOTE)
                report.remoteLeftOut.push(url);
        }
        // The page leaving itself (a meta refresh) is answered "no content", which keeps it where it is; an aborted
        // navigation would replace it with an error page.
        if (leavesPage)
            return request.respond({ status: 204, body: '' });
        return request.abort('blockedbyclient');
    };
    const handler = (request) => {
        // A request the page no longer waits for (closed, navigated away) cannot be answered; nothing is lost.
        answer(request).catch(() => request.abort('blockedbyclient').catch(() => { }));
    };
    const earlier = handlers.get(page);
    if (earlier)
        page.off('request', earlier);
    handlers.set(page, handler);
    page.on('request', handler);
    await page.setRequestInterception(true);
    return report;
}
/** The workspace path a private-origin URL names, decoded; undefined when it is not a plain path. */
function workspacePathOf(url) {
    try {
        const parsed = new URL(url);
        const decoded = decodeURIComponent(parsed.pathname).replace(/^\/+/, '');
        return decoded === '' || decoded.includes('\0') ? undefined : decoded;
    }
    catch {
        return undefined;
    }
}
/** The file's bytes when it is at most `limit` long; read through one handle, so a file that grows stops there. */
async function readBounded(file, limit) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'r');
        const { size } = await handle.stat();
        if (size > limit)
            return { ok: false, reason: `larger than ${limit} bytes` };
        const bytes = Buffer.alloc(size);
        const { bytesRead } = await handle.read(bytes, 0, size, 0);
        return { ok: true, bytes: bytes.subarray(0, bytesRead) };
    }
    catch (error) {
        return { ok: false, reason: `cannot be read (${error.code ?? 'error'})` };
    }
    finally {
        await handle?.close();
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/load-document.js

/** Pages whose window has only held script-free Markdown pages of ours since it was made. */
const scriptFreeWindows = new WeakSet();
/**
 * Loads `content` into `page` (network guard and script setting already in place) and waits for its `load` event,
 * which waits for its images. Says whether it navigated or wrote over the last document.
 */
async function loadDocument(page, content) {
    const url = documentUrl(content.workspacePath);
    const scriptFree = content.markdown && !content.needsMermaid;
    if (scriptFree && scriptFreeWindows.has(page) && typeof content.html === 'string') {
        await page.setContent(content.html, { waitUntil: 'load', timeout: 0 });
        // The document keeps the last one's URL: its own makes its relative links resolve as they would there.
        await page.evaluate((own) => {
            const { history } = globalThis;
            history.replaceState(null, '', own);
        }, url);
        return 'written over';
    }
    scriptFreeWindows.delete(page);
    await page.goto(url, { waitUntil: 'load', timeout: 0 });
    if (scriptFree)
        scriptFreeWindows.add(page);
    return 'navigated';
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/page-content.js
/**
 * What a document's page is made of before the browser sees it: Markdown rendered as GitHub renders it (images
 * already inlined), or an HTML source as it is, whose workspace files the network guard answers.
 */




/** An HTML source larger than this is not printed (as for Markdown, it is no document a person reads). */
const MAX_HTML_SOURCE_BYTES = 16 * 1024 * 1024;
async function pageContentOf(job, workspace, signal) {
    const source = job.source;
    if (isMarkdown(source.extension)) {
        const page = await renderMarkdownPage({
            sourcePath: source.absolutePath,
            workspace,
            title: external_node_path_.posix.basename(source.workspacePath),
            signal,
        });
        return {
            workspacePath: source.workspacePath,
            html: page.html,
            localFiles: undefined,
            needsMermaid: page.needsMermaid,
            warnings: [...page.warnings],
            remoteLeftOut: [...page.remoteLeftOut],
            markdown: true,
        };
    }
    return {
        workspacePath: source.workspacePath,
        html: await readHtmlSource(source.absolutePath),
        localFiles: { documentDir: external_node_path_.dirname(source.absolutePath), workspace },
        needsMermaid: false,
        warnings: [],
        remoteLeftOut: [],
        markdown: false,
    };
}
async function readHtmlSource(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const { size } = await handle.stat();
        if (size > MAX_HTML_SOURCE_BYTES) {
            throw new Error(`the HTML file is ${size} bytes; at most ${MAX_HTML_SOURCE_BYTES} bytes are printed`);
        }
        const bytes = Buffer.alloc(size);
        const { bytesRead } = await handle.read(bytes, 0, size, 0);
        return bytes.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: ./node_modules/jpeg-js/index.js
var jpeg_js = __webpack_require__(83598);
// EXTERNAL MODULE: ./lib/pdf/page-image.js
var page_image = __webpack_require__(58907);
;// CONCATENATED MODULE: ./lib/pdf/pages.js
/**
 * PDF pages to images and text, in process: PDFium compiled to WebAssembly (the wasm inlined in the bundle, so no
 * system package is needed). The previews run it inside the document sandbox (sandbox.ts), never in the action's
 * own thread; page images of image targets still render here.
 */




/** No page image is made wider or taller than this, whatever the page size asks for. */
const MAX_SIDE_PX = 8_000;
let library;
/**
 * The library, started once. The wasm comes from the package's base64 copy (pinned version: the file name carries
 * its hash) so that ncc inlines it in the bundle and nothing is read from node_modules at run time.
 */
function pdfium() {
    // The CommonJS build is the one that survives bundling (the ESM build's `await import('module')` does not), and
    // its Emscripten start-up reads `__dirname`, which an ES-module bundle lacks. It only names the script's folder;
    // nothing is loaded from there because the wasm is passed in.
    const globals = globalThis;
    globals.__dirname ??= import.meta.dirname ?? process.cwd();
    library ??= Promise.all([
        __webpack_require__.e(/* import() */ 541).then(__webpack_require__.t.bind(__webpack_require__, 25541, 19)),
        __webpack_require__.e(/* import() */ 276).then(__webpack_require__.bind(__webpack_require__, 94276)),
    ]).then(([{ PDFiumLibrary }, { PDFIUM_WASM_BASE64 }]) => {
        const wasm = Buffer.from(PDFIUM_WASM_BASE64, 'base64');
        return PDFiumLibrary.init({
            wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
        });
    });
    return library;
}
/** Opens a PDF from disk. Throws PdfRenderError for a file over `maxBytes` or one PDFium cannot load. */
async function openPdf(pdfPath, maxBytes = page_image/* DEFAULT_MAX_PDF_BYTES */.MG) {
    const { size } = await (0,promises_.stat)(pdfPath);
    if (size > maxBytes) {
        throw new page_image/* PdfRenderError */.du(`the PDF is ${size} bytes, more than the ${maxBytes} bytes that are rendered`);
    }
    const bytes = new Uint8Array(size);
    const file = await (0,promises_.open)(pdfPath, 'r');
    try {
        await file.read(bytes, 0, size, 0);
    }
    finally {
        await file.close();
    }
    const lib = await pdfium();
    let document;
    try {
        document = await lib.loadDocument(bytes);
    }
    catch (error) {
        throw new page_image/* PdfRenderError */.du(`the PDF could not be opened (${error instanceof Error ? error.message : error})`);
    }
    return pdfHandle(document);
}
function pdfHandle(document) {
    const pageCount = document.getPageCount();
    const pageAt = (pageNumber) => {
        if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pageCount) {
            throw new RangeError(`page ${pageNumber} is not in 1–${pageCount}`);
        }
        return document.getPage(pageNumber - 1);
    };
    const render = async (page, pageNumber, widthPx) => {
        const { originalWidth, originalHeight } = page.getOriginalSize();
        const scale = Math.min(widthPx / Math.max(1, originalWidth), MAX_SIDE_PX / Math.max(1, originalHeight), MAX_SIDE_PX / Math.max(1, originalWidth));
        // The library closes the page after rendering it.
        const rendered = await page.render({ scale, render: 'bitmap' });
        return { pageNumber, width: rendered.width, height: rendered.height, rgba: rendered.data };
    };
    const textOf = (page) => page.getText();
    return {
        pageCount,
        renderPage(pageNumber, widthPx) {
            return render(pageAt(pageNumber), pageNumber, widthPx);
        },
        pageText(pageNumber) {
            const page = pageAt(pageNumber);
            try {
                return textOf(page);
            }
            finally {
                closePage(page);
            }
        },
        async readPage(pageNumber, want) {
            const page = pageAt(pageNumber);
            let text;
            try {
                if (want.text)
                    text = textOf(page);
            }
            catch (error) {
                closePage(page);
                throw error;
            }
            if (want.widthPx === undefined) {
                closePage(page);
                return text === undefined ? {} : { text };
            }
            const image = await render(page, pageNumber, want.widthPx);
            return text === undefined ? { image } : { image, text };
        },
        close() {
            document.destroy();
        },
    };
}
/**
 * Frees a page that was not rendered: the library's getText leaves its page loaded, and only rendering closes
 * one. Its module and handle are private in the typings but plain properties.
 */
function closePage(page) {
    const internals = page;
    internals.module._FPDF_ClosePage(internals.pageIdx);
}
/**
 * Renders the pages of a PDF to PNG files in `directory`, named by `nameOf(pageNumber)` (plain names chosen by
 * the caller). Each file is written under a temporary name and renamed when complete. Returns the paths written,
 * in page order, and the document's page count.
 */
async function renderPdfToPngFiles(pdfPath, directory, nameOf, options) {
    const pdf = await openPdf(pdfPath, options.maxPdfBytes);
    const files = [];
    try {
        const last = Math.min(pdf.pageCount, options.maxPages ?? pdf.pageCount);
        for (let pageNumber = 1; pageNumber <= last; pageNumber++) {
            options.signal?.throwIfAborted();
            const target = external_node_path_.join(directory, nameOf(pageNumber));
            const partial = `${target}.part`;
            const bytes = (options.encode ?? page_image/* encodePng */.KJ)(await pdf.renderPage(pageNumber, options.widthPx));
            const file = await (0,promises_.open)(partial, 'w');
            try {
                await file.writeFile(bytes);
            }
            finally {
                await file.close();
            }
            await (0,promises_.rename)(partial, target);
            files.push(target);
        }
        return { files, pageCount: pdf.pageCount };
    }
    catch (error) {
        await Promise.all(files.map((file) => (0,promises_.rm)(file, { force: true })));
        throw error;
    }
    finally {
        pdf.close();
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/page-images.js
/** A printed PDF's pages as images, through the bundle's PDFium, named as every engine names pages. */




/** The width LibreOffice's pages get too: A4 at 150 dpi. */
const PAGE_IMAGE_WIDTH_PX = 1240;
const JPEG_QUALITY = 85;
async function pageImagesOf(job, pdf, folder, signal) {
    await (0,promises_.mkdir)(folder, { recursive: true });
    const { files } = await renderPdfToPngFiles(pdf, folder, (page) => `${job.source.stem}-page-${page}.${job.format}`, {
        widthPx: PAGE_IMAGE_WIDTH_PX,
        signal,
        ...(job.format === 'png' ? {} : { encode: encodeJpeg }),
    });
    return Promise.all(files.map(async (file) => ({ name: external_node_path_.basename(file), path: file, size: (await (0,promises_.stat)(file)).size })));
}
/** Pages are opaque (PDFium paints them on white), so dropping the alpha channel loses nothing. */
function encodeJpeg(image) {
    return jpeg_js.encode({ width: image.width, height: image.height, data: image.rgba }, JPEG_QUALITY).data;
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/page-steps.js


/** Draws the page's `pre.mermaid` blocks with the bundled mermaid; resolves with the problem when one failed. */
async function drawDiagrams(page) {
    await page.addScriptTag({ content: await mermaidScript() });
    return page.evaluate(async () => {
        const mermaid = globalThis.mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
        try {
            await mermaid.run({ querySelector: 'pre.mermaid' });
            return undefined;
        }
        catch (error) {
            return String(error?.message ?? error);
        }
    });
}
/**
 * An image the page could not load (left out: remote, missing, refused) shows its alt text, as on GitHub, instead
 * of the browser's broken-image icon.
 */
async function showAltTextOfMissingImages(page) {
    await page.evaluate(() => {
        const { document } = globalThis;
        for (const image of Array.from(document.querySelectorAll('img'))) {
            if (image.complete === true && image.naturalWidth === 0)
                image.replaceWith(image.alt ?? '');
        }
    });
}
/** Removes every script element: what is saved as HTML must run nothing when opened. */
async function removeScripts(page) {
    await page.evaluate(() => {
        const { document } = globalThis;
        for (const script of Array.from(document.querySelectorAll('script')))
            script.remove();
    });
}
/**
 * Links into the workspace would print as the private origin's URLs, which lead nowhere: they point at the file in
 * the repository (`<server>/<owner>/<repo>/blob/<sha>/<path>`) when the run knows it, else they are unlinked (the
 * text stays). Links within the page (`#section`) and to the web are kept.
 */
async function pointLinksAtRepository(page, documentUrl, repositoryBlobBase) {
    await page.evaluate((origin, own, base) => {
        const { document } = globalThis;
        for (const link of Array.from(document.querySelectorAll('a[href]'))) {
            const target = link.href ?? '';
            if (!target.startsWith(`${origin}/`))
                continue;
            const url = new URL(target);
            if (`${url.origin}${url.pathname}` === own && url.hash !== '')
                continue;
            if (base === null)
                link.removeAttribute('href');
            else
                link.setAttribute('href', `${base}${url.pathname}${url.hash}`);
        }
    }, DOCUMENT_ORIGIN, documentUrl, repositoryBlobBase ?? null);
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/print.js
/** The page as paper: the run's page size, margins like a printed GitHub page, links, tags and the headings' outline. */



/** Margins of every page: about what a browser's own "Print" gives, so text never touches the edge. */
const PAGE_MARGINS = { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' };
function pdfOptions(pageSize, honourCssPageSize) {
    return {
        format: pageSize,
        margin: PAGE_MARGINS,
        printBackground: true,
        // Headings become the PDF's bookmarks; tags keep the text's order and roles for readers and search.
        outline: true,
        tagged: true,
        // An HTML source's own `@page { size }` wins, as when a person prints it; Markdown has no styles of its own.
        preferCSSPageSize: honourCssPageSize,
        // No browser timeout of its own: the document's limit and the run's deadline close the page.
        timeout: 0,
    };
}
/** Prints the page to `file`, streamed: the PDF is never held whole in memory. */
async function printToFile(page, file, options) {
    const stream = await page.createPDFStream(options);
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(stream), (0,external_node_fs_.createWriteStream)(file));
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/engine.js
/**
 * Converts Markdown and HTML on the runner with its own Chrome or Chromium: one browser for the run, one page per
 * document in flight, printed to PDF (pages as images through PDFium; Markdown also as one self-contained HTML file).
 * Nothing a page asks for reaches a network. A page past its document's limit is closed and that document fails alone.
 */












/** Remote URLs the summary lists per document at most; the rest are counted. */
const MAX_NOTICED_REMOTE = 5;
class BrowserEngine {
    #options;
    #operations = new Map();
    #notices = [];
    #work;
    #documents = 0;
    #firstStart;
    #lastEnd;
    #browserStarts = { count: 0, totalMs: 0 };
    constructor(options) {
        this.#options = options;
    }
    async supportedTargets() {
        return browserTargets();
    }
    async submit(job, signal) {
        if (!browserConverts(job.source.extension, job.format)) {
            throw new Error(`the browser cannot convert .${job.source.extension} to ${job.format}`);
        }
        const work = await this.#workFolder();
        this.#firstStart ??= performance.now();
        const operation = { state: { state: 'pending' }, done: Promise.resolve({ state: 'pending' }) };
        operation.done = this.#convert(job, work, signal)
            .then((state) => {
            operation.state = state;
            return state;
        })
            .finally(() => {
            this.#documents++;
            this.#lastEnd = performance.now();
        });
        // The scheduler awaits settled(); this only keeps an early rejection from being reported as unhandled.
        operation.done.catch(() => { });
        this.#operations.set(job.id, operation);
        return job.id;
    }
    async check(operationId) {
        return this.#operation(operationId).state;
    }
    settled(operationId) {
        return this.#operation(operationId).done;
    }
    collect(job, outputs) {
        return collectLocalOutputs(job, outputs);
    }
    /** Closes the browser and removes its profiles and the intermediate files. Nothing is kept on a service. */
    async cleanup() {
        const work = this.#work;
        this.#work = undefined;
        if (work) {
            const { root, session } = await work;
            await session.close();
            await (0,promises_.rm)(root, { recursive: true, force: true });
        }
        return false;
    }
    /** One line per document whose page asked for remote resources, for the job summary. */
    notices() {
        return this.#notices;
    }
    /** Documents converted or failed, the time from the first start to the last end, and the browser's starts. */
    reports() {
        if (this.#firstStart === undefined)
            return [];
        return [
            {
                engine: 'Browser',
                documents: this.#documents,
                wallMs: Math.round((this.#lastEnd ?? performance.now()) - this.#firstStart),
                processStarts: this.#browserStarts.count,
                startupMs: Math.round(this.#browserStarts.totalMs),
            },
        ];
    }
    /** The browser's version once it has started. */
    async browserVersion() {
        return (await this.#work)?.session.version;
    }
    #operation(operationId) {
        const operation = this.#operations.get(operationId);
        if (!operation)
            throw new Error(`no conversion ${operationId} was started`);
        return operation;
    }
    #workFolder() {
        this.#work ??= (async () => {
            const root = await (0,promises_.mkdtemp)(external_node_path_.join(this.#options.temporaryRoot, 'browser-'));
            const { env, fonts } = this.#options;
            const fontconfigFile = fonts ? await fontconfigFor(fonts, external_node_path_.join(root, 'fonts'), env) : undefined;
            const session = new BrowserSession({
                executable: this.#options.executable,
                profilesRoot: external_node_path_.join(root, 'profiles'),
                env: fontconfigFile === undefined ? env : { ...env, FONTCONFIG_FILE: fontconfigFile },
                runsAsRoot: this.#options.runsAsRoot,
                onStart: (start) => {
                    this.#browserStarts.count++;
                    this.#browserStarts.totalMs += start.startMs;
                    this.#options.onBrowserStart?.(start);
                },
            });
            session.start();
            return { root, session };
        })();
        return this.#work;
    }
    /** Resolves with the final state; rejects only when the run's deadline stopped it (the scheduler says timed-out). */
    async #convert(job, work, runSignal) {
        const limitMs = this.#options.documentTimeLimitMs;
        const limit = new AbortController();
        let timer;
        const crashesBefore = work.session.crashes;
        let opened;
        let printed = false;
        try {
            const content = await pageContentOf(job, this.#options.workspace, runSignal);
            runSignal.throwIfAborted();
            opened = await work.session.openPage();
            this.#options.debug?.(`${job.source.workspacePath} → ${job.format}: ${opened.reused ? 'page reused' : 'page opened'}`);
            // The limit counts from here: the browser's start is the run's to pay for, not this document's.
            timer = setTimeout(() => limit.abort(new Error(documentLimitMessage(limitMs))), limitMs);
            const signal = AbortSignal.any([runSignal, limit.signal]);
            const page = opened.page;
            const state = await untilStopped(signal, page, () => this.#printPage(job, page, content, external_node_path_.join(work.root, 'jobs', job.id), signal));
            printed = !signal.aborted;
            return state;
        }
        catch (error) {
            if (runSignal.aborted)
                throw error;
            if (limit.signal.aborted)
                return { state: 'failed', error: documentLimitMessage(limitMs) };
            if (opened?.browserCrashed() || work.session.crashes > crashesBefore) {
                return {
                    state: 'failed',
                    error: 'the browser crashed while it was converting this document (it is started again once for the documents after it)',
                };
            }
            return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
        }
        finally {
            clearTimeout(timer);
            // Only a page that printed is handed on; any other is closed (one busy laying out may not answer: the
            // browser's close at cleanup ends it either way).
            if (opened)
                await work.session.release(opened, printed);
        }
    }
    async #printPage(job, page, content, folder, signal) {
        await (0,promises_.mkdir)(folder, { recursive: true });
        const guard = await guardNetwork(page, content);
        await page.setJavaScriptEnabled(content.needsMermaid);
        const loaded = await loadDocument(page, content);
        this.#options.debug?.(`${job.source.workspacePath} → ${job.format}: ${loaded}`);
        const url = documentUrl(content.workspacePath);
        const warnings = [...content.warnings];
        if (content.needsMermaid) {
            const problem = await drawDiagrams(page);
            if (problem !== undefined)
                warnings.push(`a mermaid diagram could not be drawn (${problem})`);
            await removeScripts(page);
        }
        await showAltTextOfMissingImages(page);
        await pointLinksAtRepository(page, url, this.#options.repositoryBlobBase);
        let outputs;
        if (job.format === 'html') {
            const file = external_node_path_.join(folder, 'page.html');
            await (0,promises_.writeFile)(file, await page.content());
            outputs = [await outputOf(external_node_path_.posix.basename(job.expectedOutput), file)];
        }
        else {
            const pdf = external_node_path_.join(folder, 'printed.pdf');
            await printToFile(page, pdf, pdfOptions(this.#options.pageSize, !content.markdown));
            outputs = PAGE_IMAGE_TARGETS.includes(job.format)
                ? await pageImagesOf(job, pdf, external_node_path_.join(folder, 'pages'), signal)
                : [await outputOf(external_node_path_.posix.basename(job.expectedOutput), pdf)];
        }
        this.#report(job, [...warnings, ...guard.warnings], [...content.remoteLeftOut, ...guard.remoteLeftOut]);
        return { state: 'finished', outputs };
    }
    #report(job, warnings, remote) {
        const source = job.source.workspacePath;
        for (const warning of warnings)
            this.#options.warn(`${source}: ${warning}`);
        const unique = [...new Set(remote)];
        if (unique.length === 0)
            return;
        const shown = unique.slice(0, MAX_NOTICED_REMOTE).join(', ');
        const more = unique.length > MAX_NOTICED_REMOTE ? ` and ${unique.length - MAX_NOTICED_REMOTE} more` : '';
        const notice = `${source} (${job.format}): ${unique.length} remote resource(s) left out, not fetched: ${shown}${more}`;
        // One line per document, whatever number of formats it went to.
        if (!this.#notices.some((line) => line.startsWith(`${source} (`)))
            this.#notices.push(notice);
    }
}
async function outputOf(name, file) {
    return { name, path: file, size: (await (0,promises_.stat)(file)).size };
}
/**
 * Runs the page's work until it ends, the signal fires or the page crashes; on the signal the page is closed, which
 * ends whatever the browser was still doing for it.
 */
function untilStopped(signal, page, work) {
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            reject(signal.reason);
            page.close().catch(() => { });
        };
        const onCrash = (error) => reject(new Error(`the page crashed (${error.message})`));
        // The deadline may have passed while the browser was starting: then the page is stopped before it loads.
        if (signal.aborted) {
            onAbort();
            return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        page.once('error', onCrash);
        work()
            .then(resolve, reject)
            .finally(() => {
            signal.removeEventListener('abort', onAbort);
            page.off('error', onCrash);
        });
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/find-browser.js
/**
 * The runner's own Chrome or Chromium: CHROME_PATH first, then the usual names on PATH. Nothing is ever downloaded;
 * a runner without one gets an error naming what to install.
 */


/** Looked for on PATH in this order (GitHub's hosted Ubuntu runners have the first two). */
const BROWSER_NAMES = ['google-chrome', 'chromium', 'chromium-browser'];
/** What to install on a Debian or Ubuntu runner that has no browser. */
const BROWSER_INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y chromium (Debian; on Ubuntu, google-chrome-stable from Google), or set CHROME_PATH to a Chrome or Chromium';
/** The browser to launch (absolute path), or undefined when neither CHROME_PATH nor PATH gives one. */
function findBrowser(chromePath, searchPath) {
    const given = chromePath.trim();
    if (given !== '' && external_node_path_.isAbsolute(given) && isExecutableFile(given))
        return given;
    for (const name of BROWSER_NAMES) {
        const found = findOnPath(name, searchPath);
        if (found !== undefined)
            return found;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./lib/convert/engines/browser/identity.js
/**
 * What decides the browser engine's outputs, for the conversion cache's key: the browser's version, the Markdown
 * renderer's packages and stylesheet, the paper, and this folder's own choices (margins, print options).
 */


/** Bump when margins, print options or the page steps change what is printed. */
const PRINTING_VERSION = '1';
const VERSION_TIMEOUT_MS = 30_000;
/** `Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)`, from `<browser> --version`. */
function browserVersionOf(executable, env) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(executable, ['--version'], { env: { ...env }, timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (error, stdout) => {
            const version = stdout.trim().split('\n').at(-1)?.trim() ?? '';
            if (version !== '')
                resolve(version);
            else
                reject(new Error(`${executable} --version did not say which version it is (${error?.message ?? 'no output'})`));
        });
    });
}
function browserIdentityDetails(browserVersion, pageSize) {
    const details = {
        browser: browserVersion,
        pageSize,
        printing: PRINTING_VERSION,
    };
    for (const [name, version] of Object.entries(MARKDOWN_RENDERER_IDENTITY))
        details[`markdown:${name}`] = version;
    return details;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/retry.js
const DEFAULT_RETRY_POLICY = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };
function resolveRetryPolicy(options) {
    const policy = { ...DEFAULT_RETRY_POLICY };
    if (options?.maxAttempts !== undefined)
        policy.maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
    if (options?.baseDelayMs !== undefined)
        policy.baseDelayMs = Math.max(0, options.baseDelayMs);
    if (options?.maxDelayMs !== undefined)
        policy.maxDelayMs = Math.max(0, options.maxDelayMs);
    return policy;
}
/** HTTP answers worth repeating: the server was busy, unavailable or timed out, not wrong about the request. */
function isTransientStatus(status) {
    return (status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504);
}
/** Network failures worth repeating. `socket hang up` and a body cut short both carry ECONNRESET. */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'ERR_STREAM_PREMATURE_CLOSE',
    'ETRUNCATED',
]);
function isTransientNetworkCode(code) {
    return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}
/**
 * A network failure worth repeating: a transient code, or a proxy that could not open a tunnel because the server
 * behind it did not answer (Node's ERR_PROXY_TUNNEL carrying the proxy's 502, 503 or 504).
 */
function isTransientNetworkFailure(code, message) {
    if (isTransientNetworkCode(code))
        return true;
    return code === 'ERR_PROXY_TUNNEL' && /\bHTTP\/\d(?:\.\d)? 50[234]\b/.test(message);
}
/**
 * The longest Retry-After that is waited out. A server asking for more is not going to be ready within a run worth
 * keeping alive, so the call gives up at once and says so.
 */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
/**
 * Delay before the next attempt. A server's Retry-After wins, in full: maxDelayMs bounds only our own backoff, the
 * caller's AbortSignal bounds every wait, and the client gives up instead of waiting more than MAX_RETRY_AFTER_MS.
 * Otherwise exponential backoff with full jitter: uniform in [0, min(maxDelayMs, baseDelayMs · 2^(failedAttempts-1))).
 */
function backoffDelay(policy, failedAttempts, random, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return Math.max(0, retryAfterMs);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
    const fraction = Math.min(Math.max(random(), 0), 1);
    return Math.floor(fraction * ceiling);
}
/** Retry-After (delta-seconds or HTTP-date) in ms from `nowMs`; undefined when absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // HTTP dates always name the day or month; this keeps Date.parse from reading `-1` as a year.
    const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - nowMs);
}
/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. Leaves no timer behind either way. */
function sleep(ms, signal) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
/** Settles like `promise`, but rejects with the signal's reason as soon as the signal aborts. */
function raceAbort(promise, signal) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then((value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
        }, (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/errors.js



/**
 * A failed call to GroupDocs.Conversion Cloud, with what a user needs to act on it. The message never contains
 * the access token or the client secret.
 */
class GroupDocsApiError extends Error {
    name = 'GroupDocsApiError';
    status;
    code;
    serverMessage;
    operation;
    storageKey;
    retryable;
    attempts;
    retryAfterMs;
    reachedServer;
    #init;
    constructor(init) {
        super(describeFailure(init), init.cause === undefined ? undefined : { cause: init.cause });
        this.#init = init;
        this.status = init.status;
        this.code = init.code;
        this.serverMessage = init.serverMessage;
        this.operation = init.operation;
        this.storageKey = init.storageKey;
        this.retryable = init.retryable;
        this.attempts = init.attempts;
        this.retryAfterMs = init.retryAfterMs;
        this.reachedServer = init.reachedServer ?? true;
    }
    /** The same failure, reported after `attempts` attempts. */
    afterAttempts(attempts) {
        return new GroupDocsApiError({ ...this.#init, attempts, cause: this });
    }
    /** The same failure with other fields changed (e.g. no longer retryable). */
    with(changes) {
        return new GroupDocsApiError({ ...this.#init, ...changes, cause: this });
    }
}
function describeFailure(init) {
    const subject = init.storageKey === undefined ? init.operation : `${init.operation} of "${init.storageKey}"`;
    const tries = init.attempts === undefined ? '' : ` after ${init.attempts} attempt${init.attempts === 1 ? '' : 's'}`;
    const note = init.note === undefined ? '' : `; ${init.note}`;
    return `${subject} failed${tries}: ${init.reason ?? describeHttpFailure(init)}${note}`;
}
function describeHttpFailure(init) {
    const status = init.status === undefined ? 'no HTTP answer' : `HTTP ${init.status}`;
    const text = init.serverMessage ?? (init.status === undefined ? undefined : external_node_http_.STATUS_CODES[init.status]);
    const code = init.code === undefined ? '' : ` (code: ${init.code})`;
    return text === undefined ? `${status}${code}` : `${status} — ${text}${code}`;
}
const MAX_TEXT_LENGTH = 500;
const keepText = (text) => text;
/**
 * Reads the server's message and code from an error body. Known shapes:
 * `{"requestId","error":{"code","message","description"}}` (also PascalCase), `{"message","code"}`,
 * OAuth `{"error":"invalid_client","error_description"}`, problem details `{"title","detail"}`,
 * a JSON string, or plain text / HTML from a proxy. Every text is passed through `redact` before it is shortened,
 * so a secret cut at the length limit cannot leak in part.
 */
function parseErrorBody(body, redact = keepText) {
    const text = body.trim();
    if (text === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return { message: plainText(text, redact) };
    }
    const asText = (value) => textOf(value, redact);
    if (typeof parsed === 'string')
        return asText(parsed) === undefined ? {} : { message: asText(parsed) };
    if (!isRecord(parsed))
        return { message: clip(redact(text)) };
    const nested = pick(parsed, 'error');
    if (isRecord(nested)) {
        const message = joinDistinct(asText(pick(nested, 'message')), asText(pick(nested, 'description')));
        return definedOnly({ code: asText(pick(nested, 'code')), message });
    }
    if (typeof nested === 'string') {
        return definedOnly({ code: asText(nested), message: asText(parsed.error_description) ?? asText(nested) });
    }
    const message = asText(pick(parsed, 'message')) ?? joinDistinct(asText(parsed.title), asText(parsed.detail));
    return definedOnly({ code: asText(pick(parsed, 'code')), message });
}
/**
 * The one place a server's failure answer becomes an error: the server's message and code (secrets redacted),
 * whether the status is worth repeating, and how long the server asked us to wait.
 */
function serverAnswerError(context, answer, redact, nowMs = Date.now()) {
    const detail = parseErrorBody(answer.body, redact);
    return new GroupDocsApiError({
        operation: context.operation,
        storageKey: context.storageKey,
        status: answer.status,
        code: detail.code,
        serverMessage: detail.message,
        retryable: isTransientStatus(answer.status),
        retryAfterMs: parseRetryAfter(answer.retryAfter, nowMs),
    });
}
/** A field by its camelCase name or its PascalCase twin. */
function pick(record, camelName) {
    const value = record[camelName];
    if (value !== undefined && value !== null)
        return value;
    return record[camelName.charAt(0).toUpperCase() + camelName.slice(1)];
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function textOf(value, redact) {
    if (typeof value === 'string')
        return value.trim() === '' ? undefined : clip(redact(value.trim()));
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return undefined;
}
function joinDistinct(first, second) {
    if (first === undefined)
        return second;
    if (second === undefined || second === first || first.includes(second))
        return first;
    return `${first} ${second}`;
}
function plainText(text, redact) {
    if (!text.startsWith('<'))
        return clip(redact(text.replace(/\s+/g, ' ')));
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const stripped = text
        .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return clip(redact(title || stripped));
}
function clip(text) {
    return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH)}…`;
}
function definedOnly(detail) {
    const result = {};
    if (detail.code !== undefined)
        result.code = detail.code;
    if (detail.message !== undefined)
        result.message = detail.message;
    return result;
}
/**
 * A request that failed below HTTP: refused or reset connection, no progress before the idle timeout, a body cut
 * short, or a local file that could not be read or written while streaming.
 */
class TransportError extends Error {
    name = 'TransportError';
    code;
    /** False when the connection was never established, so the server cannot have seen the request. */
    reachedServer;
    constructor(message, code, reachedServer, cause) {
        super(message, cause === undefined ? undefined : { cause });
        this.code = code;
        this.reachedServer = reachedServer;
    }
    static from(error, reachedServer) {
        if (error instanceof TransportError)
            return error;
        const code = errors_errorCode(error);
        const raw = error instanceof Error ? error.message : String(error);
        // Node's word for a response whose connection closed before its end.
        const message = raw === 'aborted' ? 'the connection closed before the answer was complete' : raw;
        const text = code === undefined || message.includes(code) ? message : `${message} (${code})`;
        return new TransportError(text, code, reachedServer, error);
    }
}
function errors_errorCode(error) {
    if (!isRecord(error) && !(error instanceof Error))
        return undefined;
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
}
/** A network failure as the user-facing error of `operation`. */
function networkFailure(error, context, redact = keepText) {
    const transient = isTransientNetworkFailure(error.code, error.message);
    const message = redact(error.message);
    return new GroupDocsApiError({
        operation: context.operation,
        storageKey: context.storageKey,
        code: error.code,
        reason: transient ? `network error: ${message}` : message,
        retryable: transient,
        reachedServer: error.reachedServer,
        cause: error,
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/download.js





/**
 * GETs `url` (built inside the call, so a bad key fails as the call's error) and streams the body to localPath;
 * the file appears only once complete. With a limit, a download that passes it (by its Content-Length, or as bytes
 * arrive) is stopped, its partial file removed, and not repeated.
 */
async function downloadTo(service, context, url, localPath, signal, limit) {
    const target = external_node_path_.resolve(localPath);
    const refuse = (reason) => new GroupDocsApiError({ ...context, code: 'DOWNLOAD_LIMIT', reason, retryable: false });
    await service.send(context, signal, async () => {
        await (0,promises_.mkdir)(external_node_path_.dirname(target), { recursive: true });
        return {
            method: 'GET',
            url: typeof url === 'function' ? url() : url,
            headers: { accept: '*/*' },
            read: (response, progress) => saveBody(response, progress, target, limit, refuse),
        };
    });
}
/**
 * Streams the body into `<target>.<random>.part` beside the target and renames it into place only when the byte
 * count matches Content-Length (when given). On any failure the partial file is removed.
 */
async function saveBody(response, progress, target, limit, refuse) {
    const partial = `${target}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.part`;
    const declared = response.headers['content-length'];
    const expected = declared === undefined ? undefined : Number(declared);
    if (limit !== undefined && expected !== undefined && expected > limit.maxBytes) {
        throw refuse(`the server sent a file of ${expected} bytes, more than ${limit.reason}; nothing was written`);
    }
    let received = 0;
    let taken = 0;
    // Opened before the pipeline starts, so the file exists before any failure removes it: a stream that opened
    // lazily could create it after the removal.
    const file = await (0,promises_.open)(partial, 'wx');
    try {
        await (0,external_node_stream_promises_.pipeline)(response, async function* count(source) {
            for await (const chunk of source) {
                progress();
                received += chunk.length;
                if (limit !== undefined) {
                    if (received > limit.maxBytes) {
                        throw refuse(`the file grew past ${limit.reason}; the download was stopped and removed`);
                    }
                    try {
                        limit.take(chunk.length);
                        taken += chunk.length;
                    }
                    catch (error) {
                        throw refuse(`${error instanceof Error ? error.message : String(error)}; the download was stopped and removed`);
                    }
                }
                yield chunk;
            }
        }, file.createWriteStream());
        if (expected !== undefined && Number.isFinite(expected) && received !== expected) {
            throw new TransportError(`the download ended after ${received} of ${expected} bytes`, 'ETRUNCATED', true);
        }
        await (0,promises_.rename)(partial, target);
    }
    catch (error) {
        await (0,promises_.rm)(partial, { force: true });
        limit?.giveBack(taken);
        throw error;
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/call-account.js
/**
 * The account of requests sent to the conversion service, by kind. GroupDocs bills every call, so every attempt
 * counts: a retried upload is two uploads on the bill. A direct conversion (the document sent with the start) counts
 * as a start, and fetching its result as a download.
 */
const API_CALL_KINDS = [
    'token',
    'formats',
    'upload',
    'start',
    'status',
    'download',
    'exists',
    'delete',
];
class ApiCallAccount {
    #counts = new Map(API_CALL_KINDS.map((kind) => [kind, 0]));
    /** One request of `kind` is about to be sent. */
    count(kind) {
        this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    }
    /** The counts so far, every kind present (0 when none), plus their total. */
    snapshot() {
        const counts = Object.fromEntries(API_CALL_KINDS.map((kind) => [kind, this.#counts.get(kind) ?? 0]));
        const total = API_CALL_KINDS.reduce((sum, kind) => sum + (this.#counts.get(kind) ?? 0), 0);
        return { ...counts, total };
    }
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/http.js




/** The proxy variables Node's built-in proxy support reads (upper- or lower-case; lower-case wins). */
const PROXY_VARIABLES = [
    'HTTP_PROXY',
    'http_proxy',
    'HTTPS_PROXY',
    'https_proxy',
    'NO_PROXY',
    'no_proxy',
];
/**
 * The agents requests go through, and with them the proxy settings.
 *
 * Proxies: HTTP_PROXY / HTTPS_PROXY (or lower-case; `http://user:password@host:port`) and NO_PROXY are honoured
 * always, like @actions/http-client does for other actions on a self-hosted runner behind a proxy, whether or not
 * NODE_USE_ENV_PROXY=1 / --use-env-proxy is set. Node (≥ 24.5) does the proxying: plain HTTP is forwarded, HTTPS
 * goes through a CONNECT tunnel. Each agent is given the variables as `proxyEnv`, because NODE_USE_ENV_PROXY reaches
 * only Node's global agents: a request with `agent: false` or a new Agent without `proxyEnv` connects directly even
 * with NODE_USE_ENV_PROXY=1 set. On Node before 24.5 `proxyEnv` is ignored and every connection is direct.
 *
 * Loopback hosts (localhost, 127.x, [::1]) are always reached directly, as @actions/http-client does, so a
 * GroupDocs service container on localhost works behind a proxy without NO_PROXY.
 *
 * Through a proxy, "connected" means connected to the proxy for plain HTTP (conservatively treated as reaching the
 * server), and the tunnel and TLS to the server being up for HTTPS; a tunnel the proxy refused never reached it.
 */
class Connections {
    #proxyEnv;
    #pooled = new Map();
    /** `env`: the proxy variables, as the runner environment read them (default: none). */
    constructor(env = {}) {
        const proxyEnv = {};
        for (const name of PROXY_VARIABLES) {
            const value = env[name];
            if (value !== undefined && value !== '')
                proxyEnv[name] = value;
        }
        this.#proxyEnv = Object.keys(proxyEnv).length > 0 ? proxyEnv : undefined;
    }
    /** The agent for a request to `url`: a shared kept-alive one, or (`fresh`) one used for this request only. */
    agentFor(url, fresh) {
        const secure = url.protocol === 'https:';
        const proxyEnv = isLoopback(url.hostname) ? undefined : this.#proxyEnv;
        const options = proxyEnv === undefined ? {} : { proxyEnv };
        if (fresh) {
            const single = { ...options, keepAlive: false };
            return secure ? new external_node_https_.Agent(single) : new external_node_http_.Agent(single);
        }
        const key = `${url.protocol}${proxyEnv === undefined ? 'direct' : 'proxied'}`;
        let agent = this.#pooled.get(key);
        if (agent === undefined) {
            // The settings of Node's global agents.
            const pooled = { ...options, keepAlive: true, scheduling: 'lifo', timeout: 5000 };
            agent = secure ? new external_node_https_.Agent(pooled) : new external_node_http_.Agent(pooled);
            this.#pooled.set(key, agent);
        }
        return agent;
    }
}
function isLoopback(hostname) {
    const host = hostname.toLowerCase();
    return (host === 'localhost' ||
        host.endsWith('.localhost') ||
        host.startsWith('127.') ||
        host === '[::1]' ||
        host.startsWith('[::ffff:7f'));
}
/**
 * Sends `call` and hands the answer (any status) to `handle`, which must consume or abandon the body. Network
 * failures (and any other failure while streaming, e.g. a local file error) reject with TransportError; an abort
 * rejects with the signal's reason; a GroupDocsApiError thrown by `handle` passes through. The socket is
 * destroyed on any failure, and no timer or listener outlives the call.
 */
async function exchange(call, handle) {
    call.signal.throwIfAborted();
    const transport = call.url.protocol === 'https:' ? external_node_https_ : external_node_http_;
    const request = transport.request(call.url, {
        method: call.method,
        headers: call.headers,
        agent: call.connections.agentFor(call.url, call.freshConnection ?? false),
    });
    let connected = false;
    let response;
    let failure;
    const fail = (error) => {
        failure ??= error;
        response?.destroy(error);
        request.destroy(error);
    };
    const idleTimer = setTimeout(() => {
        fail(new TransportError(`no progress for ${call.idleTimeoutMs} ms`, 'ETIMEDOUT', connected));
    }, call.idleTimeoutMs);
    const progress = () => {
        idleTimer.refresh();
    };
    const onAbort = () => fail(call.signal.reason);
    call.signal.addEventListener('abort', onAbort, { once: true });
    request.on('socket', (socket) => {
        if (!socket.connecting) {
            connected = true;
            return;
        }
        const ready = 'encrypted' in socket ? 'secureConnect' : 'connect';
        socket.once(ready, () => {
            connected = true;
            progress();
        });
    });
    // Errors after the answer arrived (e.g. the server closed while we were still sending) surface through the
    // response or are irrelevant; this listener keeps them from becoming uncaught exceptions.
    request.on('error', () => { });
    const answered = new Promise((resolve, reject) => {
        request.once('response', resolve);
        request.once('error', reject);
    });
    try {
        if (call.body === undefined) {
            request.end();
        }
        else if (Buffer.isBuffer(call.body)) {
            request.end(call.body);
        }
        else {
            // A failed send also destroys the request, so its error reaches `answered`; after an early answer it is moot.
            (0,external_node_stream_promises_.pipeline)(withProgress(call.body(), progress), request).catch(() => { });
        }
        response = await answered;
        response.on('error', () => { });
        progress();
        return await handle(response, progress);
    }
    catch (error) {
        if (call.signal.aborted)
            throw call.signal.reason;
        const cause = failure ?? error;
        if (cause instanceof GroupDocsApiError)
            throw cause;
        throw TransportError.from(cause, connected);
    }
    finally {
        clearTimeout(idleTimer);
        call.signal.removeEventListener('abort', onAbort);
        // An answer can arrive before the body is sent (e.g. 401 to an upload): stop sending rather than stream the
        // rest of the file to a server that is not listening.
        if (!response?.complete || !request.writableFinished) {
            response?.destroy();
            request.destroy();
        }
    }
}
async function* withProgress(source, progress) {
    for await (const chunk of source) {
        progress();
        yield chunk;
    }
}
/** Reads at most `limitBytes` of a body as UTF-8; the rest is discarded and `truncated` is set. */
async function readText(response, progress, limitBytes) {
    const chunks = [];
    let kept = 0;
    let truncated = false;
    for await (const chunk of response) {
        progress();
        if (kept + chunk.length > limitBytes) {
            chunks.push(chunk.subarray(0, limitBytes - kept));
            kept = limitBytes;
            truncated = true;
            response.destroy();
            break;
        }
        chunks.push(chunk);
        kept += chunk.length;
    }
    return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/storage-key.js
/**
 * Storage keys are `/`-separated paths in the service's storage. Each segment is percent-encoded on its own so
 * that names with `#`, `?`, `%`, `+`, spaces or non-ASCII letters reach the server unchanged (the official SDK
 * inserts them raw, which truncates `a #1.docx` to `a `).
 */
/** Thrown for a key that cannot be addressed safely; a programming or input error, never retried. */
class InvalidStorageKeyError extends Error {
    name = 'InvalidStorageKeyError';
}
/** Drops leading and trailing `/` and rejects keys the URL layer would rewrite (`.`, `..`, empty segments). */
function normalizeStorageKey(key) {
    const trimmed = key.replace(/^\/+|\/+$/g, '');
    if (trimmed === '')
        throw new InvalidStorageKeyError(`storage key ${JSON.stringify(key)} is empty`);
    for (const segment of trimmed.split('/')) {
        if (segment === '' || segment === '.' || segment === '..') {
            throw new InvalidStorageKeyError(`storage key ${JSON.stringify(key)} has an empty, "." or ".." segment, which URLs cannot carry unchanged`);
        }
    }
    return trimmed;
}
/** The key as a URL path: every segment through encodeURIComponent, `/` kept as the separator. */
function encodeStorageKey(key) {
    const segments = normalizeStorageKey(key).split('/');
    try {
        return segments.map(encodeURIComponent).join('/');
    }
    catch {
        throw new InvalidStorageKeyError(`storage key ${JSON.stringify(key)} is not valid Unicode text`);
    }
}
/** The last segment of a key, i.e. the file name. */
function storageKeyFileName(key) {
    const segments = normalizeStorageKey(key).split('/');
    return segments[segments.length - 1] ?? '';
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/token.js



/** How long before expiry a token is renewed: 60 s, or a tenth of its lifetime when that is shorter. */
const RENEW_MARGIN_MS = 60_000;
const RENEW_MARGIN_FRACTION = 0.1;
/** OAuth error codes that mean the client id or secret is wrong. */
const REJECTED_CREDENTIAL_CODES = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);
/**
 * OAuth client-credentials access tokens for the API: fetched once, shared, renewed shortly before they expire
 * or when the API says a token is no longer accepted. Concurrent callers share one token request.
 */
class AccessTokenSource {
    #options;
    #cached;
    #renewal;
    constructor(options) {
        this.#options = options;
    }
    /** A token to send now. Rejects with GroupDocsApiError (operation `authenticate`) or the signal's reason. */
    async get(signal) {
        signal.throwIfAborted();
        const cached = this.#cached;
        if (cached !== undefined && this.#options.now() < cached.renewAt)
            return cached.value;
        const renewal = this.#renewal ?? this.#startRenewal();
        renewal.waiters += 1;
        try {
            return await raceAbort(renewal.promise, signal);
        }
        finally {
            renewal.waiters -= 1;
            // Still pending with nobody waiting: every caller gave up, so stop the request instead of leaving it open.
            if (renewal.waiters === 0 && this.#renewal === renewal) {
                this.#renewal = undefined;
                renewal.controller.abort(new Error('token request no longer needed'));
            }
        }
    }
    /** Forget `token` after the API refused it, so the next get() fetches a new one. */
    invalidate(token) {
        if (this.#cached?.value === token)
            this.#cached = undefined;
    }
    #startRenewal() {
        const controller = new AbortController();
        const renewal = { controller, waiters: 0, promise: this.#requestToken(controller.signal) };
        const settle = () => {
            if (this.#renewal === renewal)
                this.#renewal = undefined;
        };
        // Registered before any waiter's reaction, so the renewal is cleared before waiters resume.
        renewal.promise.then(settle, settle);
        this.#renewal = renewal;
        return renewal;
    }
    async #requestToken(signal) {
        const { tokenUrl, clientId, clientSecret, idleTimeoutMs, now, log, redactor, connections } = this.#options;
        const body = Buffer.from(new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
        }).toString(), 'utf8');
        const started = performance.now();
        let status;
        signal.throwIfAborted();
        this.#options.account?.count('token');
        try {
            const token = await exchange({
                method: 'POST',
                url: tokenUrl,
                headers: {
                    'content-type': 'application/x-www-form-urlencoded',
                    'content-length': body.length,
                    accept: 'application/json',
                },
                body,
                signal,
                idleTimeoutMs,
                connections,
            }, async (response, progress) => {
                status = response.statusCode ?? 0;
                const { text } = await readText(response, progress, 256 * 1024);
                if (status >= 200 && status < 300)
                    return this.#accept(text, now());
                throw tokenRefusal(serverAnswerError({ operation: 'authenticate' }, { status, body: text, retryAfter: header(response.headers['retry-after']) }, redactor.redact));
            });
            log(`POST ${tokenUrl.pathname} → ${status} (${Math.round(performance.now() - started)} ms)`);
            return token;
        }
        catch (error) {
            const outcome = status ?? (error instanceof TransportError ? error.code : undefined) ?? 'failed';
            log(`POST ${tokenUrl.pathname} → ${outcome} (${Math.round(performance.now() - started)} ms)`);
            if (error instanceof TransportError) {
                throw networkFailure(error, { operation: 'authenticate' }, redactor.redact);
            }
            throw error;
        }
    }
    #accept(text, receivedAt) {
        let answer;
        try {
            answer = JSON.parse(text);
        }
        catch {
            answer = undefined;
        }
        const value = isRecord(answer) ? answer.access_token : undefined;
        if (typeof value !== 'string' || value === '') {
            throw new GroupDocsApiError({
                operation: 'authenticate',
                reason: 'the token endpoint answered without an access_token',
                retryable: false,
            });
        }
        this.#options.redactor.rememberToken(value);
        this.#options.onToken?.(value);
        const expiresIn = isRecord(answer) ? answer.expires_in : undefined;
        this.#cached = {
            value,
            renewAt: tokenRenewalTime(value, typeof expiresIn === 'number' ? expiresIn : undefined, receivedAt),
        };
        return value;
    }
}
function header(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** A refusal that means the client id or secret is wrong says so; anything else stays as the server put it. */
function tokenRefusal(failure) {
    const status = failure.status ?? 0;
    const rejected = status === 401 ||
        ((status === 400 || status === 403) && REJECTED_CREDENTIAL_CODES.has(failure.code ?? ''));
    if (!rejected)
        return failure;
    return failure.with({
        reason: `GroupDocs rejected the client credentials (HTTP ${status}${failure.code ? `, ${failure.code}` : ''}); ` +
            'check the client id and client secret',
        retryable: false,
    });
}
/**
 * When to fetch a new token: a margin before the JWT `exp` (lifetime measured from `iat` when present), or
 * before `expires_in` when the token is not a JWT with a usable `exp`. A token with neither is kept until the API
 * refuses it.
 */
function tokenRenewalTime(token, expiresInSeconds, receivedAt) {
    const claims = jwtClaims(token);
    const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
    if (exp !== undefined && exp > receivedAt) {
        const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : undefined;
        const issuedAt = iat !== undefined && iat < exp ? Math.min(iat, receivedAt) : receivedAt;
        return exp - renewMargin(exp - issuedAt);
    }
    if (expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0) {
        const lifetime = expiresInSeconds * 1000;
        return receivedAt + lifetime - renewMargin(lifetime);
    }
    // An `exp` already past by our clock and no expires_in: use it for the calls waiting on it, renew next time.
    return exp === undefined ? Number.POSITIVE_INFINITY : receivedAt;
}
function renewMargin(lifetimeMs) {
    return Math.min(RENEW_MARGIN_MS, lifetimeMs * RENEW_MARGIN_FRACTION);
}
function jwtClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[1] === undefined)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        return isRecord(claims) ? claims : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/service-calls.js






const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const USER_AGENT = 'convert-documents-action';
/**
 * The HTTP, retry and limit plumbing of the GroupDocs.Conversion Cloud v2.0 client: every call goes through send(),
 * which authenticates, retries with backoff, counts the call and turns every failure into a GroupDocsApiError.
 */
class ServiceCalls {
    /** `{base}/v2.0/` */
    apiRoot;
    storageName;
    /** Every request sent, by kind. */
    calls;
    /** Removes the secret, the tokens and the caller's secrets from text the server sent. */
    redact;
    log;
    #retry;
    #idleTimeoutMs;
    #random;
    #tokens;
    #connections;
    #sleep;
    constructor(options) {
        const base = serviceBase(options.baseUrl);
        this.apiRoot = new URL('v2.0/', base);
        this.storageName = options.storageName === '' ? undefined : options.storageName;
        this.#retry = resolveRetryPolicy(options.retry);
        this.#idleTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
        this.#random = options.random ?? Math.random;
        this.#sleep = options.sleep ?? sleep;
        const redactor = new redaction/* Redactor */.p([options.clientSecret, ...(options.secrets ?? [])]);
        this.redact = redactor.redact;
        this.#connections = new Connections(options.proxyEnv);
        this.calls = options.account ?? new ApiCallAccount();
        const debug = options.debug;
        const redact = this.redact;
        this.log = debug === undefined ? () => { } : (line) => debug(redact(line));
        this.#tokens = new AccessTokenSource({
            tokenUrl: new URL('connect/token', base),
            clientId: options.clientId,
            clientSecret: options.clientSecret,
            idleTimeoutMs: this.#idleTimeoutMs,
            now: options.now ?? Date.now,
            log: this.log,
            redactor,
            connections: this.#connections,
            onToken: options.onToken,
            account: this.calls,
        });
    }
    /** `{apiRoot}{route}{encoded key}`, with the storage name when one is set. */
    storageUrl(route, storageKey) {
        const url = new URL(route + encodeStorageKey(storageKey), this.apiRoot);
        if (this.storageName !== undefined)
            url.searchParams.set('storageName', this.storageName);
        return url;
    }
    /** Reads a 2xx answer as JSON, bounded; anything else fails the call as UNEXPECTED_RESPONSE. */
    readJson(response, progress, context, limitBytes = MAX_JSON_BYTES) {
        return readJson(response, progress, context, this.redact, limitBytes);
    }
    /**
     * Runs one call with retries. A 401 renews the token and repeats once (not counted as an attempt); transient
     * failures are repeated with backoff up to the attempt budget; the last error is thrown with the attempt count.
     */
    async send(context, signal, plan) {
        let renewedAfter401 = false;
        let attempt = 1;
        for (;;) {
            signal.throwIfAborted();
            let failure;
            let usedToken;
            try {
                const planned = await plan();
                usedToken = await this.#tokens.get(signal);
                return await this.#attempt(context, planned, usedToken, attempt, signal);
            }
            catch (error) {
                if (signal.aborted)
                    throw signal.reason;
                failure = this.#asApiError(error, context);
            }
            if (failure.status === 401 && failure.operation === context.operation && usedToken !== undefined) {
                if (!renewedAfter401) {
                    renewedAfter401 = true;
                    this.#tokens.invalidate(usedToken);
                    this.log(`${context.operation}: access token refused (HTTP 401); renewing it and repeating the request`);
                    continue;
                }
                failure = failure.with({
                    serverMessage: `${failure.serverMessage ?? 'Unauthorized'} (refused again after renewing the access token)`,
                    retryable: false,
                });
            }
            const budgetLeft = attempt < this.#retry.maxAttempts;
            if (!failure.retryable || !this.#mayRepeat(failure, context)) {
                if (failure.retryable) {
                    // Transient in kind, but repeating could start the conversion twice: report it as final.
                    failure = failure.with({
                        retryable: false,
                        note: 'not repeated because the server may have started the conversion',
                    });
                }
                throw attempt > 1 ? failure.afterAttempts(attempt) : failure;
            }
            if (!budgetLeft)
                throw failure.afterAttempts(attempt);
            const askedMs = failure.retryAfterMs;
            if (askedMs !== undefined && askedMs > MAX_RETRY_AFTER_MS) {
                failure = failure.with({
                    retryable: false,
                    note: `the server asked to wait ${Math.ceil(askedMs / 1000)} s before trying again, ` +
                        `longer than the ${MAX_RETRY_AFTER_MS / 1000} s this client waits`,
                });
                throw attempt > 1 ? failure.afterAttempts(attempt) : failure;
            }
            const delay = backoffDelay(this.#retry, attempt, this.#random, askedMs);
            this.log(`${context.operation}: attempt ${attempt} of ${this.#retry.maxAttempts} failed ` +
                `(${describeAnswer(failure, context)}); retrying in ${delay} ms`);
            await this.#sleep(delay, signal);
            attempt += 1;
        }
    }
    /**
     * Whether a transient failure may be repeated. Idempotent calls: always. Starting a conversion (POST) is not
     * idempotent, and a failure after the server received it may mean the conversion started anyway, so it is
     * repeated only when the server provably did not act on it: the connection was never established (refused,
     * DNS, failed before any byte was written — such requests use a fresh connection, so this is reliable), the
     * token could not be obtained (the POST was never sent), or the server declined it with 429 or 503. A 500,
     * 502, 504, a timeout or a reset after connecting is not repeated.
     */
    #mayRepeat(failure, context) {
        if (context.idempotent || failure.operation !== context.operation)
            return true;
        if (failure.status === undefined)
            return !failure.reachedServer;
        return failure.status === 429 || failure.status === 503;
    }
    async #attempt(context, plan, token, attempt, signal) {
        const started = performance.now();
        const target = `${plan.method} ${plan.url.pathname}${plan.url.search}`;
        let status;
        signal.throwIfAborted();
        this.calls.count(context.kind);
        try {
            const result = await exchange({
                method: plan.method,
                url: plan.url,
                headers: {
                    accept: 'application/json',
                    'user-agent': USER_AGENT,
                    ...plan.headers,
                    authorization: `Bearer ${token}`,
                },
                body: plan.body,
                signal,
                idleTimeoutMs: this.#idleTimeoutMs,
                connections: this.#connections,
                freshConnection: !context.idempotent,
            }, async (response, progress) => {
                status = response.statusCode ?? 0;
                if (status >= 200 && status < 300)
                    return plan.read(response, progress);
                const { text } = await readText(response, progress, MAX_ERROR_BODY_BYTES);
                if (status === 404 && context.absentIsSuccess)
                    return undefined;
                throw this.#httpFailure(context, status, text, response.headers);
            });
            this.log(`${target} → ${status} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
            return result;
        }
        catch (error) {
            const problem = signal.aborted
                ? 'aborted'
                : error instanceof GroupDocsApiError
                    ? undefined
                    : errors_errorCode(error);
            const outcome = [status, problem].filter((part) => part !== undefined).join(', then ') || 'failed';
            this.log(`${target} → ${outcome} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
            throw error;
        }
    }
    #httpFailure(context, status, body, headers) {
        return serverAnswerError(context, { status, body, retryAfter: firstHeader(headers['retry-after']) }, this.redact);
    }
    #asApiError(error, context) {
        if (error instanceof GroupDocsApiError)
            return error;
        if (error instanceof TransportError)
            return networkFailure(error, context, this.redact);
        const message = error instanceof Error ? error.message : String(error);
        return new GroupDocsApiError({
            operation: context.operation,
            storageKey: context.storageKey,
            code: error instanceof InvalidStorageKeyError ? 'INVALID_STORAGE_KEY' : errors_errorCode(error),
            reason: this.redact(message),
            retryable: false,
            cause: error,
        });
    }
}
/** The call fails because the server's answer cannot be read as what was asked for. */
function unexpectedAnswer(context, what) {
    return new GroupDocsApiError({
        operation: context.operation,
        storageKey: context.storageKey,
        code: 'UNEXPECTED_RESPONSE',
        reason: `the server sent ${what}`,
        retryable: false,
    });
}
function serviceBase(baseUrl) {
    let url;
    try {
        url = new URL(baseUrl);
    }
    catch {
        throw new TypeError(`GroupDocs base URL ${JSON.stringify(baseUrl)} is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TypeError(`GroupDocs base URL must start with http:// or https://, not ${url.protocol}`);
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/'))
        url.pathname += '/';
    return url;
}
function firstHeader(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** A failed attempt for the debug log: what answered, and what it said (already redacted). */
function describeAnswer(failure, context) {
    const prefix = failure.operation === context.operation ? '' : `${failure.operation}: `;
    if (failure.status === undefined)
        return `${prefix}${failure.code ?? 'network error'}`;
    const said = failure.serverMessage === undefined ? '' : ` — ${clipForLog(failure.serverMessage)}`;
    return `${prefix}HTTP ${failure.status}${said}`;
}
function clipForLog(text) {
    return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}
async function readJson(response, progress, context, redact, limitBytes) {
    const { text, truncated } = await readText(response, progress, limitBytes);
    if (truncated)
        throw unexpectedAnswer(context, `an answer larger than ${limitBytes} bytes`);
    try {
        return JSON.parse(text);
    }
    catch {
        const start = redact(text.slice(0, 1000)).slice(0, 200);
        throw unexpectedAnswer(context, `an answer that is not JSON: ${JSON.stringify(start)}`);
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/format-list.js


/**
 * The real format list is tens of KiB (about 50 sources, each with up to about 100 targets); far larger is
 * treated as an unreadable list rather than parsed, logged and searched.
 */
const MAX_FORMAT_LIST_BYTES = 1024 * 1024;
const MAX_SOURCE_FORMATS = 1000;
const MAX_TARGETS_PER_SOURCE = 1000;
/** A format name as the service spells one (`docx`, `tiff`, `html5`); anything else is not a format and is dropped. */
const FORMAT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,15}$/;
/** The answer of `GET conversion/formats`, with every name that is not a format name dropped. */
function parseFormats(answer, context) {
    if (!Array.isArray(answer))
        throw unexpectedAnswer(context, 'a format list that is not a JSON array');
    if (answer.length > MAX_SOURCE_FORMATS) {
        throw unexpectedAnswer(context, `a format list of more than ${MAX_SOURCE_FORMATS} source formats`);
    }
    const isFormatName = (value) => typeof value === 'string' && FORMAT_NAME.test(value);
    const formats = [];
    for (const item of answer) {
        if (!isRecord(item))
            continue;
        const source = pick(item, 'sourceFormat');
        const targets = pick(item, 'targetFormats');
        if (!isFormatName(source))
            continue;
        if (Array.isArray(targets) && targets.length > MAX_TARGETS_PER_SOURCE) {
            throw unexpectedAnswer(context, `a format list with more than ${MAX_TARGETS_PER_SOURCE} target formats for one source format`);
        }
        formats.push({
            sourceFormat: source,
            targetFormats: Array.isArray(targets) ? targets.filter(isFormatName) : [],
        });
    }
    return formats;
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/multipart.js


function multipartFileForm(fieldName, fileName, fileSize, boundary = `----groupdocs-${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`) {
    const head = Buffer.from(`--${boundary}\r\n` +
        `Content-Disposition: form-data; name="${quoteFormName(fieldName)}"; ${fileNameParameters(fileName)}\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n', 'utf8');
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
    return {
        contentType: `multipart/form-data; boundary=${boundary}`,
        contentLength: head.length + fileSize + tail.length,
        head,
        tail,
    };
}
/**
 * The filename parameter(s) of the part header. `filename` follows the HTML form encoding (UTF-8, with `"`, CR
 * and LF percent-escaped); a name that needed escaping or is not plain ASCII also gets an RFC 5987
 * `filename*=UTF-8''…`, which ASP.NET-style servers prefer and which carries the name without loss.
 */
function fileNameParameters(fileName) {
    const quoted = `filename="${quoteFormName(fileName)}"`;
    if (/^[\x20-\x7e]*$/.test(fileName) && !/["\\]/.test(fileName))
        return quoted;
    return `${quoted}; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
function quoteFormName(name) {
    return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function encodeRfc5987(value) {
    return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** Error for a file whose size changed between measuring it and sending it; never worth retrying at once. */
class FileChangedError extends Error {
    name = 'FileChangedError';
    code = 'EFILECHANGED';
}
/** The body chunks: head, the file read from disk (opened anew on every call), tail. */
async function* multipartFileBody(form, filePath, fileSize) {
    yield form.head;
    let sent = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(filePath, {
        highWaterMark: 64 * 1024,
    })) {
        sent += chunk.length;
        if (sent > fileSize)
            break;
        yield chunk;
    }
    if (sent !== fileSize) {
        throw new FileChangedError(`${filePath} changed while it was being uploaded (expected ${fileSize} bytes, found ${sent > fileSize ? 'more' : sent})`);
    }
    yield form.tail;
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/operation.js



const OPERATION_TIMESTAMPS = ['created', 'started', 'finished', 'failed', 'canceled'];
/**
 * The statuses in the order the Python SDK (v25.10, models/operation_result.py, status setter) lists them: a status
 * sent as a number (`2`, or the text `"2"`) is the one at that index, so 2 is Failed and 4 is Finished.
 */
const NUMBERED_STATUSES = [
    'Created',
    'Started',
    'Failed',
    'Canceled',
    'Finished',
];
/** An operation as the status check answers it. */
function parseOperation(answer, requestedId, context, redact) {
    if (!isRecord(answer))
        throw unexpectedAnswer(context, 'an operation that is not a JSON object');
    const sent = pick(answer, 'status');
    const status = statusOf(sent);
    if (status === undefined) {
        throw unexpectedAnswer(context, `an unknown operation status ${JSON.stringify(sent)}`);
    }
    const id = pick(answer, 'id');
    const operation = {
        id: typeof id === 'string' ? id : requestedId,
        status,
        result: storedResults(pick(answer, 'result')),
    };
    for (const field of OPERATION_TIMESTAMPS) {
        const value = pick(answer, field);
        if (typeof value === 'string' && value !== '')
            operation[field] = value;
    }
    // The service's words about a failed conversion reach users (reports, PR comments): secrets redacted.
    const error = pick(answer, 'error');
    if (typeof error === 'string' && error !== '')
        operation.error = redact(error);
    else if (isRecord(error)) {
        const detail = parseErrorBody(JSON.stringify(error), redact);
        if (detail.message !== undefined)
            operation.error = detail.message;
    }
    return operation;
}
/** A status by its name in any case, or by its number (see NUMBERED_STATUSES). */
function statusOf(sent) {
    const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
    if (/^\d$/.test(text))
        return NUMBERED_STATUSES[Number(text)];
    return NUMBERED_STATUSES.find((known) => known.toLowerCase() === text.toLowerCase());
}
function storedResults(rawResults) {
    const result = [];
    if (!Array.isArray(rawResults))
        return result;
    // One past the cap is enough to know the list is too long; the rest is never turned into objects.
    for (const item of rawResults.slice(0, MAX_RESULTS_PER_JOB + 1)) {
        if (!isRecord(item))
            continue;
        const name = pick(item, 'name');
        const storedPath = pick(item, 'path');
        const size = pick(item, 'size');
        const url = pick(item, 'url');
        const stored = {
            name: typeof name === 'string' ? name : '',
            path: typeof storedPath === 'string' ? storedPath : '',
            size: typeof size === 'number' ? size : Number(size ?? 0) || 0,
        };
        if (typeof url === 'string')
            stored.url = url;
        result.push(stored);
    }
    return result;
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/conversions.js









/** Conversions: start (from storage, or with the document), status, the direct flow's result, the format list. */
class ConversionsApi {
    #service;
    constructor(service) {
        this.#service = service;
    }
    /**
     * Start an asynchronous convert-and-save; returns the operation id.
     * Not idempotent: repeated only when the server never saw the request or declined it with 429/503.
     */
    async startConversion(request, signal) {
        const context = {
            operation: 'start conversion',
            kind: 'start',
            storageKey: request.filePath,
            idempotent: false,
        };
        const service = this.#service;
        return service.send(context, signal, () => {
            const settings = {
                filePath: normalizeStorageKey(request.filePath),
                format: request.format,
                outputPath: request.outputPath === '' ? '' : normalizeStorageKey(request.outputPath),
            };
            if (service.storageName !== undefined)
                settings.storageName = service.storageName;
            if (request.loadOptions !== undefined)
                settings.loadOptions = request.loadOptions;
            if (request.convertOptions !== undefined)
                settings.convertOptions = request.convertOptions;
            if (request.fontsPath !== undefined)
                settings.fontsPath = normalizeStorageKey(request.fontsPath);
            const body = Buffer.from(JSON.stringify(settings), 'utf8');
            return {
                method: 'POST',
                url: new URL('conversion/async', service.apiRoot),
                headers: { 'content-type': 'application/json', 'content-length': body.length },
                body,
                read: async (response, progress) => readOperationId(response, progress, context, service.redact),
            };
        });
    }
    /**
     * Start an asynchronous conversion of a local file sent with the request, streamed from disk (the direct flow:
     * nothing goes to storage, so nothing is left to delete); returns the operation id. Its result is fetched with
     * downloadResult. Meant for targets that give one file. Not idempotent, so repeated like startConversion.
     */
    async startDirectConversion(localPath, fileName, format, signal) {
        const context = {
            operation: 'start conversion',
            kind: 'start',
            storageKey: fileName,
            idempotent: false,
        };
        const service = this.#service;
        return service.send(context, signal, async () => {
            const url = new URL('conversion/async', service.apiRoot);
            url.searchParams.set('format', format);
            const { size } = await (0,promises_.stat)(localPath);
            const form = multipartFileForm('File', fileName, size);
            return {
                method: 'PUT',
                url,
                headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
                body: () => multipartFileBody(form, localPath, size),
                read: async (response, progress) => readOperationId(response, progress, context, service.redact),
            };
        });
    }
    /** Stream the result of a finished direct conversion to localPath; the file appears only once complete. */
    async downloadResult(operationId, localPath, signal, limit) {
        const url = new URL('conversion/async/result', this.#service.apiRoot);
        url.searchParams.set('id', operationId);
        const context = { operation: 'download', kind: 'download', idempotent: true };
        await downloadTo(this.#service, context, url, localPath, signal, limit);
    }
    /** One status check of an asynchronous operation. */
    async getOperation(operationId, signal) {
        const context = { operation: 'status', kind: 'status', idempotent: true };
        const service = this.#service;
        return service.send(context, signal, () => {
            const url = new URL('conversion/async', service.apiRoot);
            url.searchParams.set('id', operationId);
            return {
                method: 'GET',
                url,
                read: async (response, progress) => parseOperation(await service.readJson(response, progress, context), operationId, context, service.redact),
            };
        });
    }
    /** Every source format the service reads, with the formats it can convert each into. */
    async getSupportedFormats(signal) {
        const context = { operation: 'list formats', kind: 'formats', idempotent: true };
        const service = this.#service;
        return service.send(context, signal, () => ({
            method: 'GET',
            url: new URL('conversion/formats', service.apiRoot),
            read: async (response, progress) => parseFormats(await service.readJson(response, progress, context, MAX_FORMAT_LIST_BYTES), context),
        }));
    }
}
/** An operation id is a GUID; an answer that is not a JSON string is taken as an id only in this shape. */
const BARE_OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The start's answer is an id; far larger is not one. */
const MAX_START_ANSWER_BYTES = 64 * 1024;
/**
 * The id a start answers: documented as a JSON string (`"ecbfa56b-…"`); an object with `id` is read too. The
 * Python SDK falls back to the raw text when the answer is not JSON, so bare text that looks like an id is one.
 */
async function readOperationId(response, progress, context, redact) {
    const { text, truncated } = await readText(response, progress, MAX_START_ANSWER_BYTES);
    if (truncated)
        throw unexpectedAnswer(context, `an answer larger than ${MAX_START_ANSWER_BYTES} bytes`);
    let answer;
    try {
        answer = JSON.parse(text);
    }
    catch {
        // Not JSON: the Python SDK takes the raw text as the id.
        const bare = text.trim();
        if (BARE_OPERATION_ID.test(bare))
            return bare;
        const start = redact(text.slice(0, 1000)).slice(0, 200);
        throw unexpectedAnswer(context, `an answer that is neither JSON nor an operation id: ${JSON.stringify(start)}`);
    }
    // The documented JSON string, or an object with `id`.
    const id = typeof answer === 'string' ? answer : isRecord(answer) ? pick(answer, 'id') : undefined;
    if (typeof id === 'string' && id.trim() !== '')
        return id.trim();
    // A number is JSON too; the Python SDK reads it as its text.
    if (typeof answer === 'number' && BARE_OPERATION_ID.test(text.trim()))
        return text.trim();
    throw unexpectedAnswer(context, 'no operation id');
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/result-location.js
/**
 * Where a stored result is fetched from. The service lists each result as `{name, size, path, url}`; the
 * documentation's examples also leave `path` out, and give `url` as a storage key (`converted/one-page.pdf`), a key
 * prefixed with a storage name (`MyStorage:converted/one-page.pdf`) or a full URL
 * (`https://api.groupdocs.cloud/v2.0/conversion/storage/file/converted/one-page.pdf`). See test/emulator/CONFORMANCE.md.
 *
 * Credentials go only to the configured API: a URL on any other origin is refused, never fetched.
 */

/** `MyStorage:converted/a.pdf`: a storage name (no `/`, no `:`), a colon, and a key that is not `//…`. */
const STORAGE_PREFIXED = /^([^/:]+):(?!\/\/)(.+)$/s;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** Reads where a result is; throws a non-retryable GroupDocsApiError naming why when it cannot be fetched safely. */
function locateResult(result, api) {
    if (result.path !== '')
        return { kind: 'storage', storageKey: result.path };
    const url = result.url?.trim() ?? '';
    if (url === '')
        return refuse('the service gave neither a path nor a url for a result file');
    if (URL_SCHEME.test(url))
        return fullUrl(url, api);
    const prefixed = STORAGE_PREFIXED.exec(url);
    if (prefixed === null)
        return { kind: 'storage', storageKey: url };
    const [, storage, key] = prefixed;
    // The conversion wrote into the storage this client named (the default one when none): a result said to be in
    // another named storage is not the one asked for.
    if (api.storageName !== undefined && storage !== api.storageName) {
        return refuse('the service placed a result in another storage than the configured storage-name');
    }
    return { kind: 'storage', storageKey: key };
}
function fullUrl(text, api) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return refuse('the service gave a result url that is not a valid URL');
    }
    if (url.origin !== api.apiRoot.origin || url.username !== '' || url.password !== '') {
        return refuse('the service gave a result only as a URL on another host than the configured API (api-base-url); ' +
            'it was not downloaded, so no credentials were sent there');
    }
    url.hash = '';
    return { kind: 'url', url };
}
function refuse(reason) {
    throw new GroupDocsApiError({ operation: 'download', code: 'RESULT_LOCATION', reason, retryable: false });
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/storage.js







/** The service's file storage: upload, download, exists, delete. Keys are `/`-separated (see storage-key.ts). */
class StorageApi {
    #service;
    constructor(service) {
        this.#service = service;
    }
    /** PUT the local file to storage as multipart/form-data (part `File`), streamed from disk. */
    async uploadFile(localPath, storageKey, signal) {
        const context = { operation: 'upload', kind: 'upload', storageKey, idempotent: true };
        const service = this.#service;
        await service.send(context, signal, async () => {
            const url = service.storageUrl('conversion/storage/file/', storageKey);
            // Measured on every attempt: each attempt re-opens the file.
            const { size } = await (0,promises_.stat)(localPath);
            const form = multipartFileForm('File', storageKeyFileName(storageKey), size);
            return {
                method: 'PUT',
                url,
                headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
                body: () => multipartFileBody(form, localPath, size),
                read: async (response, progress) => {
                    const answer = await service.readJson(response, progress, context);
                    const errors = isRecord(answer) ? pick(answer, 'errors') : undefined;
                    if (Array.isArray(errors) && errors.length > 0) {
                        const detail = uploadErrorDetail(errors, service.redact);
                        throw new GroupDocsApiError({
                            ...context,
                            status: response.statusCode,
                            code: detail.code,
                            serverMessage: detail.message ?? 'the server reported an upload error',
                            retryable: false,
                        });
                    }
                },
            };
        });
    }
    /**
     * Stream a stored file to localPath; the file appears only once complete. With a limit, a download that passes it
     * (by its Content-Length, or as bytes arrive) is stopped, its partial file removed, and not repeated.
     */
    async downloadFile(storageKey, localPath, signal, limit) {
        const context = { operation: 'download', kind: 'download', storageKey, idempotent: true };
        // Built inside the call, so a bad key fails as this call's error.
        await downloadTo(this.#service, context, () => this.#service.storageUrl('conversion/storage/file/', storageKey), localPath, signal, limit);
    }
    /**
     * Stream a result to localPath from where the service said it is (see result-location.ts): a storage key, or a
     * URL on the configured API's origin, through the same bounded download.
     */
    async downloadLocated(location, localPath, signal, limit) {
        if (location.kind === 'storage')
            return this.downloadFile(location.storageKey, localPath, signal, limit);
        const context = { operation: 'download', kind: 'download', idempotent: true };
        await downloadTo(this.#service, context, location.url, localPath, signal, limit);
    }
    /** Whether a file (or folder) is in storage. */
    async fileExists(storageKey, signal) {
        const context = { operation: 'exists', kind: 'exists', storageKey, idempotent: true };
        return this.#service.send(context, signal, () => ({
            method: 'GET',
            url: this.#service.storageUrl('conversion/storage/exist/', storageKey),
            read: async (response, progress) => {
                const answer = await this.#service.readJson(response, progress, context);
                const exists = isRecord(answer) ? pick(answer, 'exists') : undefined;
                if (typeof exists !== 'boolean')
                    throw unexpectedAnswer(context, 'no "exists" field');
                return exists;
            },
        }));
    }
    /** Delete a stored file. A file that is already gone counts as deleted. */
    async deleteFile(storageKey, signal) {
        await this.#delete('delete file', 'conversion/storage/file/', storageKey, signal, false);
    }
    /** Delete a stored folder and everything in it. A folder that is already gone counts as deleted. */
    async deleteFolder(storageKey, signal) {
        await this.#delete('delete folder', 'conversion/storage/folder/', storageKey, signal, true);
    }
    async #delete(operation, route, storageKey, signal, recursive) {
        const context = {
            operation,
            kind: 'delete',
            storageKey,
            idempotent: true,
            absentIsSuccess: true,
        };
        await this.#service.send(context, signal, () => {
            const url = this.#service.storageUrl(route, storageKey);
            if (recursive)
                url.searchParams.set('recursive', 'true');
            return {
                method: 'DELETE',
                url,
                read: async (response, progress) => {
                    await readText(response, progress, MAX_ERROR_BODY_BYTES);
                },
            };
        });
    }
}
function uploadErrorDetail(errors, redact) {
    const messages = [];
    let code;
    for (const item of errors) {
        const detail = parseErrorBody(JSON.stringify(item), redact);
        code ??= detail.code;
        if (detail.message !== undefined)
            messages.push(detail.message);
    }
    return { code, message: messages.length > 0 ? messages.join('; ') : undefined };
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/client.js





/**
 * HTTP client for GroupDocs.Conversion Cloud v2.0: authentication, retries with backoff, streaming uploads and
 * downloads in bounded memory, cancellation, and errors that say what failed and why.
 *
 * One object for the engine and the font upload: the parts (storage.ts, conversions.ts) share one token, one retry
 * policy, one redactor and one call account (service-calls.ts), which this facade builds once from one set of
 * options.
 */
class GroupDocsClient {
    /** Every request this client sent, by kind. */
    calls;
    #service;
    #storage;
    #conversions;
    constructor(options) {
        const service = new ServiceCalls(options);
        this.#service = service;
        this.calls = service.calls;
        this.#storage = new StorageApi(service);
        this.#conversions = new ConversionsApi(service);
    }
    /** PUT the local file to storage as multipart/form-data (part `File`), streamed from disk. */
    uploadFile(localPath, storageKey, signal) {
        return this.#storage.uploadFile(localPath, storageKey, signal);
    }
    /** Stream a stored file to localPath; the file appears only once complete (see StorageApi.downloadFile). */
    downloadFile(storageKey, localPath, signal, limit) {
        return this.#storage.downloadFile(storageKey, localPath, signal, limit);
    }
    /**
     * Where a result listed by a finished operation is fetched from. Throws (GroupDocsApiError, code
     * RESULT_LOCATION) for a result that cannot be fetched safely, e.g. a URL on another host than the configured API.
     */
    locateResult(result) {
        return locateResult(result, this.#service);
    }
    /** Stream a located result to localPath; the file appears only once complete. */
    downloadLocated(location, localPath, signal, limit) {
        return this.#storage.downloadLocated(location, localPath, signal, limit);
    }
    /** Whether a file (or folder) is in storage. */
    fileExists(storageKey, signal) {
        return this.#storage.fileExists(storageKey, signal);
    }
    /** Delete a stored file. A file that is already gone counts as deleted. */
    deleteFile(storageKey, signal) {
        return this.#storage.deleteFile(storageKey, signal);
    }
    /** Delete a stored folder and everything in it. A folder that is already gone counts as deleted. */
    deleteFolder(storageKey, signal) {
        return this.#storage.deleteFolder(storageKey, signal);
    }
    /** Start an asynchronous convert-and-save of a stored file; returns the operation id. */
    startConversion(request, signal) {
        return this.#conversions.startConversion(request, signal);
    }
    /** Start an asynchronous conversion of a local file sent with the request (the direct flow). */
    startDirectConversion(localPath, fileName, format, signal) {
        return this.#conversions.startDirectConversion(localPath, fileName, format, signal);
    }
    /** One status check of an asynchronous operation. */
    getOperation(operationId, signal) {
        return this.#conversions.getOperation(operationId, signal);
    }
    /** Stream the result of a finished direct conversion to localPath; the file appears only once complete. */
    downloadResult(operationId, localPath, signal, limit) {
        return this.#conversions.downloadResult(operationId, localPath, signal, limit);
    }
    /** Every source format the service reads, with the formats it can convert each into. */
    getSupportedFormats(signal) {
        return this.#conversions.getSupportedFormats(signal);
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/fonts.js
/**
 * The repository's fonts in the service's storage, for `fontsPath`. Every storage call is billed, so a set of fonts
 * is uploaded once into a folder named by its content and reused by every later run with the same set; that folder
 * is not part of the run's folder and outlives it.
 */




/** Where content-addressed font sets live in storage. */
const FONTS_ROOT = 'convert-documents-action/fonts';
/** The set's folder and keys. The hash covers each file's name and content, so any change makes a new folder. */
async function fontSetOf(fonts) {
    const digest = (0,external_node_crypto_.createHash)('sha256');
    for (const relative of fonts.files) {
        digest.update(`${relative}\0${await sha256Of(external_node_path_.join(fonts.directory, relative))}\n`);
    }
    const folder = `${FONTS_ROOT}/${digest.digest('hex')}`;
    return {
        folder,
        // One flat folder: subfolder names become part of the file name.
        fonts: fonts.files.map((relative) => ({
            localPath: external_node_path_.join(fonts.directory, relative),
            key: `${folder}/${relative.replaceAll('/', '-')}`,
        })),
    };
}
/**
 * Uploads the set unless a previous run already did; returns the folder for `fontsPath`. Files go up one after
 * another in a fixed order, so finding the last one is proof that the earlier ones arrived: one billed check
 * instead of one per font.
 */
async function uploadFontSetOnce(client, set, signal) {
    const last = set.fonts.at(-1);
    if (last === undefined || (await client.fileExists(last.key, signal))) {
        return { folder: set.folder, uploaded: 0 };
    }
    for (const font of set.fonts)
        await client.uploadFile(font.localPath, font.key, signal);
    return { folder: set.folder, uploaded: set.fonts.length };
}
async function sha256Of(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/page-names.js
/** Each format's other spelling, both ways. */
const OTHER_SPELLING = {
    jpg: 'jpeg',
    jpeg: 'jpg',
    tif: 'tiff',
    tiff: 'tif',
};
/** The names to place for a job's results: as sent, but pages in the plan's spelling (see above). */
function pageNamesAsPlanned(job, results) {
    const names = results.map((result) => result.name);
    if (names.length < 2)
        return names;
    const format = job.format.toLowerCase();
    const extensions = [format, OTHER_SPELLING[format]].filter((ext) => ext !== undefined);
    const prefix = job.source.stem;
    return names.map((name) => {
        const page = pageNumberOf(name, prefix, extensions);
        return page === undefined ? name : `${prefix}-page-${page}.${job.format}`;
    });
}
/**
 * The page number in `<stem><separator><page><.ext>`: the separator is `-`, `_`, `.` or spaces, around an optional
 * word `page`; something must separate the stem from the number, which may have leading zeros (up to 6 digits).
 */
function pageNumberOf(name, stem, extensions) {
    if (!name.startsWith(stem))
        return undefined;
    const dot = name.lastIndexOf('.');
    if (dot <= stem.length || !extensions.includes(name.slice(dot + 1).toLowerCase()))
        return undefined;
    const match = /^([-_. ]*(?:page)?[-_. ]*)(\d{1,6})$/i.exec(name.slice(stem.length, dot));
    if (match === null || match[1] === '')
        return undefined;
    return String(Number(match[2]));
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/engine.js






/** Starts of one job, counting those whose answer was lost after the request reached the server. */
const MAX_START_ATTEMPTS = 3;
/**
 * The async convert-and-save flow (upload to the run's folder, start, check, download, delete the folder), or for
 * the jobs `directFlow` picks, the direct flow (start with the document, check, fetch the result).
 */
class GroupDocsEngine {
    #client;
    #options;
    /** One upload per source document, shared by its jobs (one per target format). */
    #uploads = new Map();
    /** Job id → operation id, for jobs started by the direct flow. */
    #directOperations = new Map();
    #storageTouched = false;
    #fontsFolder;
    constructor(client, options) {
        this.#client = client;
        this.#options = options;
    }
    async supportedTargets(signal) {
        const formats = await this.#client.getSupportedFormats(signal).catch(rethrowIfCredentialsRejected);
        return new Map(formats.map((f) => [f.sourceFormat.toLowerCase(), f.targetFormats.map((t) => t.toLowerCase())]));
    }
    async submit(job, signal) {
        if (this.#options.directFlow?.(job)) {
            const name = external_node_path_.posix.basename(job.source.workspacePath);
            const operationId = await startWithRepeats(() => this.#client.startDirectConversion(job.source.absolutePath, name, job.format, signal)).catch(rethrowIfCredentialsRejected);
            this.#directOperations.set(job.id, operationId);
            return operationId;
        }
        const fontsPath = await this.#fontsOnce(signal)?.catch(rethrowIfCredentialsRejected);
        const inputKey = await this.#uploadOnce(job, signal).catch(rethrowIfCredentialsRejected);
        // A fresh output folder per attempt: if a lost answer hid a conversion that did start, its outputs cannot mix
        // with those of the repeat (and the run folder's deletion removes both).
        return startWithRepeats((attempt) => this.#client.startConversion({
            filePath: inputKey,
            format: job.format,
            outputPath: `${this.#options.runFolder}/output/${job.id}/${attempt}`,
            ...(this.#options.loadOptions ? { loadOptions: { ...this.#options.loadOptions } } : {}),
            ...(this.#options.convertOptions ? { convertOptions: { ...this.#options.convertOptions } } : {}),
            ...(fontsPath === undefined ? {} : { fontsPath }),
        }, signal));
    }
    async check(operationId, signal) {
        return stateOf(await this.#client.getOperation(operationId, signal));
    }
    async collect(job, outputs, signal) {
        const directOperation = this.#directOperations.get(job.id);
        if (directOperation !== undefined)
            return this.#collectDirect(job, directOperation, outputs, signal);
        if (outputs.length === 0)
            throw new Error('the service reported success but returned no output file');
        // Every name and size is judged before anything is written, so a hostile list leaves nothing behind.
        const localPaths = this.#options.outputs.place(job, pageNamesAsPlanned(job, outputs));
        const refusal = this.#options.downloads.refusal(outputs.map((output) => output.size));
        if (refusal !== undefined)
            throw new Error(refusal);
        const locations = outputs.map((output) => this.#client.locateResult(output));
        const written = [];
        try {
            for (const [i, output] of outputs.entries()) {
                const localPath = localPaths[i];
                await this.#client.downloadLocated(locations[i], localPath, signal, this.#options.downloads.limitFor(output.size));
                written.push(localPath);
            }
        }
        catch (error) {
            // All pages or none: a half-downloaded result must not be mistaken for a whole one.
            await Promise.all(written.map((file) => (0,promises_.rm)(file, { force: true })));
            throw error;
        }
        return written;
    }
    async cleanup(signal) {
        if (!this.#storageTouched)
            return false;
        await this.#client.deleteFolder(this.#options.runFolder, signal);
        return true;
    }
    async #collectDirect(job, operationId, outputs, signal) {
        // The result of a direct conversion with several files is a zip, not any one of them.
        if (outputs.length > 1) {
            throw new Error(`the service made ${outputs.length} files where one was expected; nothing was written`);
        }
        const localPath = external_node_path_.join(job.outputDirectory, external_node_path_.posix.basename(job.expectedOutput));
        const declared = outputs[0]?.size ?? 0;
        const refusal = this.#options.downloads.refusal([declared]);
        if (refusal !== undefined)
            throw new Error(refusal);
        await this.#client.downloadResult(operationId, localPath, signal, this.#options.downloads.limitFor(declared));
        return [localPath];
    }
    /** The fonts folder, uploaded by the first job that needs it; undefined without fonts-dir. */
    #fontsOnce(signal) {
        const fonts = this.#options.fonts;
        if (fonts === undefined)
            return undefined;
        if (!this.#fontsFolder) {
            const ready = fontSetOf(fonts)
                .then((set) => uploadFontSetOnce(this.#client, set, signal))
                .then(({ folder, uploaded }) => {
                this.#options.onFontsReady?.(folder, uploaded);
                return folder;
            });
            // A failed upload is not kept: the next job tries again.
            ready.catch(() => {
                if (this.#fontsFolder === ready)
                    this.#fontsFolder = undefined;
            });
            this.#fontsFolder = ready;
        }
        return this.#fontsFolder;
    }
    #uploadOnce(job, signal) {
        let upload = this.#uploads.get(job.documentIndex);
        if (!upload) {
            // The name the user sees (a symlink's own name, not its target's): the service names its results after it.
            const key = `${this.#options.runFolder}/input/${job.documentIndex}/${external_node_path_.posix.basename(job.source.workspacePath)}`;
            upload = this.#client.uploadFile(job.source.absolutePath, key, signal).then(() => key);
            // A failed upload is not cached: the next job of the same source tries again.
            upload.catch(() => this.#uploads.delete(job.documentIndex));
            this.#uploads.set(job.documentIndex, upload);
            this.#storageTouched = true;
        }
        return upload;
    }
}
/** Rejected credentials fail every later call too: say so once for the run (see ServiceUnusableError). */
function rethrowIfCredentialsRejected(error) {
    if (error instanceof GroupDocsApiError && error.operation === 'authenticate' && !error.retryable) {
        throw new ServiceUnusableError(error.message, { cause: error });
    }
    throw error;
}
/** Starts a conversion, again when the answer to a start was lost (see answerWasLost). */
async function startWithRepeats(start) {
    for (let attempt = 1;; attempt++) {
        try {
            return await start(attempt);
        }
        catch (error) {
            if (attempt >= MAX_START_ATTEMPTS || !answerWasLost(error))
                throw error;
        }
    }
}
/**
 * The client does not repeat a start that may have reached the server (it is not idempotent). The engine can, because
 * each attempt writes to its own output folder: a duplicate conversion costs server time but never a wrong result.
 */
function answerWasLost(error) {
    return (error instanceof GroupDocsApiError &&
        error.reachedServer &&
        (error.status === undefined || error.status === 500 || error.status === 502 || error.status === 504));
}
function stateOf(operation) {
    switch (operation.status) {
        case 'Finished':
            return {
                state: 'finished',
                outputs: operation.result.map((r) => ({
                    name: r.name,
                    path: r.path,
                    size: r.size,
                    ...(r.url === undefined ? {} : { url: r.url }),
                })),
                ...durationOf(operation),
            };
        case 'Failed':
            return { state: 'failed', error: operation.error || 'the service reported the conversion failed' };
        case 'Canceled':
            return { state: 'failed', error: 'the service canceled the conversion' };
        default:
            return { state: 'pending' };
    }
}
function durationOf(operation) {
    const created = Date.parse(operation.created ?? '');
    const finished = Date.parse(operation.finished ?? '');
    return Number.isFinite(created) && Number.isFinite(finished) && finished >= created
        ? { durationMs: finished - created }
        : {};
}

;// CONCATENATED MODULE: ./lib/convert/engines/groupdocs/flow-choice.js
/**
 * Which of the service's two asynchronous flows converts a job. The storage flow (upload, start, status, download,
 * and one folder delete per run) shares one upload among a document's target formats and takes load and convert
 * options. The direct flow (start with the document in the request, status, result) saves the upload and the
 * delete, two billed calls, but sends the document once per format, cannot carry options or fonts, and returns a zip when a
 * target gives several files. So it is used only where it is cheaper and gives the same result.
 */

/** GroupDocs bills one more credit per further 20 MB of a file sent; sending a big file twice costs more. */
const BILLING_UNIT_BYTES = 20 * 1000 * 1000;
/** True when `job` is better converted by the direct flow. */
function usesDirectFlow(job, settings) {
    if (settings.loadOptions !== undefined || settings.convertOptions !== undefined)
        return false;
    if (settings.engine?.fonts !== undefined)
        return false;
    if (isImageFormat(job.format))
        return false;
    if (settings.formats.length === 1)
        return true;
    // Another format of the document takes the storage flow: its upload is made anyway and shared at no extra call.
    if (settings.formats.some(isImageFormat))
        return false;
    return job.source.sizeBytes <= BILLING_UNIT_BYTES;
}

;// CONCATENATED MODULE: ./lib/convert/engines/identity.js
function groupDocsIdentity(settings) {
    return {
        engineId: 'groupdocs-conversion-cloud',
        details: { baseUrl: settings.apiBaseUrl, storageName: settings.storageName },
    };
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/confinement.js
/**
 * What every LibreOffice process runs inside: a memory limit, and a network namespace of its own (no interface but
 * loopback) where the kernel lets one be made, so a document's external image, link or style sheet cannot be
 * fetched, and nothing on the runner's network can be reached from a document.
 */

/** Address space per process: a normal conversion maps about 0.6 GB; one that swells past this is stopped. */
const MEMORY_LIMIT_BYTES = 3 * 1024 ** 3;
/** `ulimit -v` takes KiB; exec keeps the process id, so the process group is still the one the engine kills. */
function memoryLimited(command, args, limitBytes) {
    const kib = Math.floor(limitBytes / 1024);
    return ['-c', `ulimit -v ${kib} && exec "$0" "$@"`, command, ...args];
}
function confinementWith(namespacePrefix, pipeUid, limitBytes = MEMORY_LIMIT_BYTES, route = 'unshare') {
    return {
        network: namespacePrefix ? 'namespace' : 'shared',
        route: namespacePrefix ? route : 'none',
        pipeUid,
        wrap(command, args, env) {
            const limited = memoryLimited(command, args, limitBytes);
            if (!namespacePrefix)
                return { command: '/bin/sh', args: limited };
            const [first, ...rest] = typeof namespacePrefix === 'function' ? namespacePrefix(env) : namespacePrefix;
            return { command: first, args: [...rest, '/bin/sh', ...limited] };
        },
    };
}
function processIdentity() {
    return { uid: process.geteuid?.() ?? -1, gid: process.getegid?.() ?? -1 };
}
/**
 * Root makes the network namespace, then drops straight back to the runner's own user and groups before anything
 * else runs. sudo resets the environment, so the allowlisted one is set again with `env -i`; no-new-privs keeps a
 * LibreOffice from calling sudo itself. Without a terminal sudo keeps its command in its own process group, so the
 * engine's group kill still reaches every LibreOffice process (they run as the runner's user).
 */
function sudoNamespacePrefix(uid, gid, env) {
    return [
        'sudo',
        '-n',
        '--',
        'unshare',
        '--net',
        '--',
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${gid}`,
        '--init-groups',
        '--no-new-privs',
        '--',
        'env',
        '-i',
        ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    ];
}
/**
 * The strongest confinement this runner allows: an unprivileged user namespace with its own network (most Linux
 * runners); else, as root, a network namespace alone; else, where sudo works without a password (GitHub-hosted
 * Ubuntu 24.04 restricts unprivileged user namespaces), a namespace made by root for a LibreOffice that runs as the
 * runner's user; else none (the engine then refuses documents that would reach out, see external-references/).
 */
async function probeConfinement(env, context = { ...processIdentity(), sudo: false }) {
    const candidates = [
        { prefix: ['unshare', '--net', '--map-root-user', '--'], uid: 0 },
    ];
    if (context.uid === 0)
        candidates.push({ prefix: ['unshare', '--net', '--'], uid: 0 });
    for (const candidate of candidates) {
        if (await succeeds(candidate.prefix, env))
            return confinementWith(candidate.prefix, candidate.uid);
    }
    if (context.uid !== 0 && context.sudo && (await succeeds(['sudo', '-n', '--'], env, 'true'))) {
        const prefixFor = (childEnv) => sudoNamespacePrefix(context.uid, context.gid, childEnv);
        if (await succeeds(prefixFor(env), env))
            return confinementWith(prefixFor, context.uid, MEMORY_LIMIT_BYTES, 'sudo');
    }
    return confinementWith(undefined, context.uid);
}
/** Whether `prefix` runs a command: a shell that exits 0, or `command` alone. */
function succeeds(prefix, env, command) {
    const [first, ...args] = prefix;
    const rest = command === undefined ? ['/bin/sh', '-c', 'exit 0'] : [command];
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(first, [...args, ...rest], { env, timeout: 10_000 }, (error) => resolve(error === null));
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/environment.js
/**
 * The environment LibreOffice runs with: an allowlist, not the runner's environment less a few names. Tokens
 * (GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN), the action's inputs (INPUT_*) and anything else the job set never reach a
 * process that opens untrusted documents.
 */
/** Passed through from the runner when set: where programs are, and the language and time zone documents print in. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC', 'LC_TIME', 'TZ'];
function libreOfficeEnvironment(runner, options) {
    const env = {};
    for (const name of PASSED_THROUGH) {
        const value = runner[name];
        if (value !== undefined && value !== '')
            env[name] = value;
    }
    env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
    env.HOME = options.home;
    env.TMPDIR = options.temporaryDirectory;
    // A base configuration the job chose (FONTCONFIG_FILE) is a path, not a secret: the run's own includes it.
    const fontconfig = options.fontconfigFile ?? runner.FONTCONFIG_FILE;
    if (fontconfig)
        env.FONTCONFIG_FILE = fontconfig;
    return env;
}

// EXTERNAL MODULE: ./node_modules/parse5/dist/index.js + 17 modules
var dist = __webpack_require__(63194);
;// CONCATENATED MODULE: ./lib/convert/engines/page-references/css.js
/** What CSS text loads: the addresses of its `url(…)` and `@import "…"`. */
function cssAddresses(css) {
    // Comments are dropped first: `url(/**/http://…)` must not hide the address.
    const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
    const found = [];
    for (const [, , address = ''] of text.matchAll(/url\(\s*(["']?)([^"')]*)/gi)) {
        found.push({ address, written: `url(${address})` });
    }
    for (const [, address = ''] of text.matchAll(/@import\s+["']([^"']*)/gi)) {
        found.push({ address, written: `@import ${address}` });
    }
    return found;
}

;// CONCATENATED MODULE: ./lib/convert/engines/page-references/html.js
/**
 * What an HTML page makes a reader load: the src, href, data and background addresses of the elements that load
 * them, and CSS url()/@import in style attributes and <style>. Tokenised with parse5 as the file streams, so a
 * page of any size is read in bounded memory. Shared by LibreOffice's external-reference scan and the browser's
 * list of the workspace files a page uses.
 */


/** A <style> element's text is held up to this to be read whole; a longer one is refused. */
const MAX_STYLE_CHARS = 1024 * 1024;
/** Element → its attributes that LibreOffice (or any HTML reader) loads. `background` and `style` count on all. */
const LOADING_ATTRIBUTES = {
    img: ['src', 'lowsrc', 'srcset', 'dynsrc'],
    image: ['src', 'href'],
    input: ['src'],
    script: ['src'],
    iframe: ['src'],
    frame: ['src'],
    embed: ['src'],
    object: ['data', 'codebase'],
    applet: ['code', 'codebase', 'archive'],
    link: ['href'],
    base: ['href'],
    bgsound: ['src'],
    audio: ['src'],
    video: ['src', 'poster'],
    source: ['src', 'srcset'],
    track: ['src'],
};
const TEXT_MODES = {
    style: dist/* TokenizerMode */.V_.RAWTEXT,
    script: dist/* TokenizerMode */.V_.SCRIPT_DATA,
    textarea: dist/* TokenizerMode */.V_.RCDATA,
    title: dist/* TokenizerMode */.V_.RCDATA,
};
function attributeAddresses(tagName, name, value) {
    if (name === 'style') {
        return cssAddresses(value).map(({ address, written }) => ({
            address,
            written: `<${tagName} style> ${written}`,
        }));
    }
    const loads = name === 'background' || (LOADING_ATTRIBUTES[tagName] ?? []).includes(name);
    if (!loads)
        return [];
    // srcset is a list: `a.png 1x, http://… 2x`.
    const addresses = name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
    return addresses.map((address) => ({ address, written: `<${tagName} ${name}> ${address}` }));
}
/**
 * Calls `visit` with each address the page loads, in page order, until it returns true. Throws on a <style> past
 * MAX_STYLE_CHARS (its addresses could not all be seen).
 */
async function visitHtmlAddresses(chunks, visit) {
    let stopped = false;
    let style;
    const see = (found) => {
        for (const one of found)
            if (!stopped)
                stopped = visit(one) === true;
    };
    const styleAddresses = (css) => cssAddresses(css).map(({ address, written }) => ({ address, written: `<style> ${written}` }));
    const tokenizer = new dist/* Tokenizer */._F({}, {
        onStartTag(token) {
            for (const { name, value } of token.attrs)
                see(attributeAddresses(token.tagName, name, value));
            const mode = TEXT_MODES[token.tagName];
            if (mode !== undefined && !token.selfClosing)
                tokenizer.state = mode;
            if (token.tagName === 'style')
                style = '';
        },
        onEndTag(token) {
            if (token.tagName === 'style' && style !== undefined) {
                see(styleAddresses(style));
                style = undefined;
            }
        },
        onCharacter(token) {
            if (style === undefined)
                return;
            style += token.chars;
            if (style.length > MAX_STYLE_CHARS)
                throw new Error(`it has a <style> longer than ${MAX_STYLE_CHARS} characters`);
        },
        onWhitespaceCharacter(token) {
            if (style !== undefined)
                style += token.chars;
        },
        onNullCharacter() { },
        onComment() { },
        onDoctype() { },
        onEof() { },
    });
    for await (const chunk of chunks) {
        tokenizer.write(chunk, false);
        if (stopped)
            return;
    }
    tokenizer.write('', true);
    // A <style> left open at the end is read as far as it goes.
    if (style !== undefined)
        see(styleAddresses(style));
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/fetchable.js
/** Whether LibreOffice would fetch what a reference names: a URL of any scheme, a `//host` or `\\host` path. */
/** Schemes that carry their content inline or name a part of the package itself: nothing is fetched. */
const INLINE_SCHEMES = new Set(['data', 'vnd.sun.star.package', 'vnd.sun.star.script']);
function isFetchable(reference) {
    // Whitespace and control characters are dropped first: a URL parser may skip them (`h\ttp:`), the check must not.
    const compact = reference.replace(/[\p{Cc}\s]/gu, '');
    if (/^[\\/]{2}/.test(compact))
        return true;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
    return scheme !== undefined && !INLINE_SCHEMES.has(scheme.toLowerCase());
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/html.js
/** What an HTML page makes LibreOffice fetch: the first address of page-references/html.ts that is fetchable. */


/** The first reference LibreOffice would fetch, or undefined. Throws on a <style> past MAX_STYLE_CHARS. */
async function htmlReference(chunks) {
    let found;
    await visitHtmlAddresses(chunks, ({ address, written }) => {
        if (!isFetchable(address))
            return false;
        found = written;
        return true;
    });
    return found;
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/rtf.js
/**
 * What an RTF document makes LibreOffice load: the file or address of an INCLUDEPICTURE, INCLUDETEXT, IMPORT or
 * LINK field. Read as text in chunks; a window of the previous chunk's end is kept so a field cut in two is seen.
 */

const OVERLAP_CHARS = 4096;
const FIELD = /\b(INCLUDEPICTURE|INCLUDETEXT|IMPORT|LINK)\b[\s\S]{0,400}/gi;
const ADDRESS = /(?:[a-z][a-z0-9+.-]*:|\\\\\\\\|\\\\|\/\/)[^\s"}]*/i;
async function rtfReference(chunks) {
    let tail = '';
    let first = true;
    for await (const chunk of chunks) {
        const text = tail + chunk;
        if (first && text.length >= 5) {
            first = false;
            // LibreOffice recognises a file by its content: anything else named .rtf is not what this scanner reads.
            if (!/^\s*\{\\rtf/i.test(text))
                throw new Error('it is named .rtf but does not begin as RTF');
        }
        for (const [field, name] of text.matchAll(FIELD)) {
            const address = ADDRESS.exec(field.slice(name.length))?.[0];
            if (address !== undefined && isFetchable(address.replaceAll('\\\\', '\\')))
                return `${name} ${address}`;
        }
        tail = text.slice(-OVERLAP_CHARS);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./lib/convert/engines/page-references/text-chunks.js
/** A text file read in chunks, for the scanners that read HTML, RTF and flat XML as they stream. */

/**
 * The chunks of `stream` as UTF-8 text. A NUL character means another encoding (UTF-16, a binary file named as
 * text) that LibreOffice may read but these scanners would not: that is refused, not passed as clean.
 */
async function* utf8Chunks(stream) {
    stream.setEncoding('utf8');
    for await (const chunk of stream) {
        if (chunk.includes('\u0000')) {
            stream.destroy();
            throw new Error('it is not UTF-8 text (it holds NUL characters)');
        }
        yield chunk;
    }
}
function fileChunks(file) {
    return utf8Chunks((0,external_node_fs_.createReadStream)(file, { highWaterMark: 64 * 1024 }));
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/xml-judges.js
/**
 * What a start tag of an office document's XML makes LibreOffice load from outside the file. A reference whose
 * value uses an entity of the document's own cannot be read here, so it counts as external.
 */

/** Elements whose `href` is followed only when someone clicks: ODF's text:a and draw:a, and event listeners. */
const CLICKED_ONLY = new Set(['a', 'event-listener']);
/**
 * An OOXML relationship (`_rels/*.rels`) to something outside the package that is not a plain hyperlink: an
 * image, an OLE object, an attached template, a frame, a subdocument, an external workbook…
 */
function ooxmlRelationship(tag) {
    if (tag.localName !== 'Relationship' || !tag.attributes.has('TargetMode'))
        return undefined;
    const mode = tag.attributes.get('TargetMode');
    if (mode !== undefined && mode.trim().toLowerCase() !== 'external')
        return undefined;
    const type = tag.attributes.get('Type');
    if (type !== undefined && /\/hyperlink$/i.test(type.trim()))
        return undefined;
    const kind = type?.trim().split('/').pop() || 'relationship';
    return `${kind} ${tag.attributes.get('Target') ?? '(a value it defines itself)'}`;
}
/**
 * An `href` (ODF's xlink:href, VML's o:href, whatever the prefix) to a URL on an element that loads it: an image,
 * an object, a style's fill image, a linked section or table, a template, a frame.
 */
function loadedHref(tag) {
    if (CLICKED_ONLY.has(tag.localName) || !tag.attributes.has('href'))
        return undefined;
    const href = tag.attributes.get('href');
    if (href !== undefined && !isFetchable(href))
        return undefined;
    return `${tag.localName} ${href ?? '(a value it defines itself)'}`;
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/xml-tags.js
/**
 * Start tags of an XML text read in chunks: what the reference scanners look at. Comments, CDATA and processing
 * instructions are skipped whole (a quote inside a comment must not hide the tag after it); no more than one tag is
 * held at a time, and a tag longer than MAX_TAG_CHARS is refused rather than buffered.
 */
const MAX_TAG_CHARS = 1024 * 1024;
/** The end of what opens at `text[start]` ('<'), one past its closing '>', or -1 while it is incomplete. */
function markupEnd(text, start) {
    const closers = [
        ['<!--', '-->'],
        ['<![CDATA[', ']]>'],
        ['<?', '?>'],
    ];
    for (const [opener, closer] of closers) {
        if (text.startsWith(opener, start)) {
            const end = text.indexOf(closer, start + opener.length);
            return end === -1 ? -1 : end + closer.length;
        }
        // An opener cut at the chunk's end: wait for the rest before deciding.
        if (opener.startsWith(text.slice(start, start + opener.length)) && text.length - start < opener.length)
            return -1;
    }
    const quoteOrEnd = /["'>]/g;
    quoteOrEnd.lastIndex = start + 1;
    for (;;) {
        const found = quoteOrEnd.exec(text);
        if (found === null)
            return -1;
        if (found[0] === '>')
            return found.index + 1;
        const close = text.indexOf(found[0], found.index + 1);
        if (close === -1)
            return -1;
        quoteOrEnd.lastIndex = close + 1;
    }
}
const PREDEFINED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** An attribute value with its references decoded; undefined when it uses an entity of the document's own. */
function decodeXmlValue(raw) {
    let unknown = false;
    const decoded = raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[^;\s&]+);/gi, (whole, name) => {
        if (name.startsWith('#')) {
            const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
            return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
        }
        const known = PREDEFINED[name];
        if (known === undefined)
            unknown = true;
        return known ?? whole;
    });
    return unknown ? undefined : decoded;
}
function localNameOf(name) {
    return name.slice(name.lastIndexOf(':') + 1);
}
function parseStartTag(markup) {
    // markup is `<…>`; end tags, declarations (<!DOCTYPE) and the skipped kinds are not start tags.
    if (/^<[/!?]/.test(markup))
        return undefined;
    const name = /^<([^\s/>]+)/.exec(markup)?.[1];
    if (name === undefined)
        return undefined;
    const attributes = new Map();
    for (const [, attribute, doubleQuoted, singleQuoted] of markup.matchAll(/([^\s=/<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes.set(localNameOf(attribute), decodeXmlValue(doubleQuoted ?? singleQuoted ?? ''));
    }
    return { localName: localNameOf(name), attributes };
}
/** Every start tag in the text `chunks` make, in order. Throws on a tag past MAX_TAG_CHARS. */
async function* xmlStartTags(chunks) {
    let pending = '';
    for await (const chunk of chunks) {
        const text = pending + chunk;
        pending = '';
        let position = 0;
        for (;;) {
            const open = text.indexOf('<', position);
            if (open === -1)
                break;
            const end = markupEnd(text, open);
            if (end === -1) {
                pending = text.slice(open);
                if (pending.length > MAX_TAG_CHARS)
                    throw new Error(`it has markup longer than ${MAX_TAG_CHARS} characters`);
                break;
            }
            const tag = parseStartTag(text.slice(open, end));
            if (tag)
                yield tag;
            position = end;
        }
    }
}

// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(20663);
;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/zip-members.js

const MAX_INFLATED_BYTES = 256 * 1024 ** 2;
const zip_members_MAX_MEMBERS = 20_000;
function openZip(file) {
    return new Promise((resolve, reject) => {
        yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip));
    });
}
function nextEntry(zip) {
    return new Promise((resolve, reject) => {
        const cleanup = () => {
            zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        };
        const onEntry = (entry) => {
            cleanup();
            resolve(entry);
        };
        const onEnd = () => {
            cleanup();
            resolve(undefined);
        };
        const onError = (error) => {
            cleanup();
            reject(error);
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
    });
}
function openMember(zip, entry) {
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream));
    });
}
/**
 * The first reference `scan` finds in a member `wanted` picks, or undefined. Throws when the file is not a zip,
 * is damaged, or holds more than the bounds allow (the caller refuses it: what cannot be read cannot be cleared).
 */
async function scanZipMembers(file, wanted, scan) {
    const zip = await openZip(file).catch((error) => {
        throw new Error(`it cannot be read as a zip package (${error.message})`);
    });
    try {
        let inflated = 0;
        for (let count = 0;; count++) {
            if (count >= zip_members_MAX_MEMBERS)
                throw new Error(`it has more than ${zip_members_MAX_MEMBERS} members`);
            const entry = await nextEntry(zip);
            if (entry === undefined)
                return undefined;
            if (entry.fileName.endsWith('/') || !wanted(entry.fileName.toLowerCase()))
                continue;
            inflated += entry.uncompressedSize;
            if (inflated > MAX_INFLATED_BYTES)
                throw new Error(`its XML inflates to more than ${MAX_INFLATED_BYTES / 1024 ** 2} MiB`);
            const stream = await openMember(zip, entry);
            try {
                const found = await scan(entry.fileName, stream);
                if (found !== undefined)
                    return found;
            }
            finally {
                stream.destroy();
            }
        }
    }
    finally {
        zip.close();
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/external-references/index.js
/**
 * Where no network namespace can be made, the engine refuses a document that would make LibreOffice fetch
 * something: this scan says what, before conversion. It reads what LibreOffice would follow in each kind of
 * source; a kind it cannot read (binary .doc/.xls/.ppt) or a file it cannot parse is refused, not passed.
 */







/** An HTML file is tokenised up to this size; a larger one is refused (a single token could otherwise grow). */
const MAX_HTML_BYTES = 64 * 1024 ** 2;
const ZIP_KINDS = new Set('docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm ppsx ppsm potx potm odt ott ods ots odp otp odg otg'.split(' '));
const FLAT_XML_KINDS = new Set(['fodt', 'fods', 'fodp', 'fodg']);
const HTML_KINDS = new Set(['html', 'htm', 'xhtml']);
/** Read with a text import filter the engine names (formats.ts): nothing in them is followed. */
const INERT_KINDS = new Set(['txt', 'csv']);
async function firstInTags(chunks, judge) {
    for await (const tag of xmlStartTags(chunks)) {
        const found = judge(tag);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
/** A package member: relationships (OOXML), and every XML or VML part for hrefs (ODF, and VML's o:href). */
function memberJudge(name) {
    if (name.toLowerCase().endsWith('.rels'))
        return (tag) => ooxmlRelationship(tag) ?? loadedHref(tag);
    return loadedHref;
}
const wantedMember = (name) => /\.(rels|xml|vml)$/.test(name);
async function scanKind(file, kind) {
    if (ZIP_KINDS.has(kind)) {
        return scanZipMembers(file, wantedMember, async (name, stream) => {
            const found = await firstInTags(utf8Chunks(stream), memberJudge(name));
            return found === undefined ? undefined : `${found} (in ${name})`;
        });
    }
    if (FLAT_XML_KINDS.has(kind)) {
        // LibreOffice recognises a file by its content: a flat XML file that is really HTML is read as HTML too.
        return (await firstInTags(fileChunks(file), loadedHref)) ?? (await htmlReference(fileChunks(file)));
    }
    if (HTML_KINDS.has(kind))
        return htmlReference(fileChunks(file));
    if (kind === 'rtf')
        return rtfReference(fileChunks(file));
    throw new Error(`this kind of file (.${kind}) cannot be checked for linked content, and without a network namespace LibreOffice could fetch what it links to`);
}
/** What LibreOffice would fetch when converting `file` (its extension lower-cased as `kind`). */
async function scanExternalReferences(file, kind) {
    if (INERT_KINDS.has(kind))
        return { verdict: 'clean' };
    try {
        if (HTML_KINDS.has(kind) || FLAT_XML_KINDS.has(kind) || kind === 'rtf') {
            const { size } = await (0,promises_.stat)(file);
            if (size > MAX_HTML_BYTES)
                return {
                    verdict: 'unreadable',
                    reason: `it is over ${MAX_HTML_BYTES / 1024 ** 2} MiB, too large to check for linked content`,
                };
        }
        const reference = await scanKind(file, kind);
        return reference === undefined ? { verdict: 'clean' } : { verdict: 'external', reference };
    }
    catch (error) {
        return { verdict: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/formats.js
/**
 * What this engine converts: LibreOffice's document families, the sources each opens and the targets each saves,
 * with the filter names `soffice --convert-to` needs. Image targets are made from a PDF, page by page.
 */
const SOURCES = {
    text: ['docx', 'doc', 'docm', 'dotx', 'dot', 'dotm', 'odt', 'ott', 'fodt', 'rtf', 'txt', 'html', 'htm'],
    spreadsheet: ['xlsx', 'xls', 'xlsm', 'xltx', 'xlt', 'ods', 'ots', 'fods', 'csv'],
    presentation: ['pptx', 'ppt', 'pptm', 'pps', 'ppsx', 'potx', 'pot', 'odp', 'otp', 'fodp'],
};
/** Target → the `--convert-to` argument, per family. Images are rendered from the PDF (see IMAGE_TARGETS). */
const formats_TARGETS = {
    text: {
        pdf: 'pdf:writer_pdf_Export',
        docx: 'docx:MS Word 2007 XML',
        doc: 'doc:MS Word 97',
        odt: 'odt:writer8',
        rtf: 'rtf:Rich Text Format',
        txt: 'txt:Text (encoded):UTF8',
        html: 'html:HTML (StarWriter)',
        epub: 'epub:EPUB',
    },
    spreadsheet: {
        pdf: 'pdf:calc_pdf_Export',
        xlsx: 'xlsx:Calc MS Excel 2007 XML',
        xls: 'xls:MS Excel 97',
        ods: 'ods:calc8',
        // Comma-separated, double-quoted, UTF-8 (76), first sheet.
        csv: 'csv:Text - txt - csv (StarCalc):44,34,76,1',
        html: 'html:HTML (StarCalc)',
    },
    presentation: {
        pdf: 'pdf:impress_pdf_Export',
        pptx: 'pptx:Impress MS PowerPoint 2007 XML',
        ppt: 'ppt:MS PowerPoint 97',
        odp: 'odp:impress8',
    },
};
/**
 * Targets made by rendering every page of the PDF: the encoders the bundle carries (pngjs, jpeg-js). Other image
 * formats are left to the GroupDocs engine rather than faked.
 */
const IMAGE_TARGETS = ['png', 'jpg', 'jpeg'];
/**
 * Sources whose format LibreOffice must be told, because its own detection opens them differently: HTML in Writer
 * (Writer/Web drops the first paragraph from PDFs in 7.x), text as UTF-8, CSV as comma-separated UTF-8.
 */
const IMPORT_FILTERS = {
    html: 'HTML (StarWriter)',
    htm: 'HTML (StarWriter)',
    txt: 'Text (encoded):UTF8',
    csv: 'Text - txt - csv (StarCalc):44,34,76,1',
};
function familyOf(source) {
    return Object.keys(SOURCES).find((family) => SOURCES[family].includes(source));
}
/** Source extension → target formats, for the run's format check. */
function libreOfficeTargets() {
    const table = new Map();
    for (const family of Object.keys(SOURCES)) {
        const targets = [...Object.keys(formats_TARGETS[family]), ...IMAGE_TARGETS];
        for (const source of SOURCES[family])
            table.set(source, targets);
    }
    return table;
}
/** How to make `target` from `source`; undefined for a pair the table does not hold. */
function recipeFor(source, target) {
    const family = familyOf(source);
    if (family === undefined)
        return undefined;
    const pages = IMAGE_TARGETS.includes(target);
    const convertTo = formats_TARGETS[family][pages ? 'pdf' : target];
    if (convertTo === undefined)
        return undefined;
    return { importFilter: IMPORT_FILTERS[source], convertTo, pages };
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/profiles.js
/**
 * LibreOffice user profiles, one per conversion in flight: two soffice processes on one profile do not run side by
 * side (the second hands its work to the first), so each worker needs its own to really convert in parallel.
 * A profile is created once and reused by the next conversion, which saves LibreOffice's first-start work.
 */


/**
 * Written into every new profile before LibreOffice first starts it: documents come from a repository and are not
 * trusted, so macros never run (security level "very high", and macro execution switched off altogether).
 * `ooSetupLastVersion` is the version LibreOffice last ran on this profile. Below its own version, LibreOffice takes
 * the start for the first after an upgrade and runs its graphics render tests (choosing a drawing back-end for a
 * screen; 2–4 s of a 3.5–5 s start on the bench's machine, see bench/results.md). It saves the version only when it
 * shuts down, and the engine kills its LibreOffices, so without this every start would run them. A version far
 * ahead of any release says "no upgrade" to whichever LibreOffice the runner has.
 */
const LOCKED_DOWN_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
`;
class ProfilePool {
    #root;
    #free = [];
    #created = 0;
    /** `root` is a folder of the run's own; the profiles are made inside it. */
    constructor(root) {
        this.#root = root;
    }
    /** A profile no other conversion is using; give it back with release(). */
    async acquire() {
        const free = this.#free.pop();
        if (free !== undefined)
            return free;
        const directory = external_node_path_.join(this.#root, `profile-${++this.#created}`);
        await (0,promises_.mkdir)(external_node_path_.join(directory, 'user'), { recursive: true });
        await (0,promises_.writeFile)(external_node_path_.join(directory, 'user', 'registrymodifications.xcu'), LOCKED_DOWN_SETTINGS);
        return directory;
    }
    release(directory) {
        this.#free.push(directory);
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/soffice.js
/** Finding `soffice`, and reading what it prints. */

/** The Debian/Ubuntu package that lets the engine hand documents to LibreOffice over UNO (uno-bridge.ts). */
const UNO_PACKAGE = 'python3-uno';
/** The Debian/Ubuntu packages that give a runner a headless `soffice`, and the UNO module the engine drives it with. */
const LIBREOFFICE_PACKAGES = `libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui ${UNO_PACKAGE}`;
/** A reason shown to the user is cut to this length. */
const MAX_REASON_CHARS = 300;
/** The `soffice` found on PATH (absolute), or undefined. */
function findSoffice(searchPath) {
    return findOnPath('soffice', searchPath);
}
/**
 * LibreOffice's reason, fit for a log line and a job summary: its own lines about the file, without the
 * start-up noise it prints on every run, on one line, shortened, and without anything that could be read as a
 * workflow command.
 */
function sofficeReason(output) {
    const lines = output
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !/javaldx|^convert .* using filter/i.test(line));
    const text = lines
        .join('; ')
        .replace(/::/g, ': :')
        .replace(/\p{Cc}/gu, ' ');
    return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}
/** `: <reason>`, or nothing when LibreOffice said nothing useful. */
function reasonSuffix(output) {
    const reason = sofficeReason(output);
    return reason === '' ? '' : `: ${reason}`;
}

// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/kill-group.js
/** Kills a process group started with `detached: true` (its leader's pid): LibreOffice with all it started. */
function kill_group_killGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // The group is already gone.
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/uno-bridge.js
/**
 * Handing documents to a running LibreOffice over UNO: a Python helper of the project's own (uno_bridge.py, shipped
 * in dist/) per LibreOffice, connected to its accept pipe, converting one document per request. A document then
 * costs a load and a store inside the running LibreOffice, with no process started for it. The helper needs the
 * Python LibreOffice's UNO module was built for (Debian's `python3-uno`, or an official build's own `program/python`).
 */






/** The helper's file in the bundle's folder (copied there by the build). */
const BUNDLED_SCRIPT = 'uno_bridge.py';
/** The Python of distributions' packages: python3-uno puts `uno.py` on its path and `pyuno.so` beside soffice. */
const SYSTEM_PYTHON = '/usr/bin/python3';
/** What the helper printed on stderr is kept up to this many characters (the end, where the reason is). */
const MAX_OUTPUT_CHARS = 4_000;
/** A probe of a Python for the UNO module gets this long. */
const PROBE_TIMEOUT_MS = 15_000;
function bridgeScript() {
    const here = import.meta.url;
    // Run from the sources (tests, bench), the helper is the file beside this one.
    return (0,external_node_url_.fileURLToPath)(here.endsWith('.ts') ? new URL('./uno_bridge.py', here) : new URL(BUNDLED_SCRIPT, here));
}
/**
 * The Python that can drive this soffice over UNO, or undefined. The candidates are judged by the folder soffice
 * really lives in: an official build's own `python`, else the system's Python where `python3-uno` put `pyuno.so`
 * into that folder. Each is asked to import `uno` before it is chosen.
 */
async function findUnoPython(soffice, env) {
    let programFolder;
    try {
        programFolder = external_node_path_.dirname((0,external_node_fs_.realpathSync)(soffice));
    }
    catch {
        return undefined;
    }
    const candidates = [external_node_path_.join(programFolder, 'python')];
    if ((0,external_node_fs_.existsSync)(external_node_path_.join(programFolder, 'pyuno.so')))
        candidates.push(SYSTEM_PYTHON);
    for (const candidate of candidates) {
        if ((0,external_node_fs_.existsSync)(candidate) && (await importsUno(candidate, env)))
            return candidate;
    }
    return undefined;
}
function importsUno(python, env) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(python, ['-c', 'import uno'], { env, timeout: PROBE_TIMEOUT_MS }, (error) => resolve(error === null));
    });
}
/** `Filter name:options` as `soffice --infilter` reads it: the options are whatever follows the first colon. */
function filterAndOptions(value) {
    const colon = value.indexOf(':');
    return colon < 0
        ? { filter: value, options: null }
        : { filter: value.slice(0, colon), options: value.slice(colon + 1) };
}
/**
 * The request for what `soffice --convert-to <convertTo> --outdir <folder> [--infilter=<importFilter>] <source>`
 * would do: the output is named as soffice names it, the source's name with its last extension replaced.
 */
function bridgeRequest(source, outputDirectory, convertTo, importFilter) {
    const colon = convertTo.indexOf(':');
    const extension = colon < 0 ? convertTo : convertTo.slice(0, colon);
    const exported = filterAndOptions(colon < 0 ? '' : convertTo.slice(colon + 1));
    const imported = importFilter === undefined ? undefined : filterAndOptions(importFilter);
    const stem = external_node_path_.basename(source, external_node_path_.extname(source));
    return {
        source,
        output: external_node_path_.join(outputDirectory, `${stem}.${extension}`),
        importFilter: imported?.filter ?? null,
        importOptions: imported?.options ?? null,
        exportFilter: exported.filter,
        exportOptions: exported.options,
    };
}
/** One helper process connected to one LibreOffice; one request at a time. */
class UnoBridge {
    #process;
    #answers = [];
    #ready;
    #ended;
    #errors = '';
    constructor(python, pipeName, env, confinement) {
        const { command, args } = confinement.wrap(python, [bridgeScript(), pipeName], env);
        // Its own process group, like LibreOffice's: stopping the instance kills both.
        this.#process = (0,external_node_child_process_.spawn)(command, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
        this.#process.stderr?.setEncoding('utf8').on('data', (chunk) => {
            this.#errors = (this.#errors + chunk).slice(-MAX_OUTPUT_CHARS);
        });
        // A write to a helper that just died fails here; the 'close' below reports why.
        this.#process.stdin?.on('error', () => { });
        let readyLine;
        this.#ready = new Promise((resolve) => {
            readyLine = resolve;
        });
        const lines = (0,external_node_readline_.createInterface)({ input: this.#process.stdout });
        lines.on('line', (line) => {
            let message;
            try {
                message = JSON.parse(line);
            }
            catch {
                return;
            }
            if (message.ready)
                readyLine?.();
            else
                this.#answers.shift()?.({
                    ok: message.ok === true,
                    ...(message.error ? { error: message.error } : {}),
                });
        });
        const end = (why) => {
            this.#ended ??= new Error(`the UNO helper ended (${why})${this.#errors ? `: ${this.#errors.trim()}` : ''}`);
            for (const waiting of this.#answers.splice(0))
                waiting(this.#ended);
        };
        this.#process.on('error', (error) => end(error.message));
        this.#process.on('close', (code, signal) => {
            kill_group_killGroup(this.#process.pid);
            end(signal ? `signal ${signal}` : `exit code ${code}`);
        });
        this.#ready.catch(() => { });
    }
    get pid() {
        return this.#process.pid;
    }
    /** Converts one document; rejects when the helper ends first (its reason included). */
    async convert(request) {
        const answer = new Promise((resolve) => {
            if (this.#ended)
                resolve(this.#ended);
            else
                this.#answers.push(resolve);
        });
        await Promise.race([this.#ready, answer]);
        this.#process.stdin?.write(`${JSON.stringify(request)}\n`);
        const result = await answer;
        if (result instanceof Error)
            throw result;
        return result;
    }
    stop() {
        kill_group_killGroup(this.#process.pid);
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/instance.js
/**
 * One long-lived LibreOffice on one user profile, serving one conversion at a time: the start-up of a LibreOffice
 * is paid once per worker, not once per document. A document is handed to it in one of two ways:
 * - over UNO, by the project's Python helper (uno-bridge.ts), when the Python LibreOffice was built for is there:
 *   nothing is started per document;
 * - else by LibreOffice's own `soffice --convert-to` command on the same profile: that process finds the running
 *   instance through the profile's pipe, hands it the request, waits until the file is written, and exits. The
 *   instance then holds a hidden empty document open (without one, it quits after the first request it is handed).
 */









/** LibreOffice's pipes live in /tmp (its own choice, whatever TMPDIR says). */
const PIPE_FOLDER = '/tmp';
/** How often the start of an instance is checked for (the accept pipe appearing). */
const READY_POLL_MS = 25;
/** What LibreOffice printed is kept up to this many characters (the end, where the reason is). */
const instance_MAX_OUTPUT_CHARS = 4_000;
/** A killed process group is waited on this long at most before the instance counts as gone anyway. */
const EXIT_WAIT_MS = 5_000;
/** The options every soffice of this engine takes: no window, no restore, no first-start work. */
function commonArguments(profileDirectory) {
    return [
        `-env:UserInstallation=${(0,external_node_url_.pathToFileURL)(profileDirectory).href}`,
        '--headless',
        '--invisible',
        '--norestore',
        '--nolockcheck',
        '--nologo',
        '--nofirststartwizard',
    ];
}
class LibreOfficeInstance {
    #options;
    #acceptName = `convert-documents-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
    #server;
    #exited;
    #ready;
    #exit;
    #output = '';
    #outputTotal = 0;
    #stopping = false;
    #bridge;
    /** Milliseconds from the spawn to the instance taking requests; undefined until it does. */
    startupMs;
    constructor(options) {
        this.#options = options;
        const started = performance.now();
        const { command, args } = options.confinement.wrap(options.soffice, [
            ...commonArguments(options.profileDirectory),
            `--accept=pipe,name=${this.#acceptName};urp;`,
            ...(options.unoPython === undefined ? ['private:factory/swriter'] : []),
        ], options.env);
        this.#server = (0,external_node_child_process_.spawn)(command, args, {
            // Its own process group: stopping it stops oosplash, soffice.bin and anything they started.
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: options.env,
        });
        this.#exited = new Promise((resolve) => {
            this.#server.on('error', (error) => {
                this.#keep(`could not start LibreOffice (${options.soffice}): ${error.message}\n`);
                this.#exit ??= { code: null, signal: null };
                resolve(this.#exit);
            });
            this.#server.on('close', (code, signal) => {
                this.#exit ??= { code, signal };
                kill_group_killGroup(this.#server.pid);
                resolve(this.#exit);
            });
        });
        this.#server.stdout?.setEncoding('utf8').on('data', (chunk) => this.#keep(chunk));
        this.#server.stderr?.setEncoding('utf8').on('data', (chunk) => this.#keep(chunk));
        this.#ready = this.#waitUntilReady().then(() => {
            this.startupMs = performance.now() - started;
        });
        // A start that fails is reported by the conversion waiting on it.
        this.#ready.catch(() => { });
    }
    /** False once the instance ended or was stopped: the worker starts another. */
    get alive() {
        return this.#exit === undefined && !this.#stopping;
    }
    /**
     * Converts one document. Resolves with what LibreOffice printed meanwhile (its reason when no file appears);
     * rejects with a plain Error past `timeLimitMs` or when LibreOffice ends, and with the signal's reason when the
     * run's deadline fires. After a rejection the instance is stopped, its whole process group killed.
     */
    async convert(request, signal, timeLimitMs) {
        signal.throwIfAborted();
        const ended = new AbortController();
        let stoppedBecause;
        const stop = (reason) => {
            stoppedBecause ??= reason;
            ended.abort();
        };
        const onAbort = () => stop(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        const limit = setTimeout(() => stop(new Error(`LibreOffice did not finish within ${(0,duration/* formatDuration */.a)(timeLimitMs)}; it was stopped`)), timeLimitMs);
        const mark = this.#outputTotal;
        let client;
        try {
            await Promise.race([this.#ready, this.#serverEnded(), aborted(ended.signal)]);
            if (stoppedBecause)
                throw stoppedBecause;
            client = this.#options.unoPython
                ? this.#overUno(request, this.#options.unoPython)
                : this.#runClient(request, ended.signal);
            const outcome = await Promise.race([client, this.#serverEnded(), aborted(ended.signal)]);
            if (stoppedBecause)
                throw stoppedBecause;
            const output = this.#outputSince(mark) + outcome.output;
            if (outcome.code === 0)
                return output;
            throw new Error(`LibreOffice ended with ${exitText(outcome)}${reasonSuffix(output)}`);
        }
        catch (error) {
            ended.abort();
            await this.stop();
            await client?.catch(() => undefined);
            throw stoppedBecause ?? error;
        }
        finally {
            clearTimeout(limit);
            signal.removeEventListener('abort', onAbort);
        }
    }
    /** Kills the instance's process group and removes its pipes from /tmp. Safe to call more than once. */
    async stop() {
        this.#stopping = true;
        kill_group_killGroup(this.#server.pid);
        this.#bridge?.stop();
        await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
        await Promise.all(this.#pipes().map((pipe) => (0,promises_.rm)(pipe, { force: true })));
    }
    async #waitUntilReady() {
        const acceptPipe = this.#pipes()[0];
        for (;;) {
            // An instance that ended before it was ready fails the conversion waiting on it, with LibreOffice's reason.
            if (this.#exit !== undefined || this.#stopping)
                await this.#serverEnded();
            try {
                await (0,promises_.access)(acceptPipe);
                return;
            }
            catch {
                await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
            }
        }
    }
    /** Rejects when the instance ends: a crash, or a start that failed. */
    async #serverEnded() {
        const exit = await this.#exited;
        const output = this.#output;
        throw new Error(this.#stopping
            ? 'LibreOffice was stopped'
            : `LibreOffice ended with ${exitText(exit)} while converting it${reasonSuffix(output)}`);
    }
    /**
     * Converts over the instance's UNO bridge, started with the first document. LibreOffice's complaint becomes the
     * output the engine reads a reason from. A helper that ends (LibreOffice went away under it) rejects: the
     * instance is then stopped and the worker starts afresh.
     */
    async #overUno(request, python) {
        this.#bridge ??= new UnoBridge(python, this.#acceptName, this.#options.env, this.#options.confinement);
        try {
            const answer = await this.#bridge.convert(bridgeRequest(request.source, request.outputDirectory, request.convertTo, request.importFilter));
            return {
                code: 0,
                signal: null,
                output: answer.ok ? '' : `Error: ${answer.error ?? 'no reason given'}`,
            };
        }
        catch (error) {
            // When LibreOffice itself ended, its exit is the reason: give its close a moment to be seen.
            await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
            if (this.#exit !== undefined)
                await this.#serverEnded();
            throw error;
        }
    }
    #runClient(request, ended) {
        const { command, args } = this.#options.confinement.wrap(this.#options.soffice, [
            ...commonArguments(this.#options.profileDirectory),
            ...(request.importFilter ? [`--infilter=${request.importFilter}`] : []),
            '--convert-to',
            request.convertTo,
            '--outdir',
            request.outputDirectory,
            request.source,
        ], this.#options.env);
        return new Promise((resolve) => {
            const child = (0,external_node_child_process_.spawn)(command, args, {
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
                env: this.#options.env,
            });
            let output = '';
            const keep = (chunk) => {
                output = (output + chunk).slice(-instance_MAX_OUTPUT_CHARS);
            };
            child.stdout.setEncoding('utf8').on('data', keep);
            child.stderr.setEncoding('utf8').on('data', keep);
            const kill = () => kill_group_killGroup(child.pid);
            ended.addEventListener('abort', kill, { once: true });
            child.on('error', (error) => {
                ended.removeEventListener('abort', kill);
                resolve({
                    code: null,
                    signal: null,
                    output: `${output}could not start LibreOffice: ${error.message}`,
                });
            });
            child.on('close', (code, signal) => {
                ended.removeEventListener('abort', kill);
                kill();
                resolve({ code, signal, output });
            });
        });
    }
    #keep(chunk) {
        this.#output = (this.#output + chunk).slice(-instance_MAX_OUTPUT_CHARS);
        this.#outputTotal += chunk.length;
    }
    #outputSince(mark) {
        const count = Math.min(this.#outputTotal - mark, this.#output.length);
        return count > 0 ? this.#output.slice(-count) : '';
    }
    /** The accept pipe this engine asked for, and the profile's own pipe (named by a hash of the profile's URL). */
    #pipes() {
        const uid = this.#options.confinement.pipeUid;
        const url = (0,external_node_url_.pathToFileURL)(this.#options.profileDirectory).href;
        const digest = (0,external_node_crypto_.createHash)('md5').update(Buffer.from(url, 'utf16le')).digest();
        const hash = [...digest].map((byte) => byte.toString(16)).join('');
        return [
            external_node_path_.join(PIPE_FOLDER, `OSL_PIPE_${uid}_${this.#acceptName}`),
            external_node_path_.join(PIPE_FOLDER, `OSL_PIPE_${uid}_SingleOfficeIPC_${hash}`),
        ];
    }
}
function aborted(signal) {
    return new Promise((_, reject) => {
        const fail = () => reject(new Error('stopped'));
        if (signal.aborted)
            fail();
        else
            signal.addEventListener('abort', fail, { once: true });
    });
}
function abortReason(signal) {
    return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'stopped'));
}
function exitText(exit) {
    return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/workers.js

class LibreOfficeWorkers {
    #options;
    #free = [];
    #all = new Set();
    #started = [];
    /** Workers made or being made (a profile is acquired asynchronously): what maxWorkers counts. */
    #made = 0;
    /** Documents waiting for a worker, first come first served. */
    #waiting = [];
    constructor(options) {
        this.#options = options;
    }
    /**
     * Runs `use` on a LibreOffice no other conversion is using, started for it when there is none alive. When every
     * worker is busy and no more may be made, waits for one; `signal` (the run's deadline) ends the wait.
     */
    async withInstance(use, signal) {
        const worker = await this.#takeWorker(signal);
        try {
            if (!worker.instance?.alive) {
                const options = {
                    soffice: this.#options.soffice,
                    profileDirectory: worker.profile,
                    env: await this.#options.envFor(worker.profile),
                    confinement: this.#options.confinement,
                    unoPython: this.#options.unoPython,
                };
                worker.instance = (this.#options.startInstance ?? ((o) => new LibreOfficeInstance(o)))(options);
                this.#started.push(worker.instance);
            }
            return await use(worker.instance);
        }
        finally {
            const next = this.#waiting.shift();
            if (next)
                next(worker);
            else
                this.#free.push(worker);
        }
    }
    async #takeWorker(signal) {
        const free = this.#free.pop();
        if (free)
            return free;
        const max = this.#options.maxWorkers ?? Number.POSITIVE_INFINITY;
        if (this.#made < max) {
            this.#made++;
            return this.#newWorker();
        }
        signal?.throwIfAborted();
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                this.#waiting.splice(this.#waiting.indexOf(take), 1);
                reject(signal?.reason);
            };
            const take = (worker) => {
                signal?.removeEventListener('abort', onAbort);
                resolve(worker);
            };
            this.#waiting.push(take);
            signal?.addEventListener('abort', onAbort, { once: true });
        });
    }
    /** LibreOffice processes started, and the time they took to take their first request (those that did). */
    get startups() {
        return {
            count: this.#started.length,
            totalMs: this.#started.reduce((sum, instance) => sum + (instance.startupMs ?? 0), 0),
        };
    }
    /** Stops every LibreOffice of the run. */
    async stopAll() {
        await Promise.all([...this.#all].map((worker) => worker.instance?.stop()));
    }
    async #newWorker() {
        const worker = { profile: await this.#options.profiles.acquire(), instance: undefined };
        this.#all.add(worker);
        return worker;
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/engine.js

















/** Page images are rendered this many pixels wide (A4 at 150 dpi), height by each page's proportions. */
const engine_PAGE_IMAGE_WIDTH_PX = 1240;
const engine_JPEG_QUALITY = 85;
/** The run's one line on how LibreOffice is kept from fetching what a document links to. */
function protectionLine(confinement) {
    if (confinement.route === 'sudo')
        return "LibreOffice runs without network: in a network namespace made with sudo, as the runner's own user.";
    if (confinement.network === 'namespace')
        return 'LibreOffice runs without network: in a network namespace of its own.';
    return 'This runner cannot give LibreOffice a network namespace of its own (unshare --net failed, and sudo was not available): documents that link content on the network or that cannot be checked for links (.doc, .xls, .ppt) are refused instead.';
}
/** Why a document is refused where LibreOffice would run with the runner's network; undefined to convert it. */
async function networkRefusal(job) {
    const scan = await scanExternalReferences(job.source.absolutePath, job.source.extension.toLowerCase());
    const remedy = 'a network namespace would let LibreOffice convert it without fetching anything (allow unprivileged user namespaces, run the job as root with CAP_SYS_ADMIN, or use a GitHub-hosted runner)';
    if (scan.verdict === 'external')
        return (0,untrusted_text/* untrustedText */.Ui)(`refused: LibreOffice would fetch ${scan.reference} while converting it, and this runner cannot keep it off the network; ${remedy}`, 600);
    if (scan.verdict === 'unreadable')
        return (0,untrusted_text/* untrustedText */.Ui)(`refused: it could not be checked for linked content (${scan.reason}); ${remedy}`, 600);
    return undefined;
}
/**
 * Converts on the runner with LibreOffice: one long-lived LibreOffice (and one user profile) per worker, each
 * serving one document at a time (see instance.ts).
 */
class LibreOfficeEngine {
    #options;
    #operations = new Map();
    #work;
    #soffice;
    #workersNow;
    #documents = 0;
    #firstStart;
    #lastEnd;
    constructor(options) {
        this.#options = options;
        if (typeof options.soffice === 'string')
            this.#soffice = options.soffice;
    }
    /** Installs LibreOffice when the runner lacks it (within the run's deadline: the signal). */
    async prepare(signal) {
        if (this.#soffice !== undefined || typeof this.#options.soffice === 'string')
            return;
        this.#soffice = await this.#options.soffice(signal, this.#options.log ?? (() => { }));
    }
    async supportedTargets() {
        return libreOfficeTargets();
    }
    async submit(job, signal) {
        const recipe = recipeFor(job.source.extension, job.format);
        if (recipe === undefined)
            throw new Error(`LibreOffice cannot convert .${job.source.extension} to ${job.format}`);
        const work = await this.#prepare();
        this.#firstStart ??= performance.now();
        const operation = {
            state: { state: 'pending' },
            done: Promise.resolve({ state: 'pending' }),
        };
        operation.done = this.#convert(job, recipe, work, signal).finally(() => {
            this.#documents++;
            this.#lastEnd = performance.now();
        });
        // The scheduler awaits settled() and sees a rejection there; this copy only records the state.
        operation.done.then((state) => {
            operation.state = state;
        }, () => { });
        this.#operations.set(job.id, operation);
        return job.id;
    }
    async check(operationId) {
        return this.#operation(operationId).state;
    }
    settled(operationId) {
        return this.#operation(operationId).done;
    }
    collect(job, outputs) {
        return collectLocalOutputs(job, outputs);
    }
    /** Stops every LibreOffice, removes the profiles and intermediate files. Nothing is on a service: false. */
    async cleanup() {
        const work = this.#work;
        this.#work = undefined;
        if (work) {
            const { root, workers } = await work;
            await workers.stopAll();
            await (0,promises_.rm)(root, { recursive: true, force: true });
        }
        return false;
    }
    /** Documents converted or failed, the time from the first start to the last end, and LibreOffice's starts. */
    reports() {
        if (this.#firstStart === undefined)
            return [];
        const startups = this.#workersNow?.startups ?? { count: 0, totalMs: 0 };
        return [
            {
                engine: 'LibreOffice',
                documents: this.#documents,
                wallMs: Math.round((this.#lastEnd ?? performance.now()) - this.#firstStart),
                processStarts: startups.count,
                startupMs: Math.round(startups.totalMs),
            },
        ];
    }
    #operation(operationId) {
        const operation = this.#operations.get(operationId);
        if (!operation)
            throw new Error(`no conversion ${operationId} was started`);
        return operation;
    }
    #prepare() {
        this.#work ??= (async () => {
            const root = await (0,promises_.mkdtemp)(external_node_path_.join(this.#options.temporaryRoot, 'libreoffice-'));
            const fontconfigFile = this.#options.fonts
                ? await fontconfigFor(this.#options.fonts, external_node_path_.join(root, 'fonts'), this.#options.env)
                : undefined;
            const envFor = async (profile) => {
                const home = external_node_path_.join(profile, 'home');
                const temporaryDirectory = external_node_path_.join(profile, 'tmp');
                await (0,promises_.mkdir)(home, { recursive: true });
                await (0,promises_.mkdir)(temporaryDirectory, { recursive: true });
                return libreOfficeEnvironment(this.#options.env, { home, temporaryDirectory, fontconfigFile });
            };
            const confinement = this.#options.confinement ??
                (await probeConfinement(await envFor(external_node_path_.join(root, 'probe')), {
                    ...processIdentity(),
                    sudo: this.#options.sudoForNamespace ?? false,
                }));
            if (this.#options.confinement === undefined) {
                const line = protectionLine(confinement);
                if (confinement.network === 'shared')
                    this.#options.warn?.(line);
                else
                    this.#options.info?.(line);
            }
            if (this.#soffice === undefined)
                throw new Error('LibreOffice is not installed (prepare() was not run)');
            const unoPython = await this.#unoPython(this.#soffice, await envFor(external_node_path_.join(root, 'probe')));
            const workers = new LibreOfficeWorkers({
                soffice: this.#soffice,
                profiles: new ProfilePool(external_node_path_.join(root, 'profiles')),
                confinement,
                envFor,
                ...(this.#options.startInstance ? { startInstance: this.#options.startInstance } : {}),
                maxWorkers: this.#options.maxWorkers,
                unoPython,
            });
            this.#workersNow = workers;
            return { root, workers, confinement };
        })();
        return this.#work;
    }
    /** The Python for the UNO hand-off, said in the log either way: it is most of what a document costs. */
    async #unoPython(soffice, env) {
        if (this.#options.unoPython === null)
            return undefined;
        const python = this.#options.unoPython ?? (await findUnoPython(soffice, env));
        this.#options.info?.(python === undefined
            ? `LibreOffice's UNO module for Python is not installed (Debian/Ubuntu: ${UNO_PACKAGE}): each document is handed to LibreOffice by a soffice process of its own, which is slower.`
            : `Documents are handed to LibreOffice over UNO (${python}).`);
        return python;
    }
    /** Resolves with the final state; rejects only when the run's deadline stopped it (the scheduler says timed-out). */
    async #convert(job, recipe, work, signal) {
        const jobFolder = external_node_path_.join(work.root, 'jobs', job.id);
        const converted = external_node_path_.join(jobFolder, 'converted');
        await (0,promises_.mkdir)(converted, { recursive: true });
        if (work.confinement.network === 'shared') {
            const refusal = await networkRefusal(job);
            if (refusal !== undefined)
                return { state: 'failed', error: refusal };
        }
        let messages;
        try {
            messages = await work.workers.withInstance((instance) => instance.convert({
                source: job.source.absolutePath,
                outputDirectory: converted,
                convertTo: recipe.convertTo,
                importFilter: recipe.importFilter,
            }, signal, this.#options.documentTimeLimitMs), signal);
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
        }
        // LibreOffice exits 0 even when it could not open the document: the missing file is the sign. Some exports
        // write companions (an HTML page's images): the result is the file with the target's extension.
        const extension = `.${recipe.pages ? 'pdf' : job.format}`;
        const made = (await (0,promises_.readdir)(converted)).find((name) => name.toLowerCase().endsWith(extension));
        if (made === undefined) {
            const reason = sofficeReason(messages);
            return {
                state: 'failed',
                error: `LibreOffice could not convert it${reason === '' ? '' : `: ${reason}`}`,
            };
        }
        const result = external_node_path_.join(converted, made);
        if (!recipe.pages) {
            const size = (await (0,promises_.stat)(result)).size;
            const refusal = this.#options.downloads.refusal([size]);
            if (refusal !== undefined)
                return { state: 'failed', error: refusal.replace('the service declared', 'LibreOffice wrote') };
            this.#options.downloads.limitFor(size).take(size);
            const name = external_node_path_.posix.basename(job.expectedOutput);
            return { state: 'finished', outputs: [{ name, path: result, size }] };
        }
        return this.#renderPages(job, result, external_node_path_.join(jobFolder, 'pages'), signal);
    }
    /**
     * Every page to an image, within the run's caps as each page is written: no more than MAX_RESULTS_PER_JOB pages,
     * no image over max-download-size, and the run's max-total-download-size.
     */
    async #renderPages(job, pdf, folder, signal) {
        await (0,promises_.mkdir)(folder, { recursive: true });
        const nameOf = (page) => `${job.source.stem}-page-${page}.${job.format}`;
        const budget = this.#options.downloads;
        let taken = 0;
        try {
            const document = await openPdf(pdf);
            const pageCount = document.pageCount;
            document.close();
            if (pageCount > MAX_RESULTS_PER_JOB) {
                return {
                    state: 'failed',
                    error: `it has ${pageCount} pages, more than the ${MAX_RESULTS_PER_JOB} page images one document may have; nothing was written`,
                };
            }
            const encode = job.format === 'png' ? page_image/* encodePng */.KJ : engine_encodeJpeg;
            const { files } = await renderPdfToPngFiles(pdf, folder, nameOf, {
                widthPx: engine_PAGE_IMAGE_WIDTH_PX,
                signal,
                maxPages: MAX_RESULTS_PER_JOB,
                encode: (image) => {
                    const encoded = encode(image);
                    const limit = budget.limitFor(0);
                    if (encoded.length > limit.maxBytes) {
                        throw new Error(`page ${image.pageNumber} is ${formatByteSize(encoded.length)}, more than ${limit.reason}; nothing was written`);
                    }
                    limit.take(encoded.length);
                    taken += encoded.length;
                    return encoded;
                },
            });
            const outputs = await Promise.all(files.map(async (file) => ({ name: external_node_path_.basename(file), path: file, size: (await (0,promises_.stat)(file)).size })));
            return { state: 'finished', outputs };
        }
        catch (error) {
            budget.limitFor(0).giveBack(taken);
            if (signal.aborted)
                throw error;
            return {
                state: 'failed',
                error: `the pages could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
            };
        }
    }
}
/** Pages are opaque (PDFium paints them on white), so dropping the alpha channel loses nothing. */
function engine_encodeJpeg(image) {
    return jpeg_js.encode({ width: image.width, height: image.height, data: image.rgba }, engine_JPEG_QUALITY).data;
}

;// CONCATENATED MODULE: ./lib/convert/engines/local/routes.js
/** Which program on the runner reads a source: Markdown and HTML go to the browser, everything else to LibreOffice. */

function programFor(extension) {
    return BROWSER_SOURCES.includes(extension) ? 'browser' : 'libreoffice';
}
/** The programs a run's jobs need: only those are looked for, started or required. */
function programsNeeded(jobs) {
    return new Set(jobs.map((job) => programFor(job.source.extension)));
}

;// CONCATENATED MODULE: ./lib/convert/engines/local/engine.js



class LocalEngine {
    #factories;
    #engines = new Map();
    #byOperation = new Map();
    /** `factories`: the engines this run may need (a program the plan does not need has none). */
    constructor(factories) {
        this.#factories = factories;
    }
    /** The browser's table for Markdown and HTML, LibreOffice's for the rest. */
    async supportedTargets() {
        const table = new Map(libreOfficeTargets());
        for (const [source, targets] of browserTargets())
            table.set(source, targets);
        return table;
    }
    async submit(job, signal) {
        const engine = this.#engineFor(programFor(job.source.extension));
        const operationId = await engine.submit(job, signal);
        this.#byOperation.set(operationId, engine);
        return operationId;
    }
    check(operationId, signal) {
        return this.#engineOf(operationId).check(operationId, signal);
    }
    settled(operationId, signal) {
        const engine = this.#engineOf(operationId);
        return engine.settled ? engine.settled(operationId, signal) : engine.check(operationId, signal);
    }
    collect(job, outputs, signal) {
        return this.#engineFor(programFor(job.source.extension)).collect(job, outputs, signal);
    }
    async cleanup(signal) {
        const results = await Promise.allSettled([...this.#engines.values()].map((engine) => engine.cleanup(signal)));
        const failed = results.find((result) => result.status === 'rejected');
        if (failed)
            throw failed.reason;
        return false;
    }
    notices() {
        return [...this.#engines.values()].flatMap((engine) => engine.notices?.() ?? []);
    }
    /** A line per program that ran: the browser's, LibreOffice's or both. */
    reports() {
        return [...this.#engines.values()].flatMap((engine) => engine.reports?.() ?? []);
    }
    #engineFor(program) {
        let engine = this.#engines.get(program);
        if (engine === undefined) {
            const create = this.#factories[program];
            if (create === undefined)
                throw new Error(`no ${program} was prepared for this run`);
            engine = create();
            this.#engines.set(program, engine);
        }
        return engine;
    }
    #engineOf(operationId) {
        const engine = this.#byOperation.get(operationId);
        if (engine === undefined)
            throw new Error(`no conversion ${operationId} was started`);
        return engine;
    }
}

;// CONCATENATED MODULE: ./lib/convert/engines/libreoffice/install.js
/**
 * Where `soffice` comes from: the runner's PATH, or, on a GitHub-hosted Linux runner that lacks it, the action's
 * own `sudo apt-get install` of the -nogui Writer, Calc and Impress packages (no set-up step for the user). A
 * self-hosted runner is never changed, and `install-libreoffice: false` turns the install off.
 */



/** What apt printed is kept up to this many characters (the end, where its error is). */
const install_MAX_OUTPUT_CHARS = 2_000;
/**
 * `soffice` on PATH, or an installer for it. Throws an Error naming the packages when it is missing and may not
 * be installed here.
 */
function locateSoffice(source) {
    const soffice = findSoffice(source.searchPath);
    if (soffice !== undefined)
        return { soffice };
    const missing = 'Input "engine" is "libreoffice" but LibreOffice (soffice) is not installed on this runner.';
    const how = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGES}`;
    if (!source.install) {
        throw new Error(`${missing} install-libreoffice is false: install it in a step before this one: ${how}`);
    }
    if (source.runnerKind !== 'github-hosted') {
        throw new Error(`${missing} The action installs it only on GitHub-hosted runners and changes nothing on this one ` +
            `(RUNNER_ENVIRONMENT is ${source.runnerKind === '' ? 'not set' : `"${source.runnerKind}"`}): install it in a step before this one: ${how}`);
    }
    return { install: (signal, log) => installLibreOffice(source, signal, log) };
}
/** The commands the install runs, in order. */
function installCommands() {
    return [
        ['sudo', '-n', 'apt-get', 'update', '-qq'],
        [
            'sudo',
            '-n',
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '-qq',
            '--no-install-recommends',
            ...LIBREOFFICE_PACKAGES.split(' '),
        ],
    ];
}
async function installLibreOffice(source, signal, log) {
    const started = performance.now();
    log(`LibreOffice is not installed on this GitHub-hosted runner: installing ${LIBREOFFICE_PACKAGES}.`);
    for (const command of installCommands()) {
        log(command.join(' '));
        await run(command, source.env, signal);
    }
    const soffice = findSoffice(source.searchPath) ?? findSoffice('/usr/bin:/usr/local/bin');
    if (soffice === undefined) {
        throw new Error(`LibreOffice was installed (${LIBREOFFICE_PACKAGES}) but soffice is still not on PATH`);
    }
    log(`Installed LibreOffice in ${(0,duration/* formatDuration */.a)(performance.now() - started)} (${soffice}).`);
    return soffice;
}
function run(command, env, signal) {
    signal.throwIfAborted();
    const [program, ...args] = command;
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const keep = (chunk) => {
            output = (output + chunk).slice(-install_MAX_OUTPUT_CHARS);
        };
        child.stdout.setEncoding('utf8').on('data', keep);
        child.stderr.setEncoding('utf8').on('data', keep);
        // sudo passes the signal on to apt-get.
        const stop = () => child.kill('SIGTERM');
        signal.addEventListener('abort', stop, { once: true });
        child.on('error', (error) => {
            signal.removeEventListener('abort', stop);
            reject(new Error(`installing LibreOffice failed: could not run ${program}: ${error.message}`));
        });
        child.on('close', (code, exitSignal) => {
            signal.removeEventListener('abort', stop);
            if (signal.aborted)
                reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
            else if (code === 0)
                resolve();
            else {
                const said = output.trim().split('\n').slice(-3).join('; ').replace(/::/g, ': :');
                reject(new Error(`installing LibreOffice failed: ${command.join(' ')} ended with ${exitSignal ? `signal ${exitSignal}` : `exit code ${code}`}${said === '' ? '' : `: ${said}`}`));
            }
        });
    });
}

;// CONCATENATED MODULE: ./lib/convert/engines/local/programs.js



const LIBREOFFICE_HINT = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGES}`;
function requireLocalPrograms(engine, needed, runner, { installLibreOffice } = { installLibreOffice: false }) {
    const found = {};
    const missing = [];
    if (needed.has('browser')) {
        const browser = findBrowser(runner.chromePath, runner.searchPath);
        if (browser === undefined) {
            missing.push(`a Chrome or Chromium browser (for Markdown and HTML; looked for CHROME_PATH, google-chrome, chromium and chromium-browser on PATH): ${BROWSER_INSTALL_HINT}`);
        }
        else
            found.browser = browser;
    }
    if (needed.has('libreoffice')) {
        try {
            const located = locateSoffice({
                searchPath: runner.searchPath,
                runnerKind: runner.runnerKind ?? '',
                install: installLibreOffice,
                env: runner.childProcessEnvironment ?? {},
            });
            found.soffice = 'soffice' in located ? located.soffice : located.install;
        }
        catch (error) {
            // engine: libreoffice says why it was not installed here; local names everything it lacks at once.
            if (engine === 'libreoffice')
                throw error;
            missing.push(`LibreOffice (soffice): ${LIBREOFFICE_HINT}`);
        }
    }
    if (missing.length === 0)
        return found;
    throw new Error(`Input "engine" is "local" but this runner lacks what its documents need. Install in a step before this one: ${missing.join('; and ')}.`);
}

;// CONCATENATED MODULE: ./lib/convert/engines/select.js
/** The engine the `engine` input names, ready to convert. The rest of the run never learns which one it is. */


















/** One document's LibreOffice is stopped past this, so that one bad file cannot hold a worker for the whole run. */
const LIBREOFFICE_DOCUMENT_LIMIT_MS = 10 * 60_000;
/** One document's page is closed past this, for the same reason. */
const BROWSER_DOCUMENT_LIMIT_MS = 10 * 60_000;
/**
 * Throws an Error a user can act on when the chosen engine cannot run at all (no credentials, no soffice, no
 * browser), before anything is converted.
 */
function createEngine(settings, plan, runner, context) {
    switch (settings.engine.engine) {
        case 'libreoffice': {
            const { soffice } = requireLocalPrograms('libreoffice', new Set(['libreoffice']), runner, settings.engine);
            return libreOfficeEngine(settings, runner, soffice);
        }
        case 'local':
            return localEngine(settings, plan, runner);
        default:
            return groupDocsEngine(settings, plan, runner, context);
    }
}
function localEngine(settings, plan, runner) {
    const { browser, soffice } = requireLocalPrograms('local', programsNeeded(plan.jobs), runner, settings.engine);
    return new LocalEngine({
        ...(browser === undefined ? {} : { browser: () => browserEngine(settings, runner, browser) }),
        ...(soffice === undefined ? {} : { libreoffice: () => libreOfficeEngine(settings, runner, soffice) }),
    });
}
function browserEngine(settings, runner, executable) {
    core/* info */.pq(`Converting Markdown and HTML on the runner with ${executable}.`);
    const { owner, repo } = runner.repository;
    return new BrowserEngine({
        executable,
        temporaryRoot: runner.temporaryDirectory,
        workspace: settings.workspace,
        pageSize: settings.engine.pageSize,
        documentTimeLimitMs: Math.min(BROWSER_DOCUMENT_LIMIT_MS, settings.timeoutMs),
        env: runner.childProcessEnvironment,
        fonts: settings.engine.fonts,
        runsAsRoot: process.getuid?.() === 0,
        repositoryBlobBase: owner !== '' && repo !== '' && runner.sha !== ''
            ? `${runner.serverUrl}/${owner}/${repo}/blob/${runner.sha}`
            : undefined,
        warn: (message) => core/* warning */.$e((0,untrusted_text/* untrustedText */.Ui)(message)),
        debug: (message) => core/* debug */.Yz((0,untrusted_text/* untrustedText */.Ui)(message)),
        onBrowserStart: ({ version, startMs, pid }) => core/* info */.pq(`Started ${(0,untrusted_text/* untrustedText */.Ui)(version)} in ${(startMs / 1000).toFixed(1)} s (pid ${pid ?? 'unknown'}).`),
    });
}
/**
 * What makes this run's outputs what they are, for the conversion cache's key: the engine and where it runs, and
 * the repository's fonts by content (a changed font changes the documents that use it).
 */
async function engineIdentity(settings, runner) {
    const fonts = {};
    if (settings.engine.fonts !== undefined)
        fonts.fonts = (await fontSetOf(settings.engine.fonts)).folder;
    if (settings.engine.engine === 'libreoffice')
        return { engineId: 'libreoffice', details: fonts };
    if (settings.engine.engine === 'local') {
        return { engineId: 'local', details: { ...fonts, ...(await localBrowserDetails(settings, runner)) } };
    }
    const identity = groupDocsIdentity(settings);
    return { ...identity, details: { ...identity.details, ...fonts } };
}
/**
 * The browser's part of `local`'s identity. Without a browser there is nothing of it to name: a run that needs one
 * stops before converting, and a run that does not converts nothing with it.
 */
async function localBrowserDetails(settings, runner) {
    const browser = findBrowser(runner.chromePath, runner.searchPath);
    if (browser === undefined)
        return { browser: 'none' };
    let version;
    try {
        version = await browserVersionOf(browser, runner.childProcessEnvironment);
    }
    catch (error) {
        core/* warning */.$e((0,untrusted_text/* untrustedText */.Ui)(`Could not read the browser's version: ${error.message}`));
        version = `unknown (${browser})`;
    }
    return browserIdentityDetails(version, settings.engine.pageSize);
}
function libreOfficeEngine(settings, runner, located) {
    const soffice = typeof located === 'string'
        ? located
        : (signal) => core/* group */.Os('Install LibreOffice', () => located(signal, (line) => core/* info */.pq(line)));
    if (typeof located === 'string')
        core/* info */.pq(`Converting on the runner with LibreOffice (${located}).`);
    return new LibreOfficeEngine({
        soffice,
        temporaryRoot: runner.temporaryDirectory,
        fonts: settings.engine.fonts,
        documentTimeLimitMs: Math.min(LIBREOFFICE_DOCUMENT_LIMIT_MS, settings.timeoutMs),
        env: runner.childProcessEnvironment,
        downloads: new DownloadBudget(settings.downloadLimits),
        warn: (line) => core/* warning */.$e(line),
        info: (line) => core/* info */.pq(line),
        sudoForNamespace: runner.runnerKind === 'github-hosted',
        // More LibreOffices than cores only compete for them; documents past it wait for a free one.
        maxWorkers: external_node_os_.availableParallelism(),
    });
}
function groupDocsEngine(settings, plan, runner, { secrets, calls }) {
    const credentials = settings.credentials;
    if (!credentials)
        throw new Error('Inputs "client-id" and "client-secret" are required to convert.');
    const client = new GroupDocsClient({
        baseUrl: settings.apiBaseUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        storageName: settings.storageName,
        debug: (message) => core/* debug */.Yz(message),
        secrets,
        onToken: untrusted_text/* registerSecret */.cl,
        account: calls,
        proxyEnv: runner.proxyVariables,
    });
    return new GroupDocsEngine(client, {
        runFolder: runFolderFor(runner.runLabels),
        loadOptions: settings.loadOptions,
        convertOptions: settings.convertOptions,
        outputs: new OutputClaims(plan.jobs),
        downloads: new DownloadBudget(settings.downloadLimits),
        directFlow: (job) => usesDirectFlow(job, settings),
        fonts: settings.engine.fonts,
        onFontsReady: (folder, uploaded) => core/* info */.pq(uploaded > 0
            ? `Uploaded ${uploaded} font(s) from fonts-dir to ${folder} (kept for later runs).`
            : `Using the fonts from fonts-dir already in storage (${folder}).`),
    });
}

;// CONCATENATED MODULE: ./lib/convert/finish-estimator.js
/**
 * Learns how long conversions take in this run, so status checks can be timed to land just after a conversion
 * finishes instead of on a fixed backoff. Model: duration ≈ a + b·size per target format (all formats pooled while
 * a format has too few observations).
 *
 * The fit is made to fail safe: checking too early costs a status call, checking too late costs a slot idling.
 * So while the sizes seen are too alike to tell the fixed cost from the per-byte cost (the first conversions of a
 * run are the biggest and of similar size), duration is taken as proportional to size, which errs early for the
 * smaller documents that follow. Once sizes differ enough, the slope is the median of pairwise slopes (Theil–Sen),
 * which one odd conversion cannot drag around.
 *
 * The fit is made on a bounded sample, so each finish costs the same at the ten-thousandth document as at the tenth:
 * per format (and pooled), the most recent few observations of each size band (sizes within a factor √2), at most
 * SAMPLE_LIMIT in all. Keeping every size band, not just the latest finishes, matters: the run converts the biggest
 * documents first, so the latest finishes alone all have about the same size and would hide the fixed cost.
 */
/** Two sizes tell the slope apart only when they differ by at least this share of the larger. */
const DISTINCT_SIZE_SHARE = 0.2;
/** Pairs of distinct sizes needed before the fixed cost is estimated apart from the per-byte cost. */
const MIN_DISTINCT_PAIRS = 3;
/** A single observation says little: its spread is taken as this share of the expectation. */
const SINGLE_OBSERVATION_SPREAD = 0.25;
/** Observations a fit is made on, per format and pooled: Theil–Sen looks at every pair, so this bounds its cost. */
const SAMPLE_LIMIT = 64;
/** Recent observations kept per size band while the sample is not full. */
const PER_BAND_LIMIT = 16;
/** Size bands: sizes within a factor √2 share one. */
const BANDS_PER_DOUBLING = 2;
/**
 * A bounded sample of observations that keeps every size band seen: the oldest observation of the fullest band
 * makes room for a new one. Order of `list` does not matter to the fit.
 */
class ObservationSample {
    list = [];
    #limits;
    #bands = new Map();
    constructor(limits) {
        this.#limits = limits;
    }
    add(observation) {
        const key = Math.floor(Math.log2(observation.sizeBytes + 1) * BANDS_PER_DOUBLING);
        const band = this.#bands.get(key) ?? [];
        this.#bands.set(key, band);
        band.push(observation);
        this.list.push(observation);
        if (band.length > this.#limits.perBand)
            this.#evictOldest(band);
        if (this.list.length > this.#limits.total)
            this.#evictOldest(this.#fullestBand());
    }
    #fullestBand() {
        let fullest = [];
        for (const band of this.#bands.values())
            if (band.length > fullest.length)
                fullest = band;
        return fullest;
    }
    #evictOldest(band) {
        const oldest = band.shift();
        if (oldest === undefined)
            return;
        const at = this.list.indexOf(oldest);
        if (at >= 0)
            this.list.splice(at, 1);
    }
}
class FinishEstimator {
    #limits;
    #byFormat = new Map();
    #all;
    #fits = new Map();
    #listeners = new Set();
    /** Other limits are for the benchmark, which compares the bounded fit with one on every observation. */
    constructor(limits = { total: SAMPLE_LIMIT, perBand: PER_BAND_LIMIT }) {
        this.#limits = limits;
        this.#all = new ObservationSample(limits);
    }
    record(format, sizeBytes, durationMs) {
        if (!Number.isFinite(durationMs) || durationMs < 0)
            return;
        const observation = { sizeBytes, durationMs };
        this.#all.add(observation);
        const sample = this.#byFormat.get(format) ?? new ObservationSample(this.#limits);
        sample.add(observation);
        this.#byFormat.set(format, sample);
        this.#fits.clear();
        for (const listener of this.#listeners)
            listener();
    }
    /** Calls `listener` after each new observation, until the returned function is called. */
    onRecord(listener) {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }
    estimate(format, sizeBytes) {
        const sameFormat = this.#byFormat.get(format)?.list ?? [];
        const observations = sameFormat.length >= 2 ? sameFormat : this.#all.list;
        if (observations.length === 0)
            return undefined;
        let fit = this.#fits.get(observations);
        if (!fit) {
            fit = fitObservations(observations);
            this.#fits.set(observations, fit);
        }
        const expectedMs = Math.max(0, fit.intercept + fit.slope * sizeBytes);
        const spreadMs = observations.length === 1 ? expectedMs * SINGLE_OBSERVATION_SPREAD : fit.spreadMs;
        return { expectedMs, spreadMs };
    }
}
function fitObservations(observations) {
    const slopes = [];
    for (let i = 0; i < observations.length; i++) {
        for (let j = i + 1; j < observations.length; j++) {
            const a = observations[i];
            const b = observations[j];
            const sizeDifference = b.sizeBytes - a.sizeBytes;
            if (Math.abs(sizeDifference) >= DISTINCT_SIZE_SHARE * Math.max(a.sizeBytes, b.sizeBytes)) {
                slopes.push((b.durationMs - a.durationMs) / sizeDifference);
            }
        }
    }
    let slope;
    let intercept;
    if (slopes.length >= MIN_DISTINCT_PAIRS) {
        slope = Math.max(0, median(slopes));
        intercept = Math.max(0, median(observations.map((o) => o.durationMs - slope * o.sizeBytes)));
    }
    else {
        const totalSize = observations.reduce((sum, o) => sum + o.sizeBytes, 0);
        const totalDuration = observations.reduce((sum, o) => sum + o.durationMs, 0);
        slope = totalSize > 0 ? totalDuration / totalSize : 0;
        intercept = totalSize > 0 ? 0 : totalDuration / observations.length;
    }
    const squaredResiduals = observations.reduce((sum, o) => sum + (o.durationMs - (intercept + slope * o.sizeBytes)) ** 2, 0);
    return { intercept, slope, spreadMs: Math.sqrt(squaredResiduals / observations.length) };
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2
        ? sorted[middle]
        : (sorted[middle - 1] + sorted[middle]) / 2;
}

;// CONCATENATED MODULE: ./lib/convert/poll-delay.js
/** Growth of the plain backoff used while nothing is known about how long conversions take. */
const BACKOFF_FACTOR = 1.6;
/** Once a conversion is due, checks come at least this far apart (share of the expected duration)… */
const DUE_STEP_SHARE = 0.05;
/** …and never more often than this. */
const MIN_STEP_MS = 50;
/**
 * Where the first check lands, in spreads after the expected finish. Each status check is a billed call, so the
 * first one waits until the conversion is more likely finished than not (see bench/results.md for the trade).
 */
const FIRST_CHECK_SPREADS = 0.5;
/**
 * How long to wait before the next status check of one operation.
 *
 * Without an estimate: `initialMs`, then ×1.6 per check, capped, with ±20% jitter so that many documents started
 * together do not poll in lock-step. With an estimate: the first check lands half a spread after the expected
 * finish (never before `initialMs`), when the conversion is more likely finished than not, then one check per
 * spread: about 1.4 checks per conversion where checks from half a spread before the expected finish took about
 * 2, for noticing the end some σ/4 later on average. Once overdue by more than the spread allows, the steps grow with the
 * delay, so a badly wrong estimate degrades into a normal backoff instead of a flood of checks.
 */
function nextPollDelay(timing, checksSoFar, elapsedMs, estimate, random = Math.random) {
    if (estimate === undefined) {
        const jitter = 0.8 + 0.4 * random();
        return clamp(timing.initialMs * BACKOFF_FACTOR ** checksSoFar * jitter, MIN_STEP_MS, timing.capMs);
    }
    const expectedCheckAt = Math.max(0, estimate.expectedMs + FIRST_CHECK_SPREADS * estimate.spreadMs);
    // `poll-interval` is the first wait, whatever was learned: a user who sets it high wants fewer checks.
    const firstCheckAt = Math.max(timing.initialMs, expectedCheckAt);
    if (elapsedMs + MIN_STEP_MS < firstCheckAt) {
        return clamp(firstCheckAt - elapsedMs, MIN_STEP_MS, timing.capMs);
    }
    const overdueMs = Math.max(0, elapsedMs - expectedCheckAt);
    const step = Math.max(MIN_STEP_MS, estimate.spreadMs, estimate.expectedMs * DUE_STEP_SHARE, overdueMs * 0.5);
    return clamp(step, MIN_STEP_MS, timing.capMs);
}
function clamp(value, low, high) {
    return Math.round(Math.min(high, Math.max(low, value)));
}

;// CONCATENATED MODULE: ./lib/convert/scheduler.js




/** Results already decided before scheduling (e.g. impossible format pairs) are passed through untouched. */
async function runJobs(jobs, engine, options) {
    const now = options.now ?? performance.now.bind(performance);
    const wait = options.wait ?? sleep;
    const estimator = new FinishEstimator();
    const results = new Array(jobs.length);
    const { deadline } = options;
    // Biggest first: the longest conversions start early, so the run does not end waiting on one late giant.
    const order = jobs.map((_, index) => index).sort((a, b) => bySizeDescending(jobs[a], jobs[b]));
    let nextInQueue = 0;
    let serviceUnusable;
    /**
     * Sleeps until the next status check is due. A wait planned on plain backoff (nothing learned yet) is planned
     * again when a conversion finishes meanwhile — never later than already planned: the first conversions of a run
     * are then checked as soon as what was learned says they should be done. A wait already planned on an estimate
     * is kept: re-planning it on every finish took the earliest of many noisy estimates, which cost status calls.
     */
    const waitForNextCheck = async (job, checks, submittedAt) => {
        let dueAt = Number.POSITIVE_INFINITY;
        for (;;) {
            const estimate = estimator.estimate(job.format, job.source.sizeBytes);
            const planned = now() + nextPollDelay(options.poll, checks, now() - submittedAt, estimate, options.random);
            dueAt = Math.min(dueAt, planned);
            const learned = new AbortController();
            const stopListening = estimate === undefined ? estimator.onRecord(() => learned.abort(LEARNED)) : () => undefined;
            try {
                await wait(Math.max(0, dueAt - now()), AbortSignal.any([deadline, learned.signal]));
                return;
            }
            catch (error) {
                if (deadline.aborted || !learned.signal.aborted)
                    throw error;
            }
            finally {
                stopListening();
            }
        }
    };
    const convertOne = async (job) => {
        const startedAt = now();
        const finish = (status, outputs, error) => ({
            job,
            status,
            outputs,
            ...(error === undefined ? {} : { error }),
            durationMs: Math.round(now() - startedAt),
        });
        try {
            options.onJobStart?.(job);
            const operationId = await engine.submit(job, deadline);
            const submittedAt = now();
            let state = engine.settled
                ? await engine.settled(operationId, deadline)
                : { state: 'pending' };
            for (let checks = 0; state.state === 'pending'; checks++) {
                await waitForNextCheck(job, checks, submittedAt);
                state = await engine.check(operationId, deadline);
            }
            if (state.state === 'failed')
                return finish('failed', [], state.error);
            estimator.record(job.format, job.source.sizeBytes, state.durationMs ?? now() - submittedAt);
            const outputs = await engine.collect(job, state.outputs, deadline);
            return finish('converted', outputs.sort());
        }
        catch (error) {
            if (deadline.aborted)
                return finish('timed-out', [], reasonText(deadline.reason));
            if (error instanceof ServiceUnusableError)
                serviceUnusable ??= error;
            return finish('failed', [], errorText(error));
        }
    };
    const worker = async () => {
        while (nextInQueue < order.length && !deadline.aborted && !serviceUnusable) {
            const index = order[nextInQueue++];
            const result = await convertOne(jobs[index]);
            results[index] = result;
            options.onJobDone?.(result);
        }
    };
    const workers = Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker);
    await Promise.all(workers);
    return jobs.map((job, index) => {
        const result = results[index];
        if (result)
            return result;
        const notStarted = serviceUnusable
            ? {
                job,
                status: 'failed',
                outputs: [],
                error: `not started: ${serviceUnusable.message}`,
                durationMs: 0,
            }
            : {
                job,
                status: 'timed-out',
                outputs: [],
                error: `not started: ${reasonText(deadline.reason)}`,
                durationMs: 0,
            };
        options.onJobDone?.(notStarted);
        return notStarted;
    });
}
/**
 * Every finish wakes every waiting job, so a wake-up must be cheap: aborting with a shared reason, and `sleep`
 * rejecting with that reason, creates no error object. A default abort builds a DOMException and timers/promises
 * an AbortError, each with a stack: up to `concurrency` of each per finish.
 */
const LEARNED = Symbol('a conversion finished: plan the next check again');
function bySizeDescending(a, b) {
    return (b?.source.sizeBytes ?? 0) - (a?.source.sizeBytes ?? 0);
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
function reasonText(reason) {
    if (reason instanceof Error && reason.name !== 'AbortError')
        return reason.message;
    return typeof reason === 'string' ? reason : 'the run was stopped';
}

;// CONCATENATED MODULE: ./lib/convert/api-calls-section.js

/** `**12 calls** to the conversion service: token 1 · formats 1 · upload 2 · …` (kinds with no call left out). */
function apiCallsLine(counts) {
    const parts = API_CALL_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${kind} ${counts[kind]}`);
    const total = `**${counts.total} call${counts.total === 1 ? '' : 's'}** to the conversion service`;
    return parts.length === 0 ? total : `${total}: ${parts.join(' · ')}`;
}
/** Output `api-calls` (`{"token":1,"formats":1,"upload":3,…,"total":N}`); the summary line only when asked. */
function apiCallsSection(counts, inSummary) {
    return {
        summary: inSummary
            ? `${apiCallsLine(counts)} (each attempt counts; GroupDocs bills every call).\n\n`
            : '',
        outputs: { 'api-calls': JSON.stringify(counts) },
    };
}

;// CONCATENATED MODULE: ./lib/convert/engines/browser/html-dependencies.js
/**
 * The workspace files an HTML source's page loads besides its own bytes (stylesheets, images, fonts, framed pages),
 * found the way the network guard answers them: each address resolved against the URL of the file that names it,
 * then judged by resolveLocalResource from the workspace's root. Stylesheets and framed pages are read for what they
 * load in turn. Scripts never run, so what the page can load is written in these files. A page with `<base>` (which
 * moves every address) or past the bounds is listed as incomplete, so the cache never reuses it.
 */








/** More files than a page a person reads loads; past it the listing says it is incomplete. */
const MAX_LISTED_RESOURCES = 200;
/** Addresses read from one file (repeats included) before the listing gives up. */
const MAX_ADDRESSES_PER_FILE = 10_000;
const HTML_LIKE = new Set(['.html', '.htm', '.svg', '.xhtml']);
async function htmlResourceFiles(sourcePath, workspacePath, workspace) {
    const pageUrl = documentUrl(workspacePath);
    const queue = [{ url: pageUrl, file: sourcePath, kind: 'html', limit: MAX_HTML_SOURCE_BYTES }];
    const resources = new Map();
    try {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            for (const address of await addressesIn(next)) {
                if (address === 'base')
                    return { complete: false, why: `${next.url} has a <base> element` };
                const wanted = guardedPath(address, next.url);
                if (wanted === undefined || wanted === workspacePath || resources.has(wanted))
                    continue;
                const verdict = await resolveLocalResource(`/${wanted}`, external_node_path_.dirname(sourcePath), workspace);
                const file = verdict.kind === 'local' ? verdict.path : undefined;
                resources.set(wanted, { reference: wanted, file });
                if (resources.size > MAX_LISTED_RESOURCES) {
                    return { complete: false, why: `it loads more than ${MAX_LISTED_RESOURCES} files` };
                }
                const extension = external_node_path_.extname(wanted).toLowerCase();
                const url = `${DOCUMENT_ORIGIN}/${wanted}`;
                const limit = MAX_RESOURCE_BYTES;
                if (file !== undefined && extension === '.css')
                    queue.push({ url, file, kind: 'css', limit });
                if (file !== undefined && HTML_LIKE.has(extension))
                    queue.push({ url, file, kind: 'html', limit });
            }
        }
    }
    catch (error) {
        return { complete: false, why: `not read (${error.message})` };
    }
    return { complete: true, resources: [...resources.values()] };
}
/** The addresses a file loads, or 'base' where a <base> element moves them all. */
async function addressesIn({ file, kind, limit }) {
    const { size } = await (0,promises_.stat)(file);
    if (size > limit)
        return [];
    if (kind === 'css') {
        // Read as the guard reads it: a stylesheet the page would not get loads nothing.
        const read = await readBounded(file, limit);
        return read.ok ? cssAddresses(read.bytes.toString('utf8')).map((found) => found.address) : [];
    }
    const addresses = [];
    await visitHtmlAddresses(fileChunks(file), ({ address, written }) => {
        addresses.push(written.startsWith('<base ') ? 'base' : address);
        if (addresses.length > MAX_ADDRESSES_PER_FILE) {
            throw new Error(`it names more than ${MAX_ADDRESSES_PER_FILE} addresses`);
        }
        return undefined;
    });
    return addresses;
}
/** The workspace path the page's request for `address` names, or undefined when it is not one (remote, data:). */
function guardedPath(address, base) {
    const written = address.trim();
    if (written === '' || written.startsWith('#'))
        return undefined;
    let url;
    try {
        url = new URL(written, base);
    }
    catch {
        return undefined;
    }
    if (url.origin !== DOCUMENT_ORIGIN)
        return undefined;
    const wanted = workspacePathOf(url.href);
    return wanted === 'favicon.ico' ? undefined : wanted;
}

;// CONCATENATED MODULE: ./lib/convert/engines/dependencies.js





/** The Markdown renderer inlines images up to these. */
const MARKDOWN_LIMITS = { fileBytes: MAX_IMAGE_BYTES, totalBytes: MAX_IMAGE_BYTES_PER_DOCUMENT };
/** The network guard answers an HTML page's requests up to these. */
const HTML_PAGE_LIMITS = {
    fileBytes: MAX_RESOURCE_BYTES,
    totalBytes: MAX_DOCUMENT_RESOURCE_BYTES,
};
const NONE = { complete: true, dependencies: [], limits: MARKDOWN_LIMITS };
function dependencyListerFor(settings) {
    if (settings.engine.engine !== 'local')
        return async () => NONE;
    return async (document) => {
        if (programFor(document.extension) !== 'browser')
            return NONE;
        if (!isMarkdown(document.extension)) {
            const page = await htmlResourceFiles(document.absolutePath, document.workspacePath, settings.workspace);
            if (!page.complete)
                return page;
            return { complete: true, dependencies: page.resources, limits: HTML_PAGE_LIMITS };
        }
        const listed = await markdownImageFiles(document.absolutePath, settings.workspace);
        if (!listed.complete)
            return listed;
        return {
            complete: true,
            dependencies: listed.images.map(({ url, file }) => ({ reference: url, file })),
            limits: MARKDOWN_LIMITS,
        };
    };
}

;// CONCATENATED MODULE: ./lib/convert/index.js
/**
 * The convert stage: the jobs the cache does not hold go to the engine the settings name, at most `concurrency` at a
 * time, all under the one deadline; then the engine's remote files are deleted. Failed documents are results too.
 */
















const PROGRESS_EVERY_MS = 10_000;
/** Waits between status checks never grow past this. */
const POLL_CAP_MS = 30_000;
/** Time left for deleting the run's remote folder after a timeout or cancellation. */
const CLEANUP_GRACE_MS = 5_000;
const CLEANUP_NORMAL_MS = 60_000;
/** The job summary lists at most this many engine notices (one per document); the log has every warning. */
const MAX_NOTICES = 100;
async function convertStage(settings, plan, runner, context) {
    // A shard can get no documents (more shards than documents): it reports an empty share and calls nothing.
    if (plan.jobs.length === 0)
        return { results: [], cancelled: false, notices: [], engineReports: [] };
    const engine = createEngine(settings, plan, runner, context);
    const deadline = (0,convert_deadline/* startDeadline */.d)(settings.timeoutMs, (0,duration/* formatDuration */.a)(settings.timeoutMs));
    try {
        const unprepared = await prepareEngine(engine, deadline.signal);
        const results = unprepared !== undefined
            ? plan.jobs.map((job) => ({ job, ...unprepared, outputs: [], durationMs: 0 }))
            : await core/* group */.Os('Convert', () => convertUntilDeadline(settings, plan, engine, deadline.signal, context.knownPairs));
        const notices = (engine.notices?.() ?? []).slice(0, MAX_NOTICES).map((line) => (0,untrusted_text/* untrustedText */.Ui)(line, 600));
        return { results, cancelled: deadline.cancelled, notices, engineReports: engine.reports?.() ?? [] };
    }
    finally {
        deadline.dispose();
        await core/* group */.Os('Clean up', () => cleanUp(engine, deadline.signal.aborted));
    }
}
/** Runs the engine's set-up; what every document reports when it failed. */
async function prepareEngine(engine, deadline) {
    try {
        await engine.prepare?.(deadline);
        return undefined;
    }
    catch (error) {
        const message = (0,untrusted_text/* untrustedText */.Ui)(messageOf(error));
        core/* error */.z3(message);
        return { status: deadline.aborted ? 'timed-out' : 'failed', error: message };
    }
}
async function convertUntilDeadline(settings, plan, engine, deadline, knownPairs) {
    const started = Date.now();
    const done = [];
    let rejected = [];
    let runnable = plan.jobs;
    try {
        if (everyPairKnown(plan.jobs, knownPairs)) {
            core/* info */.pq('Every format pair was converted by an earlier run (the cache): the format list is not asked for.');
        }
        else {
            ({ runnable, rejected } = checkFormatPairs(plan.jobs, await engine.supportedTargets(deadline)));
        }
    }
    catch (error) {
        if (error instanceof ServiceUnusableError) {
            return plan.jobs.map((job) => ({
                job,
                status: 'failed',
                outputs: [],
                error: error.message,
                durationMs: 0,
            }));
        }
        // Past the deadline, runJobs below reports every job as not started.
        if (!deadline.aborted) {
            core/* warning */.$e(`Could not read the supported formats (${(0,untrusted_text/* untrustedText */.Ui)(messageOf(error))}); trying every pair.`);
        }
    }
    done.push(...rejected);
    const logDocument = documentLogger(plan.jobs.length);
    for (const r of rejected)
        logDocument(r);
    const total = plan.jobs.length;
    const progress = setInterval(() => core/* info */.pq((0,convert_results/* progressLine */.oz)(done, total)), PROGRESS_EVERY_MS);
    progress.unref();
    try {
        const ran = await runJobs(runnable, engine, {
            concurrency: settings.concurrency,
            deadline,
            poll: { initialMs: settings.pollIntervalMs, capMs: Math.max(settings.pollIntervalMs, POLL_CAP_MS) },
            onJobDone: (result) => {
                done.push(result);
                logDocument(result);
            },
        });
        core/* info */.pq(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(0,convert_results/* progressLine */.oz)(done, total)}`);
        const byJob = new Map([...rejected, ...ran].map((r) => [r.job, r]));
        return plan.jobs.map((job) => byJob.get(job));
    }
    finally {
        clearInterval(progress);
    }
}
async function cleanUp(engine, afterAbort) {
    try {
        const deleted = await engine.cleanup(AbortSignal.timeout(afterAbort ? CLEANUP_GRACE_MS : CLEANUP_NORMAL_MS));
        if (deleted)
            core/* info */.pq('Deleted the run’s files from the conversion service’s storage.');
    }
    catch (error) {
        core/* warning */.$e(`Could not delete the run’s files from the service’s storage: ${(0,untrusted_text/* untrustedText */.Ui)(messageOf(error))}`);
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(42377);
;// CONCATENATED MODULE: ./lib/plan/build-plan.js
/** Which files to convert and where each output goes: patterns → documents → one job per (document, format). */





/** The plan cannot be made: the patterns or the files they match break a rule. Lists every problem found. */
class PlanError extends Error {
    problems;
    constructor(problems) {
        super(summarise(problems));
        this.name = 'PlanError';
        this.problems = problems;
    }
}
/**
 * Matches patterns the way actions/upload-artifact does: a directory line means every file below it, `!` excludes.
 * Relative patterns are taken against the workspace, whatever the current directory. Files inside hidden folders
 * or with hidden names (starting with `.`, such as `.git/…`) are left out unless a pattern names that hidden
 * part literally (`.github/docs`), so `path: .` never converts the repository's metadata.
 */
const globFinder = {
    async find(patterns, workspace) {
        const lines = patterns.flatMap((pattern) => {
            const { negated, body } = splitNegation(pattern);
            // An empty line (or a bare "!") would otherwise mean the whole workspace.
            return body === '' ? [] : [`${negated ? '!' : ''}${globAgainstWorkspace(body, workspace)}`];
        });
        const globber = await glob/* create */.v(lines.join('\n'), {
            matchDirectories: false,
            implicitDescendants: true,
            followSymbolicLinks: true,
            // Hidden files are filtered below instead: this option would drop everything in a workspace named `.x`.
            excludeHiddenFiles: false,
        });
        const namedHidden = hiddenNamesIn(patterns);
        const files = await globber.glob();
        return files.filter((file) => !hasUnnamedHiddenPart(external_node_path_.relative(workspace, file), namedHidden));
    },
};
/** Hidden names (`.github`, `.drafts`) written literally, without glob characters, in include patterns. */
function hiddenNamesIn(patterns) {
    const names = new Set();
    for (const pattern of patterns) {
        const { negated, body } = splitNegation(pattern);
        if (negated)
            continue;
        for (const part of body.split(/[\\/]/)) {
            if (part.startsWith('.') && part !== '.' && part !== '..' && !/[*?[]/.test(part))
                names.add(part);
        }
    }
    return names;
}
/**
 * Why a file is not read although a pattern matched it, judged on the path it was matched under and the path it
 * really leads to (symlinks resolved): `.git` is never read (it holds the checkout's credentials), and a hidden
 * place is read only when a pattern names it, whichever way the file is reached.
 */
function hiddenPlaceReached(relativePaths, namedHidden) {
    const parts = relativePaths.flatMap((relative) => relative.split(external_node_path_.sep));
    if (parts.some((part) => part.toLowerCase() === '.git'))
        return "inside the repository's .git directory, which is never read";
    const hidden = parts.find((part) => part.startsWith('.') && part !== '..' && part !== '.' && !namedHidden.has(part));
    if (hidden !== undefined)
        return `inside the hidden ${build_plan_quote(hidden)}, which no pattern names`;
    return undefined;
}
function hasUnnamedHiddenPart(relative, namedHidden) {
    if (relative === '..' || relative.startsWith(`..${external_node_path_.sep}`) || external_node_path_.isAbsolute(relative))
        return false;
    return relative.split(external_node_path_.sep).some((part) => part.startsWith('.') && !namedHidden.has(part));
}
/** Builds the plan. An empty plan is not an error here: the caller applies `if-no-files-found`. */
async function buildPlan(settings, finder = globFinder) {
    const places = await placesOf(settings);
    const patternProblems = patternsLeavingWorkspace(settings.patterns, places);
    if (patternProblems.length > 0)
        throw new PlanError(patternProblems);
    const found = await finder.find(settings.patterns, settings.workspace);
    const { candidates, problems, skipped } = await collectCandidates(found, places, hiddenNamesIn(settings.patterns));
    if (problems.length > 0)
        throw new PlanError(problems);
    const documents = [];
    for (const candidate of candidates) {
        const document = sourceDocumentOf(candidate, places, problems);
        if (document !== undefined)
            documents.push(document);
    }
    if (problems.length > 0)
        throw new PlanError(problems);
    const jobs = jobsFor(documents, settings, places, problems);
    if (problems.length > 0)
        throw new PlanError(problems);
    return { documents, jobs, ...(skipped.length > 0 ? { skipped } : {}) };
}
async function placesOf(settings) {
    return {
        workspace: settings.workspace,
        realWorkspace: await promises_.realpath(settings.workspace),
        outputDir: settings.outputDir,
        realOutputDir: realLocation(settings.outputDir),
        baseDir: settings.baseDir,
    };
}
function patternsLeavingWorkspace(patterns, places) {
    const problems = [];
    for (const pattern of patterns) {
        const { negated, body } = splitNegation(pattern);
        // An exclude outside the workspace excludes nothing and harms nothing.
        if (negated || body === '')
            continue;
        const absolute = external_node_path_.resolve(places.workspace, body);
        if (!isInsideDirectory(places.workspace, absolute) &&
            !isInsideDirectory(places.realWorkspace, absolute)) {
            problems.push(`Input "path" has the pattern ${build_plan_quote(pattern)}, which points outside the workspace (${places.workspace}). ` +
                'Only files inside the workspace can be converted.');
        }
    }
    return problems;
}
async function collectCandidates(found, places, namedHidden) {
    const problems = [];
    const skipped = [];
    const candidates = [];
    // Sorted first so that problems are listed in the same order on every run.
    const absolutePaths = found
        .map((foundPath) => external_node_path_.resolve(places.workspace, foundPath))
        .sort(compareBytes);
    // Looked at in slices of files at once: one after another, the file system's round trips were most of the time
    // of planning 100,000 documents.
    for (let start = 0; start < absolutePaths.length; start += FILES_INSPECTED_AT_ONCE) {
        const slice = absolutePaths.slice(start, start + FILES_INSPECTED_AT_ONCE);
        for (const found of await Promise.all(slice.map((absolute) => inspect(absolute, places, namedHidden)))) {
            if (found === undefined)
                continue;
            if ('problem' in found)
                problems.push(found.problem);
            else if ('skipped' in found)
                skipped.push(found.skipped);
            else
                candidates.push(found);
        }
    }
    return { candidates: uniqueInByteOrder(candidates), problems, skipped };
}
const FILES_INSPECTED_AT_ONCE = 256;
/**
 * A matched file as a candidate, a problem with it, a reason it is skipped (it leads into `.git` or an unnamed hidden
 * place), or undefined when it is not a source (gone, an output, not a file).
 */
async function inspect(absolute, places, namedHidden) {
    let real;
    try {
        real = await promises_.realpath(absolute);
    }
    catch {
        return undefined; // gone since it was matched, or a broken link: nothing to convert
    }
    if (!isInsideDirectory(places.realWorkspace, real)) {
        return {
            problem: `${build_plan_quote(displayPath(absolute, places))} matched by input "path" leads to ${build_plan_quote(real)}, outside the ` +
                'workspace. Only files inside the workspace can be converted; exclude it with a "!" line.',
        };
    }
    const matchedPath = isInsideDirectory(places.workspace, absolute)
        ? absolute
        : external_node_path_.join(places.workspace, external_node_path_.relative(places.realWorkspace, real));
    const hiddenPlace = hiddenPlaceReached([external_node_path_.relative(places.workspace, matchedPath), external_node_path_.relative(places.realWorkspace, real)], namedHidden);
    if (hiddenPlace !== undefined) {
        return {
            skipped: `${build_plan_quote(displayPath(absolute, places))} matched by input "path" was skipped: it leads to ` +
                `${build_plan_quote(toPosix(external_node_path_.relative(places.realWorkspace, real)))}, ${hiddenPlace}.`,
        };
    }
    // Earlier outputs are never sources, so a re-run does not convert its own results.
    if (isInsideDirectory(places.outputDir, matchedPath) || isInsideDirectory(places.realOutputDir, real)) {
        return undefined;
    }
    const stats = await promises_.stat(real);
    if (!stats.isFile())
        return undefined;
    return {
        absolutePath: real,
        matchedPath,
        workspacePath: toPosix(external_node_path_.relative(places.workspace, matchedPath)),
        sizeBytes: stats.size,
    };
}
/** Sorted by workspace path in byte order; one entry per real file (the first name it was found under). */
function uniqueInByteOrder(candidates) {
    const sorted = [...candidates].sort((a, b) => compareBytes(a.workspacePath, b.workspacePath));
    const seen = new Set();
    return sorted.filter((candidate) => {
        if (seen.has(candidate.absolutePath))
            return false;
        seen.add(candidate.absolutePath);
        return true;
    });
}
function sourceDocumentOf(candidate, places, problems) {
    if (!isInsideDirectory(places.baseDir, candidate.matchedPath)) {
        problems.push(`${build_plan_quote(candidate.workspacePath)} is not below base-dir ${build_plan_quote(displayPath(places.baseDir, places))}. ` +
            'Change base-dir, or exclude the file with a "!" line in input "path".');
        return undefined;
    }
    const name = external_node_path_.basename(candidate.matchedPath);
    const extension = external_node_path_.extname(name);
    const subdir = external_node_path_.posix.dirname(toPosix(external_node_path_.relative(places.baseDir, candidate.matchedPath)));
    return {
        absolutePath: candidate.absolutePath,
        workspacePath: candidate.workspacePath,
        outputSubdir: subdir === '.' ? '' : subdir,
        stem: name.slice(0, name.length - extension.length),
        extension: extension.slice(1).toLowerCase(),
        sizeBytes: candidate.sizeBytes,
    };
}
function jobsFor(documents, settings, places, problems) {
    const jobs = [];
    const firstSourceOf = new Map();
    const reportedPairs = new Set();
    const subdirChecked = new Map();
    for (const [documentIndex, source] of documents.entries()) {
        const outputDirectory = external_node_path_.join(settings.outputDir, ...source.outputSubdir.split('/').filter(Boolean));
        if (!subdirChecked.has(outputDirectory)) {
            subdirChecked.set(outputDirectory, outputStaysInside(outputDirectory, places));
        }
        for (const format of settings.formats) {
            const fileName = `${source.stem}${isImageFormat(format) ? '-page-1' : ''}.${format}`;
            const outputFile = external_node_path_.join(outputDirectory, fileName);
            if (!subdirChecked.get(outputDirectory) ||
                outputFile === settings.outputDir ||
                !isInsideDirectory(settings.outputDir, outputFile)) {
                problems.push(`${build_plan_quote(source.workspacePath)} would be written to ${build_plan_quote(outputFile)}, outside output-dir ` +
                    `${build_plan_quote(displayPath(settings.outputDir, places))}. Rename the file or exclude it with a "!" line.`);
                continue;
            }
            const expectedOutput = toPosix(external_node_path_.relative(settings.workspace, outputFile));
            const key = collisionKey(expectedOutput);
            const earlier = firstSourceOf.get(key);
            if (earlier === undefined) {
                firstSourceOf.set(key, source);
            }
            else if (!reportedPairs.has(`${earlier.workspacePath}\n${source.workspacePath}`)) {
                reportedPairs.add(`${earlier.workspacePath}\n${source.workspacePath}`);
                problems.push(`${build_plan_quote(earlier.workspacePath)} and ${build_plan_quote(source.workspacePath)} would both be converted to ` +
                    `${build_plan_quote(expectedOutput)}. Exclude one of them, e.g. add the line ` +
                    `${build_plan_quote(`!${escapeGlob(source.workspacePath)}`)} to input "path".`);
            }
            jobs.push({
                id: `${documentIndex}-${format}`,
                documentIndex,
                source,
                format,
                outputDirectory,
                expectedOutput,
            });
        }
    }
    return jobs;
}
/** A folder inside output-dir may already exist as a symlink leading elsewhere; writing through it is refused. */
function outputStaysInside(outputDirectory, places) {
    return isInsideDirectory(places.realOutputDir, realLocation(outputDirectory));
}
/** Output names that the file system would treat as one file. */
function collisionKey(workspacePath) {
    const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
    return caseInsensitive ? workspacePath.toLowerCase() : workspacePath;
}
function splitNegation(pattern) {
    let negated = false;
    let body = pattern.trim();
    while (body.startsWith('!')) {
        negated = !negated;
        body = body.slice(1).trim();
    }
    return { negated, body };
}
/**
 * The pattern made absolute against the workspace, with the workspace part escaped so that a workspace path
 * holding `*`, `?` or `[` is taken literally while the user's part keeps its glob meaning.
 */
function globAgainstWorkspace(pattern, workspace) {
    const absolute = external_node_path_.isAbsolute(pattern) ? external_node_path_.normalize(pattern) : external_node_path_.join(workspace, pattern);
    if (absolute === workspace || absolute.startsWith(withTrailingSeparator(workspace))) {
        return escapeGlob(workspace) + absolute.slice(workspace.length);
    }
    return absolute;
}
function withTrailingSeparator(directory) {
    return directory.endsWith(external_node_path_.sep) ? directory : directory + external_node_path_.sep;
}
/** Escapes glob characters so @actions/glob matches the text literally. */
function escapeGlob(text) {
    const escaped = process.platform === 'win32' ? text : text.replace(/\\/g, '\\\\');
    return escaped.replace(/[*?[]/g, (character) => `[${character}]`);
}
function displayPath(absolute, places) {
    if (isInsideDirectory(places.workspace, absolute)) {
        return toPosix(external_node_path_.relative(places.workspace, absolute)) || '.';
    }
    return absolute;
}
function toPosix(relative) {
    return relative.split(external_node_path_.sep).join('/');
}
function compareBytes(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
function build_plan_quote(value) {
    return JSON.stringify(value);
}
/** Long lists are cut so the step log stays readable; every problem is still in PlanError.problems. */
function summarise(problems) {
    const shown = 20;
    if (problems.length <= shown)
        return problems.join('\n');
    return [...problems.slice(0, shown), `…and ${problems.length - shown} more.`].join('\n');
}

// EXTERNAL MODULE: ./lib/plan/pull-request-files.js
var pull_request_files = __webpack_require__(20250);
;// CONCATENATED MODULE: ./lib/plan/changed-only.js
/**
 * Plan filter for pull requests: keeps the jobs of documents the pull request adds or modifies, and sets the others
 * aside as unchanged (not converted, not failed). The pull request's file list comes from the REST API, so a shallow
 * checkout is enough. Whenever the list cannot be trusted whole, every document is converted, with a notice.
 */



/** Reads one page (from 1) of a pull request's file list, `PAGE_SIZE` entries at most. */

/** The whole list is read within this (main's signal), or every document is converted. */
const LIST_TIMEOUT_MS = 30_000;
/** Statuses of a file whose content in the pull request is new or different. `removed` and `unchanged` are not. */
const CHANGED_STATUSES = new Set(['added', 'modified', 'renamed', 'copied', 'changed']);
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** True when the run should convert only what the pull request changes. */
function wantsChangedOnly(mode, eventName) {
    return mode === 'always' || (mode === 'auto' && PULL_REQUEST_EVENTS.has(eventName));
}
async function keepChangedDocuments(plan, context, signal) {
    const everything = (notice) => ({ plan, unchanged: [], notice });
    if (!wantsChangedOnly(context.mode, context.eventName))
        return everything();
    const fallback = 'changed-only: converting every document, because';
    if (context.pullRequestNumber === undefined) {
        return everything(`${fallback} this run belongs to no pull request (event ${context.eventName || 'unknown'})`);
    }
    if (context.pages === undefined)
        return everything(`${fallback} no github-token was given to read its files`);
    const listed = await changedFiles(context.pages, signal);
    if (listed.kind === 'unreadable') {
        return everything(`${fallback} the files of pull request #${context.pullRequestNumber} could not be read (${listed.reason})`);
    }
    if (listed.kind === 'truncated') {
        return everything(`${fallback} pull request #${context.pullRequestNumber} changes ${pull_request_files/* MAX_LISTED_FILES */.Zh} files or more, ` +
            'more than GitHub lists');
    }
    const changedDocuments = new Set();
    const repositoryPaths = new RepositoryPaths(context.workspace);
    for (const [index, document] of plan.documents.entries()) {
        if (listed.paths.has(await repositoryPaths.of(document.workspacePath)))
            changedDocuments.add(index);
    }
    const jobs = plan.jobs.filter((job) => changedDocuments.has(job.documentIndex));
    const unchanged = plan.jobs.filter((job) => !changedDocuments.has(job.documentIndex));
    return {
        plan: { documents: plan.documents, jobs },
        unchanged,
        pullRequestFiles: listed.files,
        notice: `changed-only: pull request #${context.pullRequestNumber} changes ${changedDocuments.size} of ` +
            `${plan.documents.length} document(s); ${plan.documents.length - changedDocuments.size} unchanged, not converted`,
    };
}
/** The stage as main runs it: the event and token from the runner, the list through the REST API. */
async function selectChangedDocuments(settings, plan, environment) {
    const { mode } = settings.changedOnly;
    const number = environment.pullRequest?.number;
    let pages;
    if (wantsChangedOnly(mode, environment.eventName) && number !== undefined && settings.publish.githubToken) {
        // Loaded only when needed: the GitHub client is a large part of the bundle's start-up.
        const { createGitHubClient } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 70636));
        const octokit = createGitHubClient(settings.publish.githubToken, environment);
        if (octokit)
            pages = pullRequestFilePages(octokit, environment.repository, number);
    }
    return keepChangedDocuments(plan, {
        mode,
        eventName: environment.eventName,
        pullRequestNumber: number,
        pages,
        workspace: settings.workspace,
    }, AbortSignal.timeout(LIST_TIMEOUT_MS));
}
/** Pages of `GET /repos/{owner}/{repo}/pulls/{number}/files`. */
function pullRequestFilePages(octokit, repository, number) {
    return (page, signal) => (0,pull_request_files/* pullRequestFilePage */.a$)(octokit, repository, number, page, signal);
}
/** Reads the list page by page, at most MAX_PAGES, keeping the paths whose content the pull request changes. */
async function changedFiles(pages, signal) {
    const paths = new Set();
    const all = [];
    let listed = 0;
    try {
        for (let page = 1; page <= pull_request_files/* MAX_PAGES */.Y0; page++) {
            const files = await pages(page, signal);
            listed += files.length;
            all.push(...files);
            for (const file of files) {
                if (typeof file.filename === 'string' && CHANGED_STATUSES.has(file.status))
                    paths.add(file.filename);
            }
            if (files.length < pull_request_files/* PAGE_SIZE */.md)
                return { kind: 'complete', paths, files: all };
        }
    }
    catch (error) {
        const reason = signal.aborted
            ? 'no complete answer in time'
            : error instanceof Error
                ? error.message
                : String(error);
        return { kind: 'unreadable', reason };
    }
    return listed >= pull_request_files/* MAX_LISTED_FILES */.Zh ? { kind: 'truncated' } : { kind: 'complete', paths, files: all };
}
/**
 * Paths from the root of the checkout holding each document (the nearest directory above it with a `.git`), as the
 * pull request's list names them. The checkout need not be the workspace (actions/checkout's `path`). Without a
 * `.git` anywhere above, paths are taken from the workspace.
 */
class RepositoryPaths {
    #workspace;
    #roots = new Map();
    constructor(workspace) {
        this.#workspace = workspace;
    }
    async of(workspacePath) {
        const absolute = external_node_path_.join(this.#workspace, workspacePath);
        const root = await this.#rootOf(external_node_path_.dirname(absolute));
        return external_node_path_.relative(root, absolute).split(external_node_path_.sep).join('/');
    }
    #rootOf(directory) {
        let root = this.#roots.get(directory);
        if (root === undefined) {
            root = this.#findRoot(directory);
            this.#roots.set(directory, root);
        }
        return root;
    }
    async #findRoot(directory) {
        const hasGit = await (0,promises_.lstat)(external_node_path_.join(directory, '.git')).then(() => true, () => false);
        if (hasGit)
            return directory;
        const parent = external_node_path_.dirname(directory);
        return parent === directory ? this.#workspace : this.#rootOf(parent);
    }
}

;// CONCATENATED MODULE: ./lib/plan/shard.js
/**
 * One plan spread over a matrix of jobs. Every job plans the same documents from the same checkout, then keeps its
 * share: documents are placed largest first onto the shard with the fewest bytes so far (then the fewest
 * documents, then the lowest number), sizes tied by path in byte order — so every process computes the same split
 * without talking to the others, each document lands in exactly one shard, and the shards carry about equal bytes.
 * A document's formats stay together, so it is uploaded once.
 */
/** The shard (0-based) of each document, in the order given. */
function assignShards(documents, count) {
    const order = documents.map((_, index) => index);
    const keys = documents.map((document) => Buffer.from(document.workspacePath, 'utf8'));
    order.sort((a, b) => (documents[b]?.sizeBytes ?? 0) - (documents[a]?.sizeBytes ?? 0) ||
        Buffer.compare(keys[a], keys[b]));
    const bytes = new Array(count).fill(0);
    const documentsIn = new Array(count).fill(0);
    const assigned = new Array(documents.length);
    for (const index of order) {
        let lightest = 0;
        for (let shard = 1; shard < count; shard++) {
            const lighter = bytes[shard] - bytes[lightest] ||
                documentsIn[shard] - documentsIn[lightest];
            if (lighter < 0)
                lightest = shard;
        }
        assigned[index] = lightest;
        bytes[lightest] = bytes[lightest] + (documents[index]?.sizeBytes ?? 0);
        documentsIn[lightest] = documentsIn[lightest] + 1;
    }
    return assigned;
}
/** This job's share of the plan. Jobs keep their ids, so storage keys stay unique across the matrix. */
function shareOf(plan, shard) {
    const assigned = assignShards(plan.documents, shard.count);
    const mine = new Set(plan.documents.filter((_, index) => assigned[index] === shard.index - 1));
    return {
        documents: plan.documents.filter((document) => mine.has(document)),
        jobs: plan.jobs.filter((job) => mine.has(job.source)),
    };
}
/** The artifact a shard uploads its outputs and report under, e.g. `converted-documents-shard-2-of-4`. */
function shardArtifactName(artifactName, shard) {
    return `${artifactName}-shard-${shard.index}-of-${shard.count}`;
}
/**
 * What a converting shard publishes: its outputs and its report as an artifact of its own, for the publishing job
 * to download. A commit, release assets and the comment would come once per shard, so they are left to that job.
 */
function shardPublishing(publish, shard) {
    const leftOut = [...publish.targets].filter((target) => target !== 'artifact');
    if (publish.prComment === 'always')
        leftOut.push('pr-comment');
    const notice = leftOut.length === 0
        ? undefined
        : `shard ${shard.index}/${shard.count}: ${leftOut.join(', ')} are left to the publish-only job, which publishes every shard's results once`;
    return {
        publish: {
            ...publish,
            targets: new Set(['artifact']),
            artifactName: shardArtifactName(publish.artifactName, shard),
            artifactPerFile: false,
            prComment: 'never',
        },
        notice,
    };
}
/** The settings publishing runs with: as given, or a shard's (see shardPublishing), with its notice. */
function publishingFor(settings) {
    const shard = settings.sharding.shard;
    if (!shard)
        return { settings, notice: undefined };
    const { publish, notice } = shardPublishing(settings.publish, shard);
    return { settings: { ...settings, publish }, notice };
}

// EXTERNAL MODULE: ./lib/common/markdown.js
var markdown = __webpack_require__(88220);
;// CONCATENATED MODULE: ./lib/plan/unchanged-section.js
/** How documents left out by changed-only show up: output `unchanged`, and a folded list in the job summary. */


/** Names listed in the summary at most; the rest are counted. The summary must stay well under GitHub's 1 MiB. */
const LISTED_AT_MOST = 200;
function unchangedSection(unchanged) {
    const outputs = { unchanged: unchanged.length };
    if (unchanged.length === 0)
        return { summary: '', outputs };
    const sources = [...new Set(unchanged.map((job) => job.source.workspacePath))];
    const listed = sources
        .slice(0, LISTED_AT_MOST)
        .map((source) => `- ${(0,markdown/* escapeMarkdown */.F)((0,untrusted_text/* untrustedText */.Ui)(source))}`);
    if (sources.length > LISTED_AT_MOST)
        listed.push(`- … and ${sources.length - LISTED_AT_MOST} more`);
    return {
        summary: `<details><summary>${sources.length} document(s) unchanged by the pull request, not converted</summary>\n\n` +
            `${listed.join('\n')}\n\n</details>\n\n`,
        outputs,
    };
}

;// CONCATENATED MODULE: ./lib/plan/index.js
/**
 * The plan stage: the documents the patterns find, one job per target format, this shard's share of them, and (on a
 * pull request, with changed-only) only those the pull request changes. A dry run stops before changed-only.
 */







async function planStage(settings, runner) {
    const { plan: found, planned } = await core/* group */.Os('Plan', () => planAndPrint(settings));
    if (planned === 0) {
        reportNoFiles(settings);
        return { kind: 'no-files' };
    }
    if (settings.dryRun)
        return { kind: 'dry-run', plan: found };
    // In every job of a matrix alike: the publishing job expects reports of what the shards kept.
    const changes = await selectChangedDocuments(settings, found, runner);
    if (changes.notice)
        core/* notice */.lm(changes.notice);
    const section = unchangedSection(changes.unchanged);
    if (changes.plan.jobs.length === 0 && !settings.sharding.shard && !settings.sharding.publishOnly) {
        return { kind: 'nothing-changed', section };
    }
    return { kind: 'convert', plan: changes.plan, pullRequestFiles: changes.pullRequestFiles, section };
}
/** The plan, or this shard's share of it; `planned` counts the whole plan's conversions. */
async function planAndPrint(settings) {
    const whole = await buildPlan(settings, globFinder);
    const shard = settings.sharding.shard;
    const plan = shard && whole.jobs.length > 0 ? shareOf(whole, shard) : whole;
    const share = shard ? `shard ${shard.index}/${shard.count}: ` : '';
    const of = shard ? ` (of ${whole.documents.length} planned)` : '';
    core/* info */.pq(`${share}${plan.documents.length} document(s)${of}, ${plan.jobs.length} conversion(s) to ${settings.formats.join(', ')}`);
    for (const skipped of whole.skipped ?? [])
        core/* warning */.$e((0,untrusted_text/* untrustedText */.Ui)(skipped, untrusted_text/* SHOWN_MESSAGE_LENGTH */.dt));
    logPlannedJobs(plan.jobs);
    return { plan, planned: whole.jobs.length };
}
function reportNoFiles(settings) {
    // The publishing job plans from its own checkout, to know which documents every shard should have reported.
    const hint = settings.sharding.publishOnly
        ? ' publish-only plans from the checkout: check out the repository first.'
        : '';
    const message = `No files were found with the provided path: ${(0,untrusted_text/* untrustedText */.Ui)(settings.patterns.join(', '))}. No documents were converted.${hint}`;
    if (settings.ifNoFilesFound === 'error')
        core/* setFailed */.C1(message);
    else if (settings.ifNoFilesFound === 'warn')
        core/* warning */.$e(message);
    else
        core/* info */.pq(message);
}

// EXTERNAL MODULE: ./lib/github/http-errors.js
var http_errors = __webpack_require__(38291);
// EXTERNAL MODULE: ./lib/previews/wanted.js
var wanted = __webpack_require__(18190);
;// CONCATENATED MODULE: ./lib/previews/index.js
/**
 * The previews stage as main calls it: decides whether to run, loads the renderer only then, converts base
 * versions with the converter main hands in, within what is left of the run's one deadline, and never fails the
 * step (a problem is a warning).
 */




/** Less time than this left of the run's deadline: no previews (converting and rendering would not finish). */
const MIN_PREVIEW_MS = 5_000;
/** Characters of the job summary the previews may take (see SUMMARY_BUDGET_BYTES in report/job-summary.ts). */
const SUMMARY_BUDGET = 150_000;
/**
 * `timeLeftMs` reads the run's one clock: how long until the `timeout` that started with the run passes.
 * Base conversions and page rendering stop then; with less than MIN_PREVIEW_MS left, nothing is started.
 */
async function runPreviewStage(settings, results, env, timeLeftMs, convertPlan, 
/** The pull request's file list, when changed-only already read it whole. */
pullRequestFiles) {
    if (settings.previews.mode === 'off')
        return undefined;
    if (!(0,wanted/* wantsPreviews */.r)(settings, env))
        return undefined;
    // Loaded only when needed: the PDF renderer is the largest part of the bundle.
    const { basePdfsOf, basePlan, makePreviews } = await Promise.all(/* import() */[__webpack_require__.e(2), __webpack_require__.e(272), __webpack_require__.e(746)]).then(__webpack_require__.bind(__webpack_require__, 51746));
    const left = timeLeftMs();
    if (left < MIN_PREVIEW_MS) {
        core/* notice */.lm(tooLateMessage(left, settings.timeoutMs));
        return undefined;
    }
    // Rendering stops at the deadline too: the documents not compared by then say so.
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new Error(`the timeout (${(0,duration/* formatDuration */.a)(settings.timeoutMs)}) passed`)), left);
    timer.unref();
    // Not a log group of its own: converting the base versions opens the run's own groups, and groups do not nest.
    try {
        return await makePreviews(settings, results, env, baseConverterWithin(timeLeftMs, settings.timeoutMs, async (sources) => basePdfsOf(await convertPlan(basePlan(sources)))), { signal: stop.signal, timeLeftMs }, pullRequestFiles);
    }
    catch (error) {
        core/* warning */.$e(`previews: failed: ${(0,http_errors/* reasonOf */.A3)(error)}`);
        return undefined;
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * The base versions' converter, given what is left of the deadline when it is called; too little left, and
 * each base version says why it was not converted (its document's preview reports it).
 */
function baseConverterWithin(timeLeftMs, timeoutMs, convert) {
    return async (sources) => {
        const left = timeLeftMs();
        if (left >= MIN_PREVIEW_MS)
            return convert(sources);
        const error = `not converted: ${wholeSeconds(left)} of the timeout (${(0,duration/* formatDuration */.a)(timeoutMs)}) was left`;
        return new Map(sources.map((source) => [source.repoPath, { error }]));
    };
}
function tooLateMessage(leftMs, timeoutMs) {
    return (`previews: skipped, ${wholeSeconds(leftMs)} of the timeout (${(0,duration/* formatDuration */.a)(timeoutMs)}) ` +
        `was left and previews need at least ${(0,duration/* formatDuration */.a)(MIN_PREVIEW_MS)} to convert the base versions and ` +
        'render the pages; raise timeout to have them.');
}
function wholeSeconds(ms) {
    return (0,duration/* formatDuration */.a)(Math.floor(Math.max(0, ms) / 1000) * 1000);
}
/** The page-change lines (and images) for the job summary; nothing without previews. */
async function previewSection(previews) {
    if (!previews)
        return { summary: '', outputs: {} };
    const { changesFileMention, renderPreviewSection } = await Promise.all(/* import() */[__webpack_require__.e(2), __webpack_require__.e(272)]).then(__webpack_require__.bind(__webpack_require__, 62272));
    const section = renderPreviewSection(previews, SUMMARY_BUDGET, changesFileMention(previews, {}));
    return { summary: `${section}\n\n`, outputs: {} };
}

// EXTERNAL MODULE: ./lib/publish/comment-wanted.js
var comment_wanted = __webpack_require__(11488);
;// CONCATENATED MODULE: ./lib/publish/index.js
/**
 * The publish stage: artifact, commit, release assets and pull-request comment, as the settings ask (a shard of a
 * matrix publishes its share as an artifact of its own). Failures are part of the outcome, never thrown.
 */




async function publishStage(settings, converted, runner, reportFile) {
    const { settings: publishSettings, notice } = publishingFor(settings);
    if (notice)
        core/* notice */.lm(notice);
    if (converted.cancelled) {
        // The runner allows a few seconds after cancelling: report what finished rather than start publishing.
        core/* warning */.$e('The job was cancelled: nothing was published.');
        return { settings: publishSettings, outcome: undefined };
    }
    const { publish } = publishSettings;
    if (publish.targets.size === 0 && !(0,comment_wanted/* wantsComment */.T)(publishSettings, runner)) {
        return { settings: publishSettings, outcome: undefined };
    }
    // Loaded only when needed: the GitHub and artifact clients are most of the bundle's start-up time and memory.
    const { publishResults } = await Promise.all(/* import() */[__webpack_require__.e(2), __webpack_require__.e(350), __webpack_require__.e(118), __webpack_require__.e(799), __webpack_require__.e(272), __webpack_require__.e(324)]).then(__webpack_require__.bind(__webpack_require__, 12324));
    const outcome = await core/* group */.Os('Publish', () => publishResults(publishSettings, converted.results, runner, {}, {
        previews: converted.previews,
        commitChanges: converted.commitChanges,
        // The previews' full text and cell changes go with the report: the comment links them.
        attachments: [
            reportFile,
            ...(converted.previews?.changesFile ? [converted.previews.changesFile] : []),
        ],
    }));
    for (const notice of outcome.notices)
        core/* notice */.lm((0,untrusted_text/* untrustedText */.Ui)(notice, untrusted_text/* SHOWN_MESSAGE_LENGTH */.dt));
    return { settings: publishSettings, outcome };
}

// EXTERNAL MODULE: ./lib/settings/report-path.js
var report_path = __webpack_require__(30083);
;// CONCATENATED MODULE: ./lib/report/file-entries.js
/** One entry per conversion, as the `files` output and the report file list them. */


function toWorkspacePath(settings, absolute) {
    return external_node_path_.relative(settings.workspace, absolute).split(external_node_path_.sep).join('/');
}
function fileEntries(results, settings, publish) {
    return results.map((r) => {
        const links = {};
        for (const output of r.outputs) {
            const fileLinks = publish?.fileLinks.get(output);
            for (const [kind, url] of Object.entries(fileLinks ?? {})) {
                if (url && !(kind in links))
                    links[kind] = url;
            }
        }
        return {
            source: r.job.source.workspacePath,
            format: r.job.format,
            status: r.status,
            outputs: r.outputs.map((o) => toWorkspacePath(settings, o)),
            ...(r.error === undefined ? {} : { error: (0,untrusted_text/* untrustedText */.Ui)(r.error) }),
            'duration-ms': r.durationMs,
            ...(Object.keys(links).length > 0 ? { links } : {}),
        };
    });
}
function plannedEntries(plan) {
    return plan.jobs.map((job) => ({
        source: job.source.workspacePath,
        format: job.format,
        status: 'planned',
        outputs: [job.expectedOutput],
        'duration-ms': 0,
    }));
}

// EXTERNAL MODULE: ./lib/common/budget.js
var budget = __webpack_require__(24336);
;// CONCATENATED MODULE: ./lib/report/files-output.js
/**
 * The `files` output within a size GitHub keeps (at most 1 MB of outputs per job, shared with every other step):
 * the whole list while it fits FILES_OUTPUT_BUDGET_BYTES, else failures first and as many of the rest as fit.
 * The `report` output names the file with every entry.
 */

const FILES_OUTPUT_BUDGET_BYTES = 256 * 1024;
function filesOutput(entries) {
    const fitted = (0,budget/* fitRows */.zV)(entries, (entry) => JSON.stringify(entry), (entry) => entry.status === 'failed' || entry.status === 'timed-out', { limit: FILES_OUTPUT_BUDGET_BYTES - 2, measure: budget/* utf8Bytes */.dy });
    return { json: `[${fitted.rows.join(',')}]`, omitted: fitted.omitted };
}

// EXTERNAL MODULE: ./lib/publish/markdown.js
var publish_markdown = __webpack_require__(56094);
;// CONCATENATED MODULE: ./lib/report/job-summary.js
/**
 * The job summary's Markdown, rendered within GitHub's limit (a step's summary above 1 MiB is dropped whole): the
 * full table while it fits, else failures first and a pointer to the report file that holds every result.
 */





/**
 * GitHub drops a step's whole summary above 1 MiB. The results table gets this much; the sections written after it
 * have budgets of their own (page previews 150,000 characters, the unchanged list 200 names of at most 300
 * characters, the API-call line), so the sum stays under 1 MiB.
 */
const SUMMARY_BUDGET_BYTES = 700 * 1024;
const MAX_LISTED_PUBLISHING_FAILURES = 30;
/** The report's path as the summary shows it: relative to the workspace. */
function shownPath(settings, file) {
    return (0,markdown/* escapeMarkdown */.F)(external_node_path_.relative(settings.workspace, file).split(external_node_path_.sep).join('/'));
}
/** Blocks joined by blank lines, the table given whatever room the other blocks leave. */
function withinBudget(before, table, after) {
    const fixed = (0,budget/* utf8Bytes */.dy)([...before, ...after].join('\n\n')) + 1000;
    return `${[...before, ...table(SUMMARY_BUDGET_BYTES - fixed), ...after].join('\n\n')}\n`;
}
function renderJobSummary(results, settings, publish, reportFile, notes = []) {
    const outcome = publish ?? { fileLinks: new Map(), failures: [], notices: [] };
    const t = (0,convert_results/* totalsOf */.vA)(results);
    const before = ['## Document conversion', ...notes.map(markdown/* escapeMarkdown */.F)];
    const after = [
        `${t.converted} converted, ${t.cached > 0 ? `${t.cached} cached, ` : ''}${t.failed} failed, ${t.timedOut} timed out, of ${results.length}.`,
    ];
    const published = publish ? (0,publish_markdown/* renderPublishedLinks */.I_)(publish, settings.publish.artifactName) : '';
    if (published)
        after.push(`Published: ${published}`);
    if (publish?.commentUrl)
        after.push((0,markdown/* markdownLink */.i)('Pull-request comment', publish.commentUrl));
    const failures = publish?.failures ?? [];
    for (const failure of failures.slice(0, MAX_LISTED_PUBLISHING_FAILURES)) {
        after.push(`⚠️ Publishing: ${(0,markdown/* escapeMarkdown */.F)(failure)}`);
    }
    if (failures.length > MAX_LISTED_PUBLISHING_FAILURES) {
        after.push(`⚠️ …and ${failures.length - MAX_LISTED_PUBLISHING_FAILURES} more publishing failures in the log.`);
    }
    const report = `the report ${shownPath(settings, reportFile)}${publish?.artifactUrl ? ` (also in the ${(0,markdown/* markdownLink */.i)('artifact', publish.artifactUrl)})` : ''}`;
    after.push(`Every result: ${report}.`);
    return withinBudget(before, (room) => {
        const table = (0,publish_markdown/* renderResultsTable */.v4)(results, outcome, settings, { limit: room, measure: budget/* utf8Bytes */.dy }, true);
        return table.omitted > 0
            ? [table.markdown, (0,publish_markdown/* omittedRowsNote */.SY)(table, results.length, report)]
            : [table.markdown];
    }, after);
}
/** The dry run's summary: what would be converted, and where the outputs would go. */
function renderPlanSummary(plan, settings, reportFile) {
    const header = '| Document | Format | Output |\n| --- | --- | --- |';
    const report = `the report ${shownPath(settings, reportFile)}`;
    return withinBudget(['## Document conversion (dry run)'], (room) => {
        const fitted = (0,budget/* fitRows */.zV)(plan.jobs, (job) => `| ${(0,markdown/* escapeMarkdown */.F)(job.source.workspacePath)} | ${job.format} | ${(0,markdown/* escapeMarkdown */.F)(job.expectedOutput)} |`, () => false, { limit: room - (0,budget/* utf8Bytes */.dy)(header), measure: budget/* utf8Bytes */.dy });
        const table = [header, ...fitted.rows].join('\n');
        return fitted.omitted > 0
            ? [
                table,
                `Showing ${fitted.rows.length} of ${plan.jobs.length} planned conversions; every one is in ${report}.`,
            ]
            : [table];
    }, [`${plan.jobs.length} conversions planned; nothing was sent.`]);
}

;// CONCATENATED MODULE: ./lib/report/report-file.js
/**
 * The complete record of a run: one JSON file beside the outputs holding every (document, format) result, whatever
 * the summary, the comment and the `files` output had room for. Written in slices, so its size never becomes one
 * string in memory; it goes into the zipped artifact. A shard's report has a name of its own, so the shards'
 * artifacts can be downloaded into one directory and merged by the publishing job.
 */





const REPORT_SCHEMA = 'convert-documents-action/report@1';
const SHARD_REPORT_NAME = /^conversion-report-shard-(\d+)-of-(\d+)\.json$/;
/** Entries written per slice. */
const SLICE = 500;
/**
 * Writes the report at `file` through a fresh temporary name, created exclusively and renamed over `file`: a
 * reader never sees half of it, and a link a pull request planted at either name is replaced, never written through.
 */
async function writeReportFile(file, entries, shard) {
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    const partial = (0,safe_files/* freshNameBeside */.oU)(file);
    const handle = await (0,promises_.open)(partial, 'wx');
    let written = false;
    try {
        const totals = (0,convert_results/* totalsOf */.vA)(entries.filter((e) => e.status !== 'planned'));
        const head = {
            schema: REPORT_SCHEMA,
            ...(shard === undefined ? {} : { shard: shardLabel(shard) }),
            totals: {
                converted: totals.converted,
                cached: totals.cached,
                failed: totals.failed,
                'timed-out': totals.timedOut,
            },
        };
        await handle.write(`${JSON.stringify(head).slice(0, -1)},"files":[`);
        for (let start = 0; start < entries.length; start += SLICE) {
            const slice = entries.slice(start, start + SLICE).map((entry) => JSON.stringify(entry));
            await handle.write(`${start === 0 ? '' : ','}\n${slice.join(',\n')}`);
        }
        await handle.write('\n]}\n');
        written = true;
    }
    finally {
        await handle.close();
        if (!written)
            await (0,promises_.rm)(partial, { force: true });
    }
    await (0,promises_.rename)(partial, file);
}

;// CONCATENATED MODULE: ./lib/report/engine-report.js
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
/** e.g. `LibreOffice: 20 documents in 14.2 s; 2 LibreOffice processes started in 3.1 s (summed over them).` */
function engineReportLine(report) {
    const documents = `${report.documents} document${report.documents === 1 ? '' : 's'}`;
    const processes = `${report.processStarts} ${report.engine} process${report.processStarts === 1 ? '' : 'es'}`;
    return `${report.engine}: ${documents} in ${seconds(report.wallMs)}; ${processes} started in ${seconds(report.startupMs)} (summed over them).`;
}

;// CONCATENATED MODULE: ./lib/report/merge-shards.js
/**
 * The publishing job of a matrix converts nothing: it reads the reports the shards left in output-dir (downloaded
 * with their outputs from the shards' artifacts) and turns them back into one result per planned job, so the rest
 * of the run — publishing, outputs, summary — is the same as for a run that converted everything itself. It plans
 * from the same checkout, so a document no shard reported is a failure, never a silent gap.
 */








/** A report larger than this is refused rather than read (100,000 entries take about 30 MB). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** More entries than any plan holds: such a report is refused whole. */
const MAX_REPORT_ENTRIES = 100_000;
/** The bound of the `shard` input: a report claiming more shards is refused. */
const merge_shards_MAX_SHARDS = 256;
const STATUSES = ['converted', 'cached', 'failed', 'timed-out'];
/** Reads every shard report at the top of output-dir. */
async function readShardReports(outputDir) {
    const reports = [];
    const problems = [];
    let names;
    try {
        names = (await (0,promises_.readdir)(outputDir)).sort();
    }
    catch {
        return {
            reports,
            problems: [`output-dir ${outputDir} does not exist: download the shards' artifacts into it first`],
        };
    }
    for (const name of names) {
        const match = SHARD_REPORT_NAME.exec(name);
        if (!match)
            continue;
        try {
            reports.push(await readShardReport(external_node_path_.join(outputDir, name), Number(match[1]), Number(match[2])));
        }
        catch (error) {
            problems.push(`${name} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    return { reports, problems };
}
/**
 * One report, read as untrusted input: a regular file (no link followed) of at most MAX_REPORT_BYTES, for a shard
 * its name and content agree on, within 1 ≤ i ≤ n ≤ 256, with at most MAX_REPORT_ENTRIES entries.
 */
async function readShardReport(file, index, count) {
    if (!(Number.isSafeInteger(count) && count <= merge_shards_MAX_SHARDS && index >= 1 && index <= count)) {
        throw new Error(`ignored: its name claims shard ${index} of ${count}, outside 1 ≤ i ≤ n ≤ ${merge_shards_MAX_SHARDS}`);
    }
    const handle = await (0,safe_files/* openRegularFile */.ZU)(file).catch(() => {
        throw new Error('ignored: not a regular file');
    });
    let text;
    try {
        const { size } = await handle.stat();
        if (size > MAX_REPORT_BYTES)
            throw new Error(`ignored: larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
        text = await handle.readFile('utf8');
    }
    finally {
        await handle.close();
    }
    const body = JSON.parse(text);
    if (body?.shard !== undefined && body.shard !== `${index}/${count}`) {
        throw new Error(`ignored: its content claims shard ${(0,untrusted_text/* untrustedText */.Ui)(String(body.shard), 40)}, its name ${index}/${count}`);
    }
    return { index, count, entries: entriesOf(body) };
}
function entriesOf(report) {
    const body = report;
    if (body?.schema !== REPORT_SCHEMA || !Array.isArray(body.files)) {
        throw new Error(`not a report of this action (expected schema ${REPORT_SCHEMA})`);
    }
    if (body.files.length > MAX_REPORT_ENTRIES) {
        throw new Error(`ignored: more than ${MAX_REPORT_ENTRIES} entries`);
    }
    return body.files.map((entry, at) => {
        const e = entry;
        const valid = typeof e?.source === 'string' &&
            typeof e.format === 'string' &&
            STATUSES.includes(e.status) &&
            Array.isArray(e.outputs) &&
            e.outputs.every((o) => typeof o === 'string') &&
            (e.error === undefined || typeof e.error === 'string') &&
            typeof e['duration-ms'] === 'number';
        if (!valid)
            throw new Error(`entry ${at + 1} is not a result (source, format, status, outputs, duration-ms)`);
        return e;
    });
}
/** One result per planned job, from the shards' reports. */
function mergeShardResults(plan, reports, settings) {
    const problems = [];
    const counts = [...new Set(reports.map((r) => r.count))];
    if (counts.length > 1) {
        problems.push(`the shard reports come from matrices of different sizes (${counts.join(', ')} shards)`);
    }
    const shardCount = counts.length === 0 ? undefined : Math.max(...counts);
    const shardsFound = [...new Set(reports.map((r) => r.index))].sort((a, b) => a - b);
    const missing = shardCount === undefined
        ? []
        : Array.from({ length: shardCount }, (_, i) => i + 1).filter((i) => !shardsFound.includes(i));
    if (shardCount === undefined)
        problems.push('no shard report was found in output-dir');
    else if (missing.length > 0)
        problems.push(`no report from shard ${missing.map((i) => `${i}/${shardCount}`).join(', ')}`);
    const reported = new Map();
    // Counted, and named once: a report repeating one result 20,000 times is one line, not 20,000.
    let duplicates = 0;
    let firstDuplicate = '';
    for (const report of reports) {
        for (const entry of report.entries) {
            const key = `${entry.source}\n${entry.format}`;
            const earlier = reported.get(key);
            if (earlier) {
                duplicates += 1;
                firstDuplicate ||= `${entry.source} → ${entry.format} is in the reports of shards ${earlier.shard} and ${report.index}`;
                continue;
            }
            reported.set(key, { entry, shard: report.index });
        }
    }
    if (duplicates === 1)
        problems.push(`${firstDuplicate}; the first is kept`);
    else if (duplicates > 1) {
        problems.push(`${duplicates} result(s) are in the shard reports more than once (first: ${firstDuplicate}); the first of each is kept`);
    }
    const results = plan.jobs.map((job) => {
        const key = `${job.source.workspacePath}\n${job.format}`;
        const found = reported.get(key);
        reported.delete(key);
        if (!found) {
            const why = missing.length > 0 || shardCount === undefined
                ? 'its shard’s report is missing'
                : 'no shard reported it';
            return { job, status: 'failed', outputs: [], error: `not converted: ${why}`, durationMs: 0 };
        }
        const { entry } = found;
        const outputs = entry.outputs.map((o) => external_node_path_.resolve(settings.workspace, o));
        if (outputs.some((o) => !isInsideDirectory(settings.outputDir, o) || o === settings.outputDir)) {
            return {
                job,
                status: 'failed',
                outputs: [],
                error: 'the shard’s report names an output outside output-dir',
                durationMs: entry['duration-ms'],
            };
        }
        return {
            job,
            status: entry.status,
            outputs: (0,convert_results/* hasOutputs */.PA)(entry.status) ? outputs.sort() : [],
            ...(entry.error === undefined ? {} : { error: entry.error }),
            durationMs: entry['duration-ms'],
        };
    });
    if (reported.size > 0) {
        const [first] = reported.values();
        problems.push(`${reported.size} result(s) in the shard reports are not in this job's plan (first: ${first?.entry.source} → ${first?.entry.format}); give the publishing job the same path, format and checkout as the shards`);
    }
    return { results, shardsFound, shardCount, problems };
}
/** The publish-only stage: the shards' reports in output-dir → one result per planned job, problems as warnings. */
async function mergeShardReports(settings, plan) {
    const { reports, problems: unreadable } = await readShardReports(settings.outputDir);
    const merged = mergeShardResults(plan, reports, settings);
    merged.results = await Promise.all(merged.results.map((result) => withRegularOutputs(result, settings.outputDir)));
    for (const problem of [...unreadable, ...merged.problems]) {
        core/* warning */.$e(`publish-only: ${(0,untrusted_text/* untrustedText */.Ui)(problem, untrusted_text/* SHOWN_MESSAGE_LENGTH */.dt)}`);
    }
    const found = merged.shardCount === undefined
        ? 'no shard'
        : `${merged.shardsFound.length} of ${merged.shardCount} shards`;
    core/* info */.pq(`Merged the reports of ${found}: ${merged.results.length} results.`);
    return {
        results: merged.results,
        cancelled: false,
        notes: [`Published once for the whole matrix: merged the reports of ${found}.`],
    };
}
/**
 * A result as reported, or failed when a reported output is not a regular file of its own inside output-dir: a
 * link (to .git/config, to /proc/self/environ), a folder or a device is never published as a document's output.
 */
async function withRegularOutputs(result, outputDir) {
    for (const output of result.outputs) {
        const why = await (0,safe_files/* whyNotRegularFileInside */.Gu)(outputDir, output);
        if (why === undefined)
            continue;
        const shown = (0,untrusted_text/* untrustedText */.Ui)(external_node_path_.relative(outputDir, output).split(external_node_path_.sep).join('/'));
        return {
            ...result,
            status: 'failed',
            outputs: [],
            error: `the shard’s report names ${shown}, which is not a regular file inside output-dir (${why})`,
        };
    }
    return result;
}

;// CONCATENATED MODULE: ./lib/report/index.js
/**
 * The report stage, last: the report file, the step outputs, failure annotations and the job summary, with the
 * section every stage before it handed over as data. Says which problems fail the step; main fails it.
 */












/** After converting, before publishing: the report file, so that the artifact carries it. */
async function writeReportBeforePublishing(settings, results, reportFile) {
    await writeReportFile(reportFile, fileEntries(results, settings), settings.sharding.shard);
}
/** Everything a user reads of a run that converted; returns the problems that fail the step. */
async function reportStage(settings, converted, published, reportFile, sections) {
    const { results } = converted;
    const publish = published.outcome;
    // Again, now with the links publishing made.
    const entries = fileEntries(results, settings, publish);
    await writeReportFile(reportFile, entries, settings.sharding.shard);
    setActionOutputs(settings, entries, publish, reportFile);
    annotateFailures(results);
    await writeJobSummary(results, published.settings, publish, reportFile, converted.notes);
    await writeSections(sections);
    const problems = [];
    const conversionFailure = failureReason(results);
    if (conversionFailure && settings.failOnError)
        problems.push(conversionFailure);
    else if (conversionFailure)
        core/* warning */.$e(`${conversionFailure} (fail-on-error is false)`);
    if (publish && publish.failures.length > 0) {
        const failures = publish.failures.map((failure) => (0,untrusted_text/* untrustedText */.Ui)(failure, untrusted_text/* SHOWN_MESSAGE_LENGTH */.dt));
        problems.push(`publishing failed: ${failures.join('; ')}`);
    }
    return problems;
}
/** A run that converted nothing (no files, or none the pull request changed): empty outputs and the sections. */
async function reportNothingConverted(settings, sections) {
    setActionOutputs(settings, []);
    await writeSections(sections);
}
/** A dry run: the plan as the report file (in the runner's temporary folder) and the summary. */
async function reportDryRun(settings, plan, temporaryDirectory, sections) {
    const entries = plannedEntries(plan);
    const planReport = (0,report_path/* dryRunReportPath */.ed)(settings, temporaryDirectory);
    await writeReportFile(planReport, entries, settings.sharding.shard);
    setActionOutputs(settings, entries, undefined, planReport);
    await writeSections(sections);
    await writePlanSummary(plan, settings, planReport);
}
/** Each stage's outputs, and its part of the job summary in the order given. */
async function writeSections(sections) {
    for (const section of sections) {
        for (const [name, value] of Object.entries(section.outputs))
            core/* setOutput */.uH(name, value);
    }
    const summary = sections.map((section) => section.summary).join('');
    if (summary !== '')
        await core/* summary */.z.addRaw(summary).write();
}
function setActionOutputs(settings, entries, publish, reportFile) {
    const totals = (0,convert_results/* totalsOf */.vA)(entries.filter((e) => e.status !== 'planned'));
    core/* setOutput */.uH('converted', totals.converted);
    core/* setOutput */.uH('cached', totals.cached);
    core/* setOutput */.uH('failed', totals.failed);
    core/* setOutput */.uH('timed-out', totals.timedOut);
    core/* setOutput */.uH('output-dir', settings.outputDir);
    const files = filesOutput(entries);
    if (files.omitted > 0) {
        core/* info */.pq(`The files output lists ${entries.length - files.omitted} of ${entries.length} entries (failures first) to stay within GitHub's output limit; the report output names the file with all of them.`);
    }
    core/* setOutput */.uH('files', files.json);
    if (reportFile)
        core/* setOutput */.uH('report', reportFile);
    if (publish?.artifactId !== undefined)
        core/* setOutput */.uH('artifact-id', publish.artifactId);
    if (publish?.artifactUrl)
        core/* setOutput */.uH('artifact-url', publish.artifactUrl);
    if (publish?.commitSha)
        core/* setOutput */.uH('commit-sha', publish.commitSha);
    if (publish?.commentUrl)
        core/* setOutput */.uH('comment-url', publish.commentUrl);
    if (publish?.releaseUrl)
        core/* setOutput */.uH('release-url', publish.releaseUrl);
}
/** One line for core.setFailed: the failed documents by name, up to a few, then a count. */
function failureReason(results, shown = 3) {
    const bad = results.filter((r) => !(0,convert_results/* hasOutputs */.PA)(r.status));
    if (bad.length === 0)
        return undefined;
    const names = bad
        .slice(0, shown)
        .map((r) => `${(0,untrusted_text/* untrustedText */.Ui)(r.job.source.workspacePath)} (${r.job.format}, ${r.status})`);
    const more = bad.length > shown ? `, and ${bad.length - shown} more` : '';
    return `${bad.length} of ${results.length} conversions did not succeed: ${names.join(', ')}${more}`;
}
/** The job summary (see renderJobSummary): results within GitHub's size limit, totals, what was published. */
async function writeJobSummary(results, settings, publish, reportFile, notes = []) {
    await core/* summary */.z.addRaw(renderJobSummary(results, settings, publish, reportFile, notes)).write();
}
/** The dry run's summary: what would be converted, and where the outputs would go. */
async function writePlanSummary(plan, settings, reportFile) {
    await core/* summary */.z.addRaw(renderPlanSummary(plan, settings, reportFile)).write();
}

;// CONCATENATED MODULE: ./lib/main.js











/** The order of the stages. The only place that fails the step. */
async function main_run(env = process.env) {
    const runner = (0,settings_runner/* readRunnerEnvironment */.ET)(env);
    const input = (name) => core/* getInput */.V4(name);
    const secrets = secretsOf(input, runner);
    // First of all: nothing untrusted may be printed before every secret is masked.
    for (const secret of secrets)
        (0,untrusted_text/* registerSecret */.cl)(secret);
    const settings = readSettings(input, runner);
    const calls = new ApiCallAccount();
    const callsOutput = () => apiCallsSection(calls.snapshot(), false);
    const planned = await planStage(settings, runner);
    if (planned.kind === 'no-files')
        return reportNothingConverted(settings, [callsOutput()]);
    if (planned.kind === 'dry-run') {
        return reportDryRun(settings, planned.plan, runner.temporaryDirectory, [callsOutput()]);
    }
    if (planned.kind === 'nothing-changed')
        return reportNothingConverted(settings, [planned.section, callsOutput()]);
    const converted = settings.sharding.publishOnly
        ? await core/* group */.Os('Merge the shards’ reports', () => mergeShardReports(settings, planned.plan))
        : await convertWhatChanged(settings, planned, runner, { secrets, calls });
    const reportFile = (0,report_path/* reportPathFor */.xJ)(settings);
    await writeReportBeforePublishing(settings, converted.results, reportFile);
    const published = await publishStage(settings, converted, runner, reportFile);
    const problems = await reportStage(settings, converted, published, reportFile, [
        await previewSection(converted.previews),
        planned.section,
        apiCallsSection(calls.snapshot(), true),
    ]);
    if (problems.length > 0)
        core/* setFailed */.C1(problems.join('. '));
}
/**
 * The cache, the engine and the previews, in that order, on what changed-only kept: only what the pull request
 * changed, only what the cache does not hold. Base versions for the previews go through the same cache, within what
 * is left of the one deadline; the cache records after the previews, so one entry holds both.
 */
async function convertWhatChanged(settings, { plan, pullRequestFiles }, runner, { secrets, calls }) {
    const started = Date.now();
    const shard = settings.sharding.shard;
    const notes = shard ? [`Shard ${shard.index}/${shard.count} of the plan.`] : [];
    if (plan.jobs.length === 0)
        return { results: [], cancelled: false, notes };
    const cache = await core/* group */.Os('Cache', async () => openCacheStage(settings, plan, () => engineIdentity(settings, runner), runner, dependencyListerFor(settings)));
    const context = { secrets, calls, knownPairs: cache.knownPairs };
    // Nothing to convert means no token, no format list: the conversion service is not called at all.
    const ran = await convertStage(settings, { ...plan, jobs: cache.misses }, runner, context);
    notes.push(...ran.notices);
    const results = inPlanOrder(plan, [...cache.hits, ...ran.results]);
    notes.push(...ran.engineReports.map(engineReportLine));
    if (ran.cancelled)
        return { results, cancelled: true, notes };
    const timeLeftMs = () => settings.timeoutMs - (Date.now() - started);
    const convertBase = (basePlan) => cache.convertAlso(basePlan, async (misses) => {
        const timeoutMs = Math.max(0, timeLeftMs());
        return (await convertStage({ ...settings, timeoutMs }, misses, runner, context)).results;
    });
    const previews = await runPreviewStage(settings, results, runner, timeLeftMs, convertBase, pullRequestFiles);
    const commitChanges = await cache.record(results);
    return { results, cancelled: false, notes, previews, commitChanges };
}
function inPlanOrder(plan, results) {
    const byJob = new Map(results.map((result) => [result.job, result]));
    return plan.jobs.map((job) => byJob.get(job));
}


/***/ }),

/***/ 58907:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KJ: () => (/* binding */ encodePng),
/* harmony export */   MG: () => (/* binding */ DEFAULT_MAX_PDF_BYTES),
/* harmony export */   du: () => (/* binding */ PdfRenderError)
/* harmony export */ });
/* unused harmony export decodePng */
/* harmony import */ var pngjs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(10359);
/**
 * Page images and their PNG form, and the error of a PDF that cannot be read: what both sides of the document
 * sandbox share. Nothing here loads PDFium, so the action's own thread can use it without the renderer.
 */

/** PDFium needs the whole document in memory; a larger PDF is refused rather than read. */
const DEFAULT_MAX_PDF_BYTES = 256 * 1024 * 1024;
/** The PDF could not be read: damaged, encrypted, too large or not a PDF. The message says which. */
class PdfRenderError extends Error {
    name = 'PdfRenderError';
}
/** PNG bytes of a page image. */
function encodePng(image) {
    const png = new pngjs__WEBPACK_IMPORTED_MODULE_0__/* .PNG */ .O({ width: image.width, height: image.height });
    png.data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
    return pngjs__WEBPACK_IMPORTED_MODULE_0__/* .PNG */ .O.sync.write(png);
}
/** Decodes PNG bytes to a page image (pageNumber 0: not from a PDF). */
function decodePng(bytes) {
    const png = PNG.sync.read(bytes);
    return { pageNumber: 0, width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}


/***/ }),

/***/ 20250:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y0: () => (/* binding */ MAX_PAGES),
/* harmony export */   Zh: () => (/* binding */ MAX_LISTED_FILES),
/* harmony export */   a$: () => (/* binding */ pullRequestFilePage),
/* harmony export */   md: () => (/* binding */ PAGE_SIZE)
/* harmony export */ });
const PAGE_SIZE = 100;
/** GitHub lists at most 3000 files of a pull request: 30 full pages mean the list may be cut short. */
const MAX_LISTED_FILES = 3000;
const MAX_PAGES = MAX_LISTED_FILES / PAGE_SIZE;
/** Page `page` (from 1) of the list, `PAGE_SIZE` entries at most. */
function pullRequestFilePage(octokit, repository, number, page, signal) {
    return octokit.rest.pulls
        .listFiles({ ...repository, pull_number: number, per_page: PAGE_SIZE, page, request: { signal } })
        .then(({ data }) => data.map((file) => ({
        filename: file.filename,
        status: file.status,
        ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
    })));
}


/***/ }),

/***/ 18190:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ wantsPreviews)
/* harmony export */ });
/** Whether this run makes previews: `auto` means on pull-request events. */
function wantsPreviews(settings, env) {
    const mode = settings.previews.mode;
    if (mode === 'off')
        return false;
    if (mode === 'on')
        return true;
    return ((env.eventName === 'pull_request' || env.eventName === 'pull_request_target') &&
        env.pullRequest !== undefined);
}


/***/ }),

/***/ 11488:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ wantsComment)
/* harmony export */ });
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
function wantsComment(settings, env) {
    const mode = settings.publish.prComment;
    if (mode === 'never')
        return false;
    if (mode === 'always')
        return true;
    return PULL_REQUEST_EVENTS.has(env.eventName) && env.pullRequest !== undefined;
}


/***/ }),

/***/ 56094:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I_: () => (/* binding */ renderPublishedLinks),
/* harmony export */   SY: () => (/* binding */ omittedRowsNote),
/* harmony export */   v4: () => (/* binding */ renderResultsTable)
/* harmony export */ });
/* unused harmony exports STATUS_LABELS, renderOutputLinks */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _common_budget_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24336);
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88220);
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16991);
/* harmony import */ var _convert_results_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(16937);
/**
 * The results as Markdown, with the links publishing produced: shared by the pull-request comment and usable by
 * the job summary. Pure functions.
 */





const STATUS_LABELS = {
    converted: '✅ converted',
    cached: '♻️ cached',
    failed: '❌ failed',
    'timed-out': '⏱️ timed out',
};
/** The links of one output, e.g. `converted/a.pdf — [artifact](…) · [commit](…)`; the zipped artifact when it has none. */
function renderOutputLinks(displayName, links, zippedArtifactUrl) {
    const parts = [];
    if (links?.artifact)
        parts.push((0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)('artifact', links.artifact));
    if (links?.commit)
        parts.push((0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)('commit', links.commit));
    if (links?.release)
        parts.push((0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)('release', links.release));
    if (parts.length === 0 && zippedArtifactUrl)
        parts.push((0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)('in the artifact', zippedArtifactUrl));
    const name = (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(displayName);
    return parts.length === 0 ? name : `${name} — ${parts.join(' · ')}`;
}
function displayPath(settings, absolutePath) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0__.relative(settings.workspace, absolutePath);
    return relative.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(relative)
        ? absolutePath
        : relative.split(node_path__WEBPACK_IMPORTED_MODULE_0__.sep).join('/');
}
function renderRow(result, outcome, settings, withTime) {
    const document = (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(result.job.source.workspacePath);
    const status = STATUS_LABELS[result.status];
    const detail = (0,_convert_results_js__WEBPACK_IMPORTED_MODULE_4__/* .hasOutputs */ .PA)(result.status)
        ? result.outputs
            .map((output) => renderOutputLinks(displayPath(settings, output), outcome.fileLinks.get(node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(output)), outcome.artifactUrl))
            .join('<br>')
        : (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)((0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_3__/* .untrustedText */ .Ui)(result.error ?? 'no reason given'));
    const time = withTime ? ` ${(result.durationMs / 1000).toFixed(1)} s |` : '';
    return `| ${document} | ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(result.job.format)} | ${status} | ${detail} |${time}`;
}
/**
 * One row per (document, format): in the order given while the whole table fits the budget; past it, failures
 * first (see fitRows). `withTime` adds each conversion's duration (the job summary shows it; the comment does not).
 */
function renderResultsTable(results, outcome, settings, budget = _common_budget_js__WEBPACK_IMPORTED_MODULE_1__/* .UNLIMITED */ .Mp, withTime = false) {
    const header = withTime
        ? '| Document | Format | Status | Outputs or reason | Time |\n| --- | --- | --- | --- | --- |'
        : '| Document | Format | Status | Outputs or reason |\n| --- | --- | --- | --- |';
    const fitted = (0,_common_budget_js__WEBPACK_IMPORTED_MODULE_1__/* .fitRows */ .zV)(results, (result) => renderRow(result, outcome, settings, withTime), (result) => result.status !== 'converted', { ...budget, limit: budget.limit - budget.measure(header) });
    return {
        markdown: [header, ...fitted.rows].join('\n'),
        omitted: fitted.omitted,
        problemsFirst: fitted.problemsFirst,
    };
}
/** The line under a table that did not fit: what was left out, and where the whole list is. */
function omittedRowsNote(table, total, whereAll) {
    const order = table.problemsFirst ? 'failures first, ' : '';
    return `Showing ${total - table.omitted} of ${total} rows (${order}${table.omitted} left out to stay within GitHub's size limit). Every result is in ${whereAll}.`;
}
/** Links to what was published as a whole: the zipped artifact, the commit, the release. */
function renderPublishedLinks(outcome, artifactName) {
    const parts = [];
    if (outcome.artifactUrl)
        parts.push(`artifact ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)(artifactName, outcome.artifactUrl)}`);
    if (outcome.commitSha && outcome.commitUrl)
        parts.push(`commit ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)(outcome.commitSha.slice(0, 7), outcome.commitUrl)}`);
    if (outcome.releaseUrl)
        parts.push((0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .markdownLink */ .i)('release', outcome.releaseUrl));
    return parts.join(' · ');
}


/***/ }),

/***/ 30083:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ed: () => (/* binding */ dryRunReportPath),
/* harmony export */   xJ: () => (/* binding */ reportPathFor)
/* harmony export */ });
/* unused harmony export reportFileName */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/** Where a run's report file goes: a name per shard, at the top of output-dir (a dry run's in the runner's temp). */

const REPORT_FILE_NAME = 'conversion-report.json';
function reportFileName(shard) {
    return shard === undefined
        ? REPORT_FILE_NAME
        : `conversion-report-shard-${shard.index}-of-${shard.count}.json`;
}
/** Where this run's report goes: the top of output-dir. */
function reportPathFor(settings) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.join(settings.outputDir, reportFileName(settings.sharding.shard));
}
/** A dry run writes nothing in the workspace: its report goes to the runner's temporary directory. */
function dryRunReportPath(settings, temporaryDirectory) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.join(temporaryDirectory, reportFileName(settings.sharding.shard));
}


/***/ }),

/***/ 83711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ET: () => (/* binding */ readRunnerEnvironment),
/* harmony export */   IZ: () => (/* binding */ CLIENT_SECRET_VARIABLE),
/* harmony export */   Xw: () => (/* binding */ hasRepository),
/* harmony export */   b6: () => (/* binding */ CLIENT_ID_VARIABLE),
/* harmony export */   d3: () => (/* binding */ withFirstOnPath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/**
 * The runner's environment, read once into a typed value beside Settings: where and why the workflow runs (event,
 * repository, pull request, run ids), the runner's folders and services, and what a child process may inherit.
 * The only module that reads environment variables; every stage is handed this value instead.
 */



/** Variables a process the action starts (LibreOffice, a browser) may inherit: nothing that holds a credential. */
const CHILD_PROCESS_VARIABLES = [
    'PATH',
    'HOME',
    'LANG',
    'LANGUAGE',
    'LC_ALL',
    'LC_CTYPE',
    'TZ',
    'TMPDIR',
    'FONTCONFIG_FILE',
];
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const CLIENT_ID_VARIABLE = 'GROUPDOCS_CLIENT_ID';
const CLIENT_SECRET_VARIABLE = 'GROUPDOCS_CLIENT_SECRET';
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
        const payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(eventPath, 'utf8'));
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
    const base = objectAt(pr, 'base');
    return {
        number: pr.number,
        headRef: typeof head?.ref === 'string' ? head.ref : '',
        headRepoFullName: typeof headRepo?.full_name === 'string' ? headRepo.full_name : '',
        baseSha: typeof base?.sha === 'string' ? base.sha : '',
    };
}
function releaseOf(payload) {
    const release = objectAt(payload, 'release');
    if (!release || typeof release.id !== 'number')
        return undefined;
    return { id: release.id, tag: typeof release.tag_name === 'string' ? release.tag_name : '' };
}
function pick(env, names) {
    const picked = {};
    for (const name of names) {
        const value = env[name];
        if (value !== undefined)
            picked[name] = value;
    }
    return picked;
}
/** Reads the run's facts from the runner's environment variables and the event payload (GITHUB_EVENT_PATH). Never throws. */
function readRunnerEnvironment(env) {
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
        workspace: node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(env.GITHUB_WORKSPACE || process.cwd()),
        temporaryDirectory: env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(),
        runnerKind: env.RUNNER_ENVIRONMENT ?? '',
        runLabels: {
            repository: env.GITHUB_REPOSITORY ?? '',
            runId: env.GITHUB_RUN_ID ?? '',
            runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
        },
        actionsCache: {
            runtimeToken: Boolean(env.ACTIONS_RUNTIME_TOKEN),
            serviceUrl: Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL),
            mode: (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase(),
        },
        groupDocsCredentials: {
            clientId: env[CLIENT_ID_VARIABLE] ?? '',
            clientSecret: env[CLIENT_SECRET_VARIABLE] ?? '',
        },
        childProcessEnvironment: pick(env, CHILD_PROCESS_VARIABLES),
        proxyVariables: pick(env, PROXY_VARIABLES),
        searchPath: env.PATH ?? '',
        chromePath: env.CHROME_PATH ?? '',
        selfCommand: [process.execPath, node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(process.argv[1] ?? '')],
    };
    const pullRequest = pullRequestOf(payload);
    if (pullRequest)
        environment.pullRequest = pullRequest;
    if (environment.eventName === 'push' && typeof payload.before === 'string') {
        environment.pushBefore = payload.before;
    }
    const release = releaseOf(payload);
    if (release)
        environment.release = release;
    return environment;
}
function hasRepository(env) {
    return env.repository.owner !== '' && env.repository.repo !== '';
}
/**
 * Runs `work` with `folder` first on this process's PATH (where `@actions/*` libraries look programs up), and puts
 * PATH back as it was once `work` settles, however long that takes.
 */
async function withFirstOnPath(folder, work) {
    const before = process.env.PATH;
    process.env.PATH = before ? `${folder}${node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter}${before}` : folder;
    try {
        return await work();
    }
    finally {
        if (before === undefined)
            delete process.env.PATH;
        else
            process.env.PATH = before;
    }
}


/***/ })

};
