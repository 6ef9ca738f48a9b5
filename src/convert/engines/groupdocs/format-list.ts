import { isRecord, pick } from './errors.ts';
import { type CallContext, unexpectedAnswer } from './service-calls.ts';

export interface SupportedFormat {
  sourceFormat: string;
  targetFormats: string[];
}

/**
 * The real format list is tens of KiB (about 50 sources, each with up to about 100 targets); far larger is
 * treated as an unreadable list rather than parsed, logged and searched.
 */
export const MAX_FORMAT_LIST_BYTES = 1024 * 1024;
const MAX_SOURCE_FORMATS = 1000;
const MAX_TARGETS_PER_SOURCE = 1000;
/** A format name as the service spells one (`docx`, `tiff`, `html5`); anything else is not a format and is dropped. */
const FORMAT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,15}$/;

/** The answer of `GET conversion/formats`, with every name that is not a format name dropped. */
export function parseFormats(answer: unknown, context: CallContext): SupportedFormat[] {
  if (!Array.isArray(answer)) throw unexpectedAnswer(context, 'a format list that is not a JSON array');
  if (answer.length > MAX_SOURCE_FORMATS) {
    throw unexpectedAnswer(context, `a format list of more than ${MAX_SOURCE_FORMATS} source formats`);
  }
  const isFormatName = (value: unknown): value is string =>
    typeof value === 'string' && FORMAT_NAME.test(value);
  const formats: SupportedFormat[] = [];
  for (const item of answer) {
    if (!isRecord(item)) continue;
    const source = pick(item, 'sourceFormat');
    const targets = pick(item, 'targetFormats');
    if (!isFormatName(source)) continue;
    if (Array.isArray(targets) && targets.length > MAX_TARGETS_PER_SOURCE) {
      throw unexpectedAnswer(
        context,
        `a format list with more than ${MAX_TARGETS_PER_SOURCE} target formats for one source format`,
      );
    }
    formats.push({
      sourceFormat: source,
      targetFormats: Array.isArray(targets) ? targets.filter(isFormatName) : [],
    });
  }
  return formats;
}
