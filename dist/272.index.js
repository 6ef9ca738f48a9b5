export const id = 272;
export const ids = [272];
export const modules = {

/***/ 90177:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RH: () => (/* binding */ diffWorkbooks),
/* harmony export */   SJ: () => (/* binding */ cellReference)
/* harmony export */ });
/* unused harmony export MAX_CELL_CHANGES */
/** Cell changes kept per workbook; the rest are counted. */
const MAX_CELL_CHANGES = 10_000;
function diffWorkbooks(base, head) {
    const diff = {
        sheets: [],
        cells: [],
        omittedCells: 0,
        truncated: base.omittedSheets > 0 || head.omittedSheets > 0,
    };
    const baseSheets = new Map(base.sheets.map((sheet) => [sheet.name, sheet]));
    const headNames = new Set(head.sheets.map((sheet) => sheet.name));
    for (const sheet of base.sheets) {
        if (!headNames.has(sheet.name))
            diff.sheets.push({ sheet: sheet.name, kind: 'removed', cells: sheet.cells.length });
    }
    const add = (change) => {
        if (diff.cells.length < MAX_CELL_CHANGES)
            diff.cells.push(change);
        else
            diff.omittedCells++;
    };
    for (const sheet of head.sheets) {
        const before = baseSheets.get(sheet.name);
        if (before === undefined) {
            diff.sheets.push({ sheet: sheet.name, kind: 'added', cells: sheet.cells.length });
            continue;
        }
        if (before.truncated || sheet.truncated)
            diff.truncated = true;
        const old = new Map(before.cells);
        for (const [address, content] of sheet.cells) {
            const was = old.get(address);
            old.delete(address);
            if (was === undefined)
                add({ sheet: sheet.name, address, after: content });
            else if (was.value !== content.value || was.formula !== content.formula)
                add({ sheet: sheet.name, address, before: was, after: content });
        }
        for (const [address, content] of old)
            add({ sheet: sheet.name, address, before: content });
    }
    diff.cells.sort((a, b) => sheetOrder(head, base, a.sheet) - sheetOrder(head, base, b.sheet) || byAddress(a, b));
    return diff;
}
function sheetOrder(head, base, name) {
    const at = head.sheets.findIndex((sheet) => sheet.name === name);
    return at === -1 ? head.sheets.length + base.sheets.findIndex((sheet) => sheet.name === name) : at;
}
/** Row first, then column: `B2` before `A10`. */
function byAddress(a, b) {
    const [ar, ac] = rowAndColumn(a.address);
    const [br, bc] = rowAndColumn(b.address);
    return ar - br || ac - bc;
}
function rowAndColumn(address) {
    const match = /^([A-Z]+)(\d+)$/.exec(address);
    if (!match)
        return [0, 0];
    let column = 0;
    for (const char of match[1])
        column = column * 26 + (char.charCodeAt(0) - 64);
    return [Number(match[2]), column];
}
/** How a sheet is named in a cell reference: quoted when it is not a plain word (`'Q3 totals'!B2`). */
function cellReference(sheet, address) {
    const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
    return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${address}`;
}


/***/ }),

/***/ 62272:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   changesFileMention: () => (/* binding */ changesFileMention),
/* harmony export */   renderPreviewSection: () => (/* binding */ renderPreviewSection),
/* harmony export */   v: () => (/* binding */ changeLine)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88220);
/* harmony import */ var _page_diff_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53756);
/* harmony import */ var _text_markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49058);
/**
 * The previews as one Markdown section, within a character budget: per document its page-change line, what
 * changed in the text of each changed page (a word diff; the first lines of an added or removed page) and in a
 * workbook's cells, then before | after | difference images of the first changed pages inline and the rest in a
 * collapsed <details>. The text comes before the images, and each image's alt text says what changed on its page.
 * A document's text and images shrink to fit its share of the budget; documents that do not fit at all are
 * counted, and the file with every change (changes-file.ts) is named.
 */




/** Changed pages shown with images before the rest are folded away. */
const INLINE_PAGES = 3;
/** Displayed width of each image; the file itself is preview-width wide (a click opens it). */
const SHOWN_WIDTH_PX = 260;
/** Characters of one page's text change in the comment. */
const MAX_PAGE_TEXT = 600;
/** Characters of one document's text and cell changes in the comment, whatever its share of the budget. */
const MAX_DOCUMENT_TEXT = 12_000;
const MIN_DOCUMENT_TEXT = 400;
/**
 * `changesFile`: how to reach the file with every text and cell change (a Markdown link or a path), when the
 * report has one.
 */
function renderPreviewSection(report, maxLength, changesFile) {
    const head = ['### Page previews'];
    if (report.imagesWarning)
        head.push(`> ⚠️ ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(report.imagesWarning)}; the page changes are listed as text.`);
    else if (report.imagesNote)
        head.push(`> ℹ️ ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(report.imagesNote)}; the page changes are listed as text.`);
    if (report.documents.length === 0)
        head.push('No changed document with a PDF preview in this pull request.');
    if (report.changesFile !== undefined && changesFile !== undefined)
        head.push(`Every text and cell change: ${changesFile}.`);
    const blocks = [...head];
    let length = blocks.join('\n\n').length;
    let omitted = report.omittedDocuments;
    const reserve = 120;
    for (const [index, document] of report.documents.entries()) {
        const remaining = maxLength - length - reserve;
        const share = Math.floor(remaining / (report.documents.length - index));
        const textBudget = Math.min(MAX_DOCUMENT_TEXT, Math.max(MIN_DOCUMENT_TEXT, share - 1000));
        const candidates = [
            () => renderDocument(document, textBudget, true),
            () => renderDocument(document, textBudget, false),
            () => renderDocument(document, MIN_DOCUMENT_TEXT, false),
            () => changeLine(document),
        ];
        let block;
        for (const candidate of candidates) {
            const made = candidate();
            if (made.length + 2 <= remaining) {
                block = made;
                break;
            }
        }
        if (block === undefined) {
            omitted += report.documents.length - index;
            break;
        }
        blocks.push(block);
        length += block.length + 2;
    }
    if (omitted > 0)
        blocks.push(`…and ${omitted} more changed document(s) without a preview here.`);
    return blocks.join('\n\n');
}
/**
 * Where the file with every text and cell change is: a link to the run's artifact when one was published,
 * else its name in output-dir.
 */
function changesFileMention(report, published) {
    if (report.changesFile === undefined)
        return undefined;
    const name = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(report.changesFile);
    return published.artifactUrl === undefined
        ? `${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(name)} in output-dir (publish an artifact to have it linked here)`
        : `${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownLink */ .i)(name, published.artifactUrl)} in the run's artifact`;
}
/** `**docs/a.docx** — pages 3 and 7 changed, page 5 added (12 → 13 pages)` */
function changeLine(document) {
    const name = `**${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(document.path)}**`;
    switch (document.state) {
        case 'removed':
            return `${name} — deleted in this pull request`;
        case 'failed':
            return `${name} — no preview: ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(document.error ?? 'unknown reason')}`;
        case 'added':
            return `${name} — new document, ${pages(document.headPages)}${truncation(document)}`;
        default: {
            const counts = document.basePages === document.headPages
                ? pages(document.headPages)
                : `${pages(document.basePages)} → ${pages(document.headPages)}`;
            return `${name} — ${(0,_page_diff_js__WEBPACK_IMPORTED_MODULE_2__/* .describeChanges */ .DT)(document.changes)} (${counts}${truncation(document)})`;
        }
    }
}
function pages(count) {
    return count === 1 ? '1 page' : `${count ?? 0} pages`;
}
function truncation(document) {
    return document.truncated ? '; only the first pages were compared' : '';
}
function renderDocument(document, textBudget, withImages) {
    const parts = [changeLine(document)];
    const text = textChanges(document, textBudget);
    if (text !== '')
        parts.push(text);
    if (!withImages || document.images.length === 0)
        return parts.join('\n\n');
    const altOf = altTexts(document);
    const inline = document.images.slice(0, INLINE_PAGES);
    const folded = document.images.slice(INLINE_PAGES);
    parts.push(imageTable(inline, altOf));
    if (folded.length > 0) {
        parts.push(`<details><summary>${folded.length} more page(s) with images</summary>\n\n${imageTable(folded, altOf)}\n\n</details>`);
    }
    const unshown = document.changes.length - document.images.length;
    if (unshown > 0)
        parts.push(`${unshown} more changed page(s) are listed above without images.`);
    return parts.join('\n\n');
}
/**
 * The document's text changes, page by page in a list, then its cell table, within `budget` characters; pages
 * that do not fit are counted.
 */
function textChanges(document, budget) {
    const parts = [];
    let used = 0;
    const noteRoom = 100;
    const items = [];
    const cellsFirst = document.cells !== undefined;
    // A workbook's cells say more than its pages' words: the table gets half of the budget first.
    const tableBudget = cellsFirst ? Math.floor(budget / 2) : 0;
    if (document.cells) {
        const table = (0,_text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .cellTable */ .lt)(document.cells, tableBudget, _text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .COMMENT_DETAIL */ .C3);
        parts.push(table);
        used += table.length + 2;
    }
    else if (document.cellsError) {
        const note = `Cells not compared: ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(document.cellsError)}`.slice(0, 300);
        parts.push(note);
        used += note.length + 2;
    }
    let left = 0;
    for (const [index, change] of document.changes.entries()) {
        const text = document.texts[index];
        if (text === undefined)
            continue;
        const room = budget - used - noteRoom;
        const item = (0,_text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .pageTextItem */ .Mk)(change, text, Math.min(MAX_PAGE_TEXT, room), _text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .COMMENT_DETAIL */ .C3);
        if (room < 80 || item.length > room) {
            left = document.texts.length - index;
            break;
        }
        items.push(item);
        used += item.length + 1;
    }
    if (left > 0)
        items.push(`- …and ${left} more page(s): every change is in the file named above.`);
    if (items.length > 0)
        parts.unshift(items.join('\n'));
    return parts.join('\n\n');
}
/** Alt text per change: "page 3: 2 words changed, 1 added". */
function altTexts(document) {
    const alts = new Map();
    for (const [index, change] of document.changes.entries()) {
        alts.set(change, `${(0,_text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .pageName */ .$p)(change)}: ${(0,_text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .textSummary */ .m7)(change, document.texts[index])}`);
    }
    return alts;
}
function imageTable(rows, altOf) {
    const lines = ['| Page | Before | After | Difference |', '| --- | --- | --- | --- |'];
    for (const row of rows) {
        const alt = altOf.get(row.change) ?? (0,_text_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .pageName */ .$p)(row.change);
        lines.push(`| ${pageLabel(row.change)} | ${image(row.before, `${alt} (before)`)} | ${image(row.after, `${alt} (after)`)} | ${image(row.diff, `${alt} (difference)`)} |`);
    }
    return lines.join('\n');
}
function pageLabel(change) {
    if (change.kind === 'added')
        return `${change.head} (added)`;
    if (change.kind === 'removed')
        return `${change.base} (removed)`;
    return change.base === change.head ? String(change.head) : `${change.head} (was ${change.base})`;
}
/** An image that opens full size when clicked; the URL is built by hosting.ts, already encoded. */
function image(url, alt) {
    if (url === undefined)
        return '—';
    // The alt text is the action's own words and numbers; quotes and angle brackets are still kept out.
    const safeAlt = alt.replace(/["<>&|]/g, ' ');
    return `<a href="${url}"><img src="${url}" width="${SHOWN_WIDTH_PX}" alt="${safeAlt}"></a>`;
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


/***/ }),

/***/ 96860:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ diffPageWords),
/* harmony export */   Z9: () => (/* binding */ wordsOf),
/* harmony export */   wv: () => (/* binding */ describeCounts)
/* harmony export */ });
/* unused harmony export countsOf */
/* harmony import */ var diff__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88965);
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16991);
/**
 * What changed in a page's words: the base and head pages' text layers (from PDFium) diffed line by line, then
 * word by word (words split at whitespace) where lines were replaced, with jsdiff. Pure data; the Markdown is
 * made in text-markdown.ts. Bounded: a page's text is cut before it gets here, and a diff that would need more
 * edits than MAX_EDITS is given up for "the text was rewritten" (old words removed, new ones added).
 */


/** Past this many word edits, a page counts as rewritten (jsdiff's cost grows with the edits squared). */
const MAX_EDITS = 4_000;
/** A page's words, secrets redacted first (a secret must not survive split over two runs). */
function wordsOf(text) {
    return (0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .redactSecrets */ .fp)(text)
        .split(/\s+/u)
        .filter((word) => word !== '');
}
/**
 * Lines first, then words: the pages' lines are diffed, and only where lines were replaced are their words
 * diffed. Text that repeats itself (the same phrase on every line) then shows a changed line as that line's
 * words, not as an edit script that wanders across the page.
 */
function diffPageWords(before, after) {
    const old = lineWords(before);
    const now = lineWords(after);
    const lineChanges = (0,diff__WEBPACK_IMPORTED_MODULE_1__/* .diffArrays */ .E)(old.map((words) => words.join(' ')), now.map((words) => words.join(' ')), { maxEditLength: MAX_EDITS });
    if (lineChanges === undefined)
        return rewritten(old.flat(), now.flat());
    const runs = [];
    let rewrittenAll = false;
    const push = (run) => {
        if (run.words.length === 0)
            return;
        const last = runs[runs.length - 1];
        if (last !== undefined && last.kind === run.kind)
            last.words.push(...run.words);
        else
            runs.push({ kind: run.kind, words: [...run.words] });
    };
    const wordsOfLines = (lines) => lines.flatMap((line) => (line === '' ? [] : line.split(' ')));
    for (let i = 0; i < lineChanges.length; i++) {
        const change = lineChanges[i];
        const next = lineChanges[i + 1];
        if (!change.added && !change.removed) {
            push({ kind: 'same', words: wordsOfLines(change.value) });
        }
        else if (change.removed && next?.added) {
            const words = (0,diff__WEBPACK_IMPORTED_MODULE_1__/* .diffArrays */ .E)(wordsOfLines(change.value), wordsOfLines(next.value), {
                maxEditLength: MAX_EDITS,
            });
            if (words === undefined) {
                rewrittenAll = true;
                push({ kind: 'removed', words: wordsOfLines(change.value) });
                push({ kind: 'added', words: wordsOfLines(next.value) });
            }
            else {
                for (const part of words)
                    push({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', words: part.value });
            }
            i++;
        }
        else {
            push({ kind: change.added ? 'added' : 'removed', words: wordsOfLines(change.value) });
        }
    }
    return { runs, counts: countsOf(runs), rewritten: rewrittenAll };
}
/** A page's lines as words (secrets redacted first; blank lines dropped). */
function lineWords(text) {
    return (0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .redactSecrets */ .fp)(text)
        .split(/\r?\n|\r/)
        .map((line) => line.split(/\s+/u).filter((word) => word !== ''))
        .filter((words) => words.length > 0);
}
function rewritten(old, now) {
    const runs = [];
    if (old.length > 0)
        runs.push({ kind: 'removed', words: old });
    if (now.length > 0)
        runs.push({ kind: 'added', words: now });
    return { runs, counts: countsOf(runs), rewritten: true };
}
/** A removal next to an insertion is a change of min(both) words; the rest of either is removed or added. */
function countsOf(runs) {
    const counts = { changed: 0, added: 0, removed: 0 };
    for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        const next = runs[i + 1];
        if (run.kind === 'same')
            continue;
        if (next !== undefined && next.kind !== 'same' && next.kind !== run.kind) {
            const removed = run.kind === 'removed' ? run.words.length : next.words.length;
            const added = run.kind === 'added' ? run.words.length : next.words.length;
            const paired = Math.min(removed, added);
            counts.changed += paired;
            counts.removed += removed - paired;
            counts.added += added - paired;
            i++;
        }
        else if (run.kind === 'added')
            counts.added += run.words.length;
        else
            counts.removed += run.words.length;
    }
    return counts;
}
/** "2 words changed, 1 added" (no change: "no word changed"). */
function describeCounts(counts) {
    const parts = [];
    const words = (n) => (n === 1 ? '1 word' : `${n} words`);
    if (counts.changed > 0)
        parts.push(`${words(counts.changed)} changed`);
    if (counts.added > 0)
        parts.push(parts.length === 0 ? `${words(counts.added)} added` : `${counts.added} added`);
    if (counts.removed > 0)
        parts.push(parts.length === 0 ? `${words(counts.removed)} removed` : `${counts.removed} removed`);
    return parts.length === 0 ? 'no word changed' : parts.join(', ');
}


/***/ }),

/***/ 49058:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ pageName),
/* harmony export */   C3: () => (/* binding */ COMMENT_DETAIL),
/* harmony export */   Mk: () => (/* binding */ pageTextItem),
/* harmony export */   NS: () => (/* binding */ FILE_DETAIL),
/* harmony export */   ZH: () => (/* binding */ documentText),
/* harmony export */   lt: () => (/* binding */ cellTable),
/* harmony export */   m7: () => (/* binding */ textSummary)
/* harmony export */ });
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(88220);
/* harmony import */ var _common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16991);
/* harmony import */ var _cell_diff_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90177);
/* harmony import */ var _text_diff_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(96860);
/**
 * Text and cell changes as Markdown: a page's word diff as one line (deleted words struck through, inserted ones
 * in bold, a few words of context, long unchanged runs collapsed), the first lines of an added or removed page,
 * and a workbook's changed cells as a table. Every piece of document text goes through `documentText` (the
 * project's one sanitiser, then Markdown escaping), so a document cannot add markup, a mention, a link or a
 * workflow command. Each function takes a character budget and never exceeds it.
 */




const COMMENT_DETAIL = { context: 4, maxWordChars: 40, maxLines: 3, maxCellChars: 60 };
const FILE_DETAIL = {
    context: 8,
    maxWordChars: 300,
    maxLines: 1_000,
    maxCellChars: 1_000,
};
/** Document text made inert for Markdown: secrets redacted, controls encoded, then every markup character escaped. */
function documentText(text, maxChars) {
    return (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)((0,_common_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(text, maxChars));
}
/** "page 3" for the page's place in the head (or the base, for a removed page). */
function pageName(change) {
    if (change.kind === 'removed')
        return `page ${change.base} of the base`;
    return `page ${change.head}`;
}
/** What changed on the page in words, for alt text and headings: "2 words changed, 1 added", "added, 12 lines". */
function textSummary(change, text) {
    if (text === undefined)
        return change.kind === 'changed' ? 'changed' : change.kind;
    if (text.kind === 'changed') {
        const counts = (0,_text_diff_js__WEBPACK_IMPORTED_MODULE_2__/* .describeCounts */ .wv)(text.diff.counts);
        return counts === 'no word changed' ? 'no word changed (only the drawing)' : counts;
    }
    const lines = text.lines.length === 1 ? '1 line' : `${text.lines.length} lines`;
    return `${change.kind}, ${text.lines.length === 0 ? 'no text' : lines}`;
}
/**
 * One list item: `- **Page 3** · 2 words changed, 1 added: … context ~~old~~ **new** context …`, at most
 * `maxChars` characters (later changes are then left out with a "…").
 */
function pageTextItem(change, text, maxChars, detail) {
    const title = `- **${capitalised(pageName(change))}** · ${textSummary(change, text)}`;
    if (text === undefined)
        return title.slice(0, maxChars);
    const pieces = text.kind === 'changed' ? diffPieces(text.diff.runs, detail) : linePieces(text.lines, detail);
    let line = `${title}:`;
    if (line.length > maxChars)
        return title.slice(0, maxChars);
    const more = ' …';
    for (const [index, piece] of pieces.entries()) {
        const last = index === pieces.length - 1;
        if (line.length + 1 + piece.length + (last ? 0 : more.length) > maxChars)
            return `${line}${more}`;
        line += ` ${piece}`;
    }
    return pieces.length === 0 ? title : line;
}
/** Words shown as one run of text: each cut to the longest word shown, then the run made inert as a whole. */
function wordsText(words, detail) {
    const cut = words.map((word) => {
        const chars = [...word];
        return chars.length <= detail.maxWordChars
            ? word
            : `${chars.slice(0, detail.maxWordChars - 1).join('')}…`;
    });
    const joined = cut.join(' ');
    return documentText(joined, joined.length + 1);
}
function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** The diff as pieces of Markdown, each complete in itself (a struck or bold run is one piece). */
function diffPieces(runs, detail) {
    const pieces = [];
    const words = (list) => wordsText(list, detail);
    for (const [index, run] of runs.entries()) {
        if (run.kind === 'removed') {
            pieces.push(`~~${words(run.words)}~~`);
            continue;
        }
        if (run.kind === 'added') {
            pieces.push(`**${words(run.words)}**`);
            continue;
        }
        const first = index === 0;
        const last = index === runs.length - 1;
        const keepStart = first ? 0 : detail.context;
        const keepEnd = last ? 0 : detail.context;
        if (run.words.length <= keepStart + keepEnd) {
            pieces.push(words(run.words));
            continue;
        }
        if (keepStart > 0)
            pieces.push(words(run.words.slice(0, keepStart)));
        pieces.push('…');
        if (keepEnd > 0)
            pieces.push(words(run.words.slice(-keepEnd)));
    }
    return pieces;
}
function linePieces(lines, detail) {
    const shown = lines.slice(0, detail.maxLines).map((line, index) => {
        const text = wordsText(line.split(' '), detail);
        return index === 0 ? text : `/ ${text}`;
    });
    if (lines.length > detail.maxLines)
        shown.push(`(+${lines.length - detail.maxLines} more lines)`);
    return shown;
}
/**
 * A workbook's changes as a table `| Cell | Before | After |`, sheets added or removed first, within `maxChars`;
 * rows that do not fit are counted under it.
 */
function cellTable(diff, maxChars, detail) {
    const head = '| Cell | Before | After |\n| --- | --- | --- |';
    const rows = [];
    for (const sheet of diff.sheets) {
        const cells = `${sheet.cells} ${sheet.cells === 1 ? 'cell' : 'cells'}`;
        const name = documentText(sheet.sheet, detail.maxCellChars);
        rows.push(sheet.kind === 'added'
            ? `| ${name} (sheet) | — | sheet added, ${cells} |`
            : `| ${name} (sheet) | sheet removed, ${cells} | — |`);
    }
    for (const cell of diff.cells) {
        const where = documentText((0,_cell_diff_js__WEBPACK_IMPORTED_MODULE_3__/* .cellReference */ .SJ)(cell.sheet, cell.address), detail.maxCellChars + 12);
        rows.push(`| ${where} | ${cellText(cell.before, detail)} | ${cellText(cell.after, detail)} |`);
    }
    const total = rows.length + diff.omittedCells;
    const truncation = 'Only the first sheets, rows and cells were compared.';
    if (total === 0)
        return diff.truncated ? `No cell changed in what was read. ${truncation}` : 'No cell changed.';
    const kept = [head];
    let length = head.length;
    const noteRoom = 80;
    for (const row of rows) {
        if (length + 1 + row.length + noteRoom > maxChars)
            break;
        kept.push(row);
        length += 1 + row.length;
    }
    const left = total - (kept.length - 1);
    const notes = [];
    if (left > 0)
        notes.push(`…and ${left} more changed ${left === 1 ? 'cell' : 'cells'}.`);
    if (diff.truncated)
        notes.push(truncation);
    if (kept.length === 1)
        return notes.join(' ').slice(0, maxChars);
    return [kept.join('\n'), ...(notes.length > 0 ? [notes.join(' ')] : [])].join('\n\n');
}
function cellText(content, detail) {
    if (content === undefined)
        return '—';
    const value = documentText(content.value, detail.maxCellChars);
    if (content.formula === undefined)
        return value === '' ? '—' : value;
    const formula = documentText(`=${content.formula}`, detail.maxCellChars);
    return value === '' ? formula : `${formula} → ${value}`;
}


/***/ })

};
