/**
 * Target formats GroupDocs.Conversion Cloud can save to, from the "Save"/"Target" column of the product's
 * supported-formats page (groupdocs-conversion-cloud/docs, content/conversion/getting-started/supported-document-formats.md).
 * Whether a given source can reach a given target is the service's call; this list only catches typos early.
 */

/** Targets rendered page by page: one output file per page, named `<stem>-page-<n>.<format>`. */
const IMAGE_FORMATS: ReadonlySet<string> = new Set([
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
export const TARGET_FORMATS: ReadonlySet<string> = new Set([...DOCUMENT_FORMATS, ...IMAGE_FORMATS]);

/** The formats most people want, for hints in error messages. */
export const COMMON_TARGET_FORMATS: readonly string[] = [
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

export function isKnownTargetFormat(format: string): boolean {
  return TARGET_FORMATS.has(format);
}

/** True for targets that give one file per page (`<stem>-page-<n>.<format>`) rather than one file. */
export function isImageFormat(format: string): boolean {
  return IMAGE_FORMATS.has(format.toLowerCase());
}
