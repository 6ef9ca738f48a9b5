/** The conversion pairs the emulator claims to support: a realistic subset of the real service. */

const wordTargets = ['pdf', 'docx', 'doc', 'odt', 'rtf', 'html', 'md', 'txt', 'png', 'jpg', 'tiff', 'svg'];
const cellTargets = ['pdf', 'xlsx', 'ods', 'csv', 'html', 'txt', 'png', 'jpg', 'tiff', 'svg'];
const slideTargets = ['pdf', 'pptx', 'odp', 'html', 'png', 'jpg', 'tiff', 'svg'];
const pdfTargets = ['docx', 'doc', 'odt', 'rtf', 'html', 'txt', 'pptx', 'xlsx', 'png', 'jpg', 'tiff', 'svg'];

const sources: Array<[string[], string[]]> = [
  [['docx', 'doc', 'odt', 'rtf', 'txt', 'md', 'html'], wordTargets],
  [['xlsx', 'xls', 'ods', 'csv'], cellTargets],
  [['pptx', 'ppt', 'odp'], slideTargets],
  [['pdf'], pdfTargets],
];

export interface SupportedConversion {
  sourceFormat: string;
  targetFormats: string[];
}

export const supportedConversions: SupportedConversion[] = sources.flatMap(([formats, targets]) =>
  formats.map((sourceFormat) => ({
    sourceFormat,
    targetFormats: targets.filter((target) => target !== sourceFormat),
  })),
);

export function isSupportedPair(sourceFormat: string, targetFormat: string): boolean {
  const entry = supportedConversions.find((c) => c.sourceFormat === sourceFormat);
  return entry?.targetFormats.includes(targetFormat) ?? false;
}

export function isSourceFormat(format: string): boolean {
  return supportedConversions.some((c) => c.sourceFormat === format);
}

/** Lower-case extension of a file name without the dot, '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** File name without its last extension. */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
