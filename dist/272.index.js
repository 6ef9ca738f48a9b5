export const id = 272;
export const ids = [272];
export const modules = {

/***/ 62272:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderPreviewSection: () => (/* binding */ renderPreviewSection)
/* harmony export */ });
/* unused harmony export changeLine */
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88220);
/* harmony import */ var _page_diff_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53756);
/**
 * The previews as one Markdown section, within a character budget: per document its page-change line, then
 * before | after | difference images of the first changed pages inline and the rest in a collapsed
 * <details>. A document whose images do not fit keeps its line; documents that do not fit at all are counted.
 */


/** Changed pages shown with images before the rest are folded away. */
const INLINE_PAGES = 3;
/** Displayed width of each image; the file itself is preview-width wide (a click opens it). */
const SHOWN_WIDTH_PX = 260;
function renderPreviewSection(report, maxLength) {
    const head = ['### Page previews'];
    if (report.imagesWarning)
        head.push(`> ⚠️ ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(report.imagesWarning)}; the page changes are listed as text.`);
    else if (report.imagesNote)
        head.push(`> ℹ️ ${(0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(report.imagesNote)}; the page changes are listed as text.`);
    if (report.documents.length === 0)
        head.push('No changed document with a PDF preview in this pull request.');
    const blocks = [...head];
    let length = blocks.join('\n\n').length;
    let omitted = report.omittedDocuments;
    const reserve = 120;
    for (const [index, document] of report.documents.entries()) {
        const full = renderDocument(document, true);
        const textOnly = renderDocument(document, false);
        const remaining = maxLength - length - reserve;
        const block = full.length + 2 <= remaining ? full : textOnly.length + 2 <= remaining ? textOnly : undefined;
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
            return `${name} — ${(0,_page_diff_js__WEBPACK_IMPORTED_MODULE_0__/* .describeChanges */ .DT)(document.changes)} (${counts}${truncation(document)})`;
        }
    }
}
function pages(count) {
    return count === 1 ? '1 page' : `${count ?? 0} pages`;
}
function truncation(document) {
    return document.truncated ? '; only the first pages were compared' : '';
}
function renderDocument(document, withImages) {
    const line = changeLine(document);
    if (!withImages || document.images.length === 0)
        return line;
    const inline = document.images.slice(0, INLINE_PAGES);
    const folded = document.images.slice(INLINE_PAGES);
    const parts = [line, imageTable(inline)];
    if (folded.length > 0) {
        parts.push(`<details><summary>${folded.length} more page(s) with images</summary>\n\n${imageTable(folded)}\n\n</details>`);
    }
    const unshown = document.changes.length - document.images.length;
    if (unshown > 0)
        parts.push(`${unshown} more changed page(s) are listed above without images.`);
    return parts.join('\n\n');
}
function imageTable(rows) {
    const lines = ['| Page | Before | After | Difference |', '| --- | --- | --- | --- |'];
    for (const row of rows) {
        lines.push(`| ${pageLabel(row.change)} | ${image(row.before, 'before')} | ${image(row.after, 'after')} | ${image(row.diff, 'difference')} |`);
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
function image(url, what) {
    if (url === undefined)
        return '—';
    return `<a href="${url}"><img src="${url}" width="${SHOWN_WIDTH_PX}" alt="${what}"></a>`;
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
