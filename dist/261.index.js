export const id = 261;
export const ids = [261];
export const modules = {

/***/ 30928:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  basePdfsOf: () => (/* binding */ basePdfsOf),
  basePlan: () => (/* binding */ basePlan),
  makePreviews: () => (/* binding */ makePreviews),
  wantsPreviews: () => (/* binding */ wantsPreviews)
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
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
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
        await (0,external_node_stream_promises_.pipeline)(response.message, bounded, (0,external_node_fs_.createWriteStream)(partial));
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

// EXTERNAL MODULE: ./lib/pdf/pages.js
var pages = __webpack_require__(72850);
// EXTERNAL MODULE: ./lib/previews/page-diff.js
var page_diff = __webpack_require__(53756);
;// CONCATENATED MODULE: ./lib/previews/render.js
/**
 * One document's page changes, from its base PDF and head PDF: every page up to the cap is rendered and
 * fingerprinted, the pages are aligned, and each aligned pair that is not identical is rendered again and
 * compared pixel by pixel. Only the images of the first changed, added and removed pages are written, as PNG.
 */




/**
 * Opens a PDF and fingerprints its pages up to the cap. The page images are not kept: rendering a page again
 * costs a few milliseconds, far less than holding every page in memory or writing and reading it as PNG.
 */
async function fingerprintSide(pdfPath, options) {
    if (pdfPath === undefined)
        return { pdf: undefined, pageCount: 0, fingerprints: [] };
    const pdf = await (0,pages/* openPdf */.v9)(pdfPath);
    try {
        const fingerprints = [];
        const last = Math.min(pdf.pageCount, options.maxPages);
        for (let page = 1; page <= last; page++) {
            options.signal?.throwIfAborted();
            fingerprints.push((0,page_diff/* fingerprintOf */.ax)(await pdf.renderPage(page, options.widthPx)));
        }
        return { pdf, pageCount: pdf.pageCount, fingerprints };
    }
    catch (error) {
        pdf.close();
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
            head.pdf?.close();
        }
    }
    finally {
        base.pdf?.close();
    }
}
async function compareSides(base, head, directory, options) {
    const truncated = {
        base: base.pageCount > base.fingerprints.length,
        head: head.pageCount > head.fingerprints.length,
    };
    const steps = (0,page_diff/* alignPages */.Gr)(base.fingerprints, head.fingerprints, truncated);
    const render = (side, page) => side.pdf.renderPage(page, options.widthPx);
    const save = async (name, image) => {
        const file = external_node_path_.join(directory, name);
        await (0,promises_.writeFile)(file, (0,pages/* encodePng */.KJ)(image));
        return file;
    };
    const changes = [];
    const images = [];
    for (const step of steps) {
        options.signal?.throwIfAborted();
        const withImages = images.length < options.maxPagesWithImages;
        if (step.base !== undefined && step.head !== undefined) {
            const same = base.fingerprints[step.base - 1].exact ===
                head.fingerprints[step.head - 1].exact;
            if (same)
                continue;
            const before = await render(base, step.base);
            const after = await render(head, step.head);
            const compared = (0,page_diff/* comparePixels */.H9)(before, after);
            if (compared.changedPixels <= page_diff/* MAX_UNCHANGED_PIXELS */.Xt)
                continue;
            const change = { kind: 'changed', base: step.base, head: step.head };
            changes.push(change);
            if (withImages) {
                images.push({
                    change,
                    before: await save(`base-${step.base}.png`, before),
                    after: await save(`head-${step.head}.png`, after),
                    diff: await save(`diff-${step.head}.png`, compared.diff),
                });
            }
        }
        else if (step.head !== undefined) {
            const change = { kind: 'added', head: step.head };
            changes.push(change);
            if (withImages)
                images.push({ change, after: await save(`head-${step.head}.png`, await render(head, step.head)) });
        }
        else if (step.base !== undefined) {
            const change = { kind: 'removed', base: step.base };
            changes.push(change);
            if (withImages)
                images.push({ change, before: await save(`base-${step.base}.png`, await render(base, step.base)) });
        }
    }
    return {
        changes,
        images,
        basePages: base.pdf === undefined ? undefined : base.pageCount,
        headPages: head.pdf === undefined ? undefined : head.pageCount,
        truncated: truncated.base || truncated.head,
    };
}

;// CONCATENATED MODULE: ./lib/previews/build-previews.js
/**
 * The previews stage, after the run: for each document the pull request changes, its PDF at the head (this
 * run's output) and at the base commit (fetched through the API, converted the same way) are rendered, their
 * pages aligned and compared, and the images of changed pages committed to the pull request's preview branch.
 * Returns typed data for the comment and the job summary; a document that fails is reported, never thrown.
 */










/** Documents previewed per run at most: each modified one costs a conversion of its base version. */
const MAX_DOCUMENTS = 20;
/** Pages per document that keep images. */
const MAX_PAGES_WITH_IMAGES = 10;
/** Images committed per run at most. */
const MAX_IMAGES = 150;
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
async function makePreviews(settings, results, env, convertBase, signal, 
/** The pull request's file list when an earlier stage (changed-only) read it whole; else it is read here. */
pullRequestFiles) {
    if (!wantsPreviews(settings, env))
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
        const basePdfs = await fetchAndConvertBases(repository, documents, pullRequest.baseSha, work, convertBase);
        const localImages = [];
        for (const [index, document] of documents.entries()) {
            const preview = {
                path: document.change.path,
                state: document.change.status,
                changes: [],
                images: [],
                truncated: false,
            };
            report.documents.push(preview);
            localImages.push([]);
            if (document.change.status === 'removed')
                continue;
            const base = basePdfs.get(document.change.path);
            if (document.change.status === 'modified' && base?.pdf === undefined) {
                preview.state = 'failed';
                preview.error = `the base version could not be converted: ${base?.error ?? 'unknown reason'}`;
                continue;
            }
            try {
                const directory = external_node_path_.join(work, 'images', String(index + 1));
                await (0,promises_.mkdir)(directory, { recursive: true });
                const compared = await comparePdfPages(base?.pdf, document.headPdf, directory, {
                    widthPx: settings.previews.widthPx,
                    maxPages: settings.previews.maxPages,
                    maxPagesWithImages: MAX_PAGES_WITH_IMAGES,
                    ...(signal ? { signal } : {}),
                });
                preview.changes = compared.changes;
                preview.truncated = compared.truncated;
                if (compared.basePages !== undefined)
                    preview.basePages = compared.basePages;
                if (compared.headPages !== undefined)
                    preview.headPages = compared.headPages;
                localImages[index] = compared.images;
            }
            catch (error) {
                preview.state = 'failed';
                preview.error = `its pages could not be compared: ${(0,http_errors/* reasonOf */.A3)(error)}`;
            }
        }
        await publishImages(repository, env, settings, pullRequest.number, report, localImages);
        return report;
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/** The changed files this run converted to PDF (or that are removed and would have been), up to the cap. */
function selectDocuments(changed, results, settings) {
    const pdfOf = new Map();
    for (const result of results) {
        if (result.job.format === 'pdf' && (0,convert_results/* hasOutputs */.PA)(result.status) && result.outputs[0] !== undefined) {
            pdfOf.set(result.job.source.workspacePath, result.outputs[0]);
        }
    }
    const all = [];
    for (const change of changed) {
        if (change.status === 'removed') {
            if (matchesPatterns(change.path, settings.patterns))
                all.push({ change, headPdf: undefined });
        }
        else {
            const headPdf = pdfOf.get(change.path);
            if (headPdf !== undefined)
                all.push({ change, headPdf });
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
    return answers;
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


/***/ }),

/***/ 63342:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ pixelmatch)
/* harmony export */ });
/**
 * Compare two equally sized images, pixel by pixel.
 *
 * @param {Uint8Array | Uint8ClampedArray} img1 First image data.
 * @param {Uint8Array | Uint8ClampedArray} img2 Second image data.
 * @param {Uint8Array | Uint8ClampedArray | void} output Image data to write the diff to, if provided.
 * @param {number} width Input images width.
 * @param {number} height Input images height.
 *
 * @param {Object} [options]
 * @param {number} [options.threshold=0.1] Matching threshold (0 to 1); smaller is more sensitive.
 * @param {boolean} [options.includeAA=false] Whether to skip anti-aliasing detection.
 * @param {number} [options.alpha=0.1] Opacity of original image in diff output.
 * @param {[number, number, number]} [options.aaColor=[255, 255, 0]] Color of anti-aliased pixels in diff output.
 * @param {[number, number, number]} [options.diffColor=[255, 0, 0]] Color of different pixels in diff output.
 * @param {[number, number, number]} [options.diffColorAlt=options.diffColor] Whether to detect dark on light differences between img1 and img2 and set an alternative color to differentiate between the two.
 * @param {boolean} [options.diffMask=false] Draw the diff over a transparent background (a mask).
 * @param {boolean} [options.checkerboard=true] Whether to blend semi-transparent pixels against a checkerboard pattern (true) or plain white (false) when comparing.
 *
 * @return {number} The number of mismatched pixels.
 */
function pixelmatch(img1, img2, output, width, height, options = {}) {
    const {
        threshold = 0.1,
        alpha = 0.1,
        aaColor = [255, 255, 0],
        diffColor = [255, 0, 0],
        checkerboard = true,
        includeAA, diffColorAlt, diffMask
    } = options;

    if (!isPixelData(img1) || !isPixelData(img2) || (output && !isPixelData(output)))
        throw new Error('Image data: Uint8Array, Uint8ClampedArray or Buffer expected.');

    if (img1.length !== img2.length || (output && output.length !== img1.length))
        throw new Error(`Image sizes do not match. Image 1 size: ${img1.length}, image 2 size: ${img2.length}`);

    if (img1.length !== width * height * 4) throw new Error(`Image data size does not match width/height. Expecting ${width * height * 4}. Got ${img1.length}`);

    // check if images are identical
    const len = width * height;
    const a32 = new Uint32Array(img1.buffer, img1.byteOffset, len);
    const b32 = new Uint32Array(img2.buffer, img2.byteOffset, len);
    let identical = true;

    for (let i = 0; i < len; i++) {
        if (a32[i] !== b32[i]) { identical = false; break; }
    }
    if (identical) { // fast path if identical
        if (output && !diffMask) {
            for (let i = 0, pos = 0; i < len; i++, pos += 4) drawGrayPixel(img1, pos, alpha, output);
        }
        return 0;
    }

    // maximum acceptable square distance between two colors;
    // 35215 is the maximum possible value for the YIQ difference metric
    const maxDelta = 35215 * threshold * threshold;
    const [aaR, aaG, aaB] = aaColor;
    const [diffR, diffG, diffB] = diffColor;
    const [altR, altG, altB] = diffColorAlt || diffColor;
    let diff = 0;

    // compare each pixel of one image against the other one
    for (let i = 0, pos = 0; i < len; i++, pos += 4) {
        // squared YUV distance between colors at this pixel position, negative if the img2 pixel is darker
        const delta = a32[i] === b32[i] ? 0 : colorDelta(img1, img2, pos, pos, checkerboard);

        // the color difference is above the threshold
        if (Math.abs(delta) > maxDelta) {
            const x = i % width;
            const y = (i / width) | 0;
            // check it's a real rendering difference or just anti-aliasing
            const isExcludedAA = !includeAA && (antialiased(img1, x, y, width, height, a32, b32, checkerboard) || antialiased(img2, x, y, width, height, b32, a32, checkerboard));
            if (isExcludedAA) {
                // one of the pixels is anti-aliasing; draw as yellow and do not count as difference
                // note that we do not include such pixels in a mask
                if (output && !diffMask) drawPixel(output, pos, aaR, aaG, aaB);

            } else {
                // found substantial difference not caused by anti-aliasing; draw it as such
                if (output) {
                    if (delta < 0) {
                        drawPixel(output, pos, altR, altG, altB);
                    } else {
                        drawPixel(output, pos, diffR, diffG, diffB);
                    }
                }
                diff++;
            }

        } else if (output && !diffMask) {
            // pixels are similar; draw background as grayscale image blended with white
            drawGrayPixel(img1, pos, alpha, output);
        }
    }

    // return the number of different pixels
    return diff;
}

/** @param {Uint8Array | Uint8ClampedArray} arr */
function isPixelData(arr) {
    // work around instanceof Uint8Array not working properly in some Jest environments
    return ArrayBuffer.isView(arr) && arr.BYTES_PER_ELEMENT === 1;
}

/**
 * Check if a pixel is likely a part of anti-aliasing;
 * based on "Anti-aliased Pixel and Intensity Slope Detector" paper by V. Vysniauskas, 2009
 * @param {Uint8Array | Uint8ClampedArray} img
 * @param {number} x1
 * @param {number} y1
 * @param {number} width
 * @param {number} height
 * @param {Uint32Array} a32
 * @param {Uint32Array} b32
 * @param {boolean} checkerboard
 */
function antialiased(img, x1, y1, width, height, a32, b32, checkerboard) {
    const x0 = Math.max(x1 - 1, 0);
    const y0 = Math.max(y1 - 1, 0);
    const x2 = Math.min(x1 + 1, width - 1);
    const y2 = Math.min(y1 + 1, height - 1);
    const pos4 = (y1 * width + x1) * 4;
    // cache the center pixel's RGBA once instead of re-reading it on every neighbor comparison
    const cr = img[pos4];
    const cg = img[pos4 + 1];
    const cb = img[pos4 + 2];
    const ca = img[pos4 + 3];
    let zeroes = x1 === x0 || x1 === x2 || y1 === y0 || y1 === y2 ? 1 : 0;
    let min = 0;
    let max = 0;
    let minX = 0;
    let minY = 0;
    let maxX = 0;
    let maxY = 0;

    // go through 8 adjacent pixels
    for (let x = x0; x <= x2; x++) {
        for (let y = y0; y <= y2; y++) {
            if (x === x1 && y === y1) continue;

            // brightness delta between the center pixel and adjacent one
            const delta = brightnessDelta(img, pos4, (y * width + x) * 4, cr, cg, cb, ca, checkerboard);

            // count the number of equal, darker and brighter adjacent pixels
            if (delta === 0) {
                zeroes++;
                // if found more than 2 equal siblings, it's definitely not anti-aliasing
                if (zeroes > 2) return false;

            // remember the darkest pixel
            } else if (delta < min) {
                min = delta;
                minX = x;
                minY = y;

            // remember the brightest pixel
            } else if (delta > max) {
                max = delta;
                maxX = x;
                maxY = y;
            }
        }
    }

    // if there are no both darker and brighter pixels among siblings, it's not anti-aliasing
    if (min === 0 || max === 0) return false;

    // if either the darkest or the brightest pixel has 3+ equal siblings in both images
    // (definitely not anti-aliased), this pixel is anti-aliased
    return (hasManySiblings(a32, minX, minY, width, height) && hasManySiblings(b32, minX, minY, width, height)) ||
           (hasManySiblings(a32, maxX, maxY, width, height) && hasManySiblings(b32, maxX, maxY, width, height));
}

/**
 * Check if a pixel has 3+ adjacent pixels of the same color.
 * @param {Uint32Array} img
 * @param {number} x1
 * @param {number} y1
 * @param {number} width
 * @param {number} height
 */
function hasManySiblings(img, x1, y1, width, height) {
    const x0 = Math.max(x1 - 1, 0);
    const y0 = Math.max(y1 - 1, 0);
    const x2 = Math.min(x1 + 1, width - 1);
    const y2 = Math.min(y1 + 1, height - 1);
    const val = img[y1 * width + x1];
    let zeroes = x1 === x0 || x1 === x2 || y1 === y0 || y1 === y2 ? 1 : 0;

    // go through 8 adjacent pixels
    for (let x = x0; x <= x2; x++) {
        for (let y = y0; y <= y2; y++) {
            if (x === x1 && y === y1) continue;
            zeroes += +(val === img[y * width + x]);
            if (zeroes > 2) return true;
        }
    }
    return false;
}

/**
 * Calculate color difference according to the paper "Measuring perceived color difference
 * using YIQ NTSC transmission color space in mobile applications" by Y. Kotsarenko and F. Ramos.
 * Caller guarantees the two pixels differ, so the early-zero check is omitted.
 * @param {Uint8Array | Uint8ClampedArray} img1
 * @param {Uint8Array | Uint8ClampedArray} img2
 * @param {number} k
 * @param {number} m
 * @param {boolean} checkerboard
 */
function colorDelta(img1, img2, k, m, checkerboard) {
    const r1 = img1[k];
    const g1 = img1[k + 1];
    const b1 = img1[k + 2];
    const a1 = img1[k + 3];
    const r2 = img2[m];
    const g2 = img2[m + 1];
    const b2 = img2[m + 2];
    const a2 = img2[m + 3];

    let dr = r1 - r2;
    let dg = g1 - g2;
    let db = b1 - b2;
    const da = a1 - a2;

    if (a1 < 255 || a2 < 255) { // blend pixels with background
        let rb = 255, gb = 255, bb = 255;
        if (checkerboard) {
            rb = 48 + 159 * (k % 2);
            gb = 48 + 159 * ((k / 1.618033988749895 | 0) % 2);
            bb = 48 + 159 * ((k / 2.618033988749895 | 0) % 2);
        }
        dr = (r1 * a1 - r2 * a2 - rb * da) / 255;
        dg = (g1 * a1 - g2 * a2 - gb * da) / 255;
        db = (b1 * a1 - b2 * a2 - bb * da) / 255;
    }

    const y = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
    const i = dr * 0.59597799 - dg * 0.27417610 - db * 0.32180189;
    const q = dr * 0.21147017 - dg * 0.52261711 + db * 0.31114694;

    const delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q;

    // encode whether the pixel lightens or darkens in the sign
    return y > 0 ? -delta : delta;
}

/**
 * Specialized brightness-only color delta for the anti-aliasing detector,
 * with the center pixel's RGBA hoisted out of the neighbor loop.
 * @param {Uint8Array | Uint8ClampedArray} img
 * @param {number} k center pixel offset
 * @param {number} m neighbor pixel offset
 * @param {number} r1
 * @param {number} g1
 * @param {number} b1
 * @param {number} a1
 * @param {boolean} checkerboard
 */
function brightnessDelta(img, k, m, r1, g1, b1, a1, checkerboard) {
    const r2 = img[m];
    const g2 = img[m + 1];
    const b2 = img[m + 2];
    const a2 = img[m + 3];

    let dr = r1 - r2;
    let dg = g1 - g2;
    let db = b1 - b2;
    const da = a1 - a2;

    if (!dr && !dg && !db && !da) return 0;

    if (a1 < 255 || a2 < 255) {
        let rb = 255, gb = 255, bb = 255;
        if (checkerboard) {
            rb = 48 + 159 * (k % 2);
            gb = 48 + 159 * ((k / 1.618033988749895 | 0) % 2);
            bb = 48 + 159 * ((k / 2.618033988749895 | 0) % 2);
        }
        dr = (r1 * a1 - r2 * a2 - rb * da) / 255;
        dg = (g1 * a1 - g2 * a2 - gb * da) / 255;
        db = (b1 * a1 - b2 * a2 - bb * da) / 255;
    }

    return dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
}

/**
 * @param {Uint8Array | Uint8ClampedArray} output
 * @param {number} pos
 * @param {number} r
 * @param {number} g
 * @param {number} b
 */
function drawPixel(output, pos, r, g, b) {
    output[pos] = r;
    output[pos + 1] = g;
    output[pos + 2] = b;
    output[pos + 3] = 255;
}

/**
 * @param {Uint8Array | Uint8ClampedArray} img
 * @param {number} i
 * @param {number} alpha
 * @param {Uint8Array | Uint8ClampedArray} output
 */
function drawGrayPixel(img, i, alpha, output) {
    const val = 255 + (img[i] * 0.29889531 + img[i + 1] * 0.58662247 + img[i + 2] * 0.11448223 - 255) * alpha * img[i + 3] / 255;
    drawPixel(output, i, val, val, val);
}


/***/ })

};
