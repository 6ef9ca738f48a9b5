/**
 * What this engine converts: LibreOffice's document families, the sources each opens and the targets each saves,
 * with the filter names `soffice --convert-to` needs. Image targets are made from a PDF, page by page.
 */

type Family = 'text' | 'spreadsheet' | 'presentation';

const SOURCES: Readonly<Record<Family, readonly string[]>> = {
  text: ['docx', 'doc', 'docm', 'dotx', 'dot', 'dotm', 'odt', 'ott', 'fodt', 'rtf', 'txt', 'html', 'htm'],
  spreadsheet: ['xlsx', 'xls', 'xlsm', 'xltx', 'xlt', 'ods', 'ots', 'fods', 'csv'],
  presentation: ['pptx', 'ppt', 'pptm', 'pps', 'ppsx', 'potx', 'pot', 'odp', 'otp', 'fodp'],
};

/** Target → the `--convert-to` argument, per family. Images are rendered from the PDF (see IMAGE_TARGETS). */
const TARGETS: Readonly<Record<Family, Readonly<Record<string, string>>>> = {
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
const IMAGE_TARGETS: readonly string[] = ['png', 'jpg', 'jpeg'];

/**
 * Sources whose format LibreOffice must be told, because its own detection opens them differently: HTML in Writer
 * (Writer/Web drops the first paragraph from PDFs in 7.x), text as UTF-8, CSV as comma-separated UTF-8.
 */
const IMPORT_FILTERS: Readonly<Record<string, string>> = {
  html: 'HTML (StarWriter)',
  htm: 'HTML (StarWriter)',
  txt: 'Text (encoded):UTF8',
  csv: 'Text - txt - csv (StarCalc):44,34,76,1',
};

function familyOf(source: string): Family | undefined {
  return (Object.keys(SOURCES) as Family[]).find((family) => SOURCES[family].includes(source));
}

/** Source extension → target formats, for the run's format check. */
export function libreOfficeTargets(): ReadonlyMap<string, readonly string[]> {
  const table = new Map<string, readonly string[]>();
  for (const family of Object.keys(SOURCES) as Family[]) {
    const targets = [...Object.keys(TARGETS[family]), ...IMAGE_TARGETS];
    for (const source of SOURCES[family]) table.set(source, targets);
  }
  return table;
}

export interface ConversionRecipe {
  /** `--infilter` value, when the source's format must be named. */
  importFilter: string | undefined;
  /** `--convert-to` value. */
  convertTo: string;
  /** true: convert to PDF, then render each page to `<stem>-page-<n>.<format>`. */
  pages: boolean;
}

/** How to make `target` from `source`; undefined for a pair the table does not hold. */
export function recipeFor(source: string, target: string): ConversionRecipe | undefined {
  const family = familyOf(source);
  if (family === undefined) return undefined;
  const pages = IMAGE_TARGETS.includes(target);
  const convertTo = TARGETS[family][pages ? 'pdf' : target];
  if (convertTo === undefined) return undefined;
  return { importFilter: IMPORT_FILTERS[source], convertTo, pages };
}
