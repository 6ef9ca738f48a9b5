/**
 * Tiny PDFs that attack PDFium, made by code (a few hundred bytes each). Measured with @hyzyla/pdfium 2.1.13
 * rendering page 1 at 800 px in process:
 * - `hangingPdf`: a tiling pattern whose cell is a thousandth of a point, filling the page: PDFium draws every
 *   cell, millions of them, and a page render does not end within minutes (killed at 60 s).
 * - `abortingPdf`: a form XObject that draws itself twice: PDFium recurses and allocates until the WebAssembly
 *   memory cannot grow (2 GB after ~18 s), then aborts the module; every later call fails.
 */

/** A PDF of the given objects (a stream is `{ dict, data }`), object 1 the catalog, with an exact xref. */
export function minimalPdf(objects: readonly (string | { dict: string; data: string })[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    const body =
      typeof object === 'string'
        ? object
        : `<< ${object.dict} /Length ${Buffer.byteLength(object.data, 'latin1')} >>\nstream\n${object.data}\nendstream`;
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** One page with these resources and content. */
function onePage(
  resources: string,
  content: string,
  extra: (string | { dict: string; data: string })[],
): Buffer {
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${resources} /Contents 4 0 R >>`,
    { dict: '', data: content },
    ...extra,
  ]);
}

export function hangingPdf(): Buffer {
  return onePage('<< /Pattern << /P 5 0 R >> >>', '/Pattern cs /P scn 0 0 612 792 re f', [
    {
      dict: '/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 1 1] /XStep 0.001 /YStep 0.001 /Resources << >>',
      data: '0 0 1 1 re f',
    },
  ]);
}

export function abortingPdf(): Buffer {
  return onePage('<< /XObject << /X 5 0 R >> >>', '/X Do', [
    {
      dict: '/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 5 0 R >> >>',
      data: '/X Do /X Do',
    },
  ]);
}
