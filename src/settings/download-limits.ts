/** The inputs that bound what a run downloads: per file and in total, so a hostile or broken service cannot fill the disk. */

import { formatByteSize, parseByteSize } from '../common/byte-size.ts';
import { type InputReader, quote, type Report } from './input-readers.ts';

export interface DownloadLimitSettings {
  /** No single result file may be larger than this (bytes). */
  maxDownloadBytes: number;
  /** The run writes at most this many bytes of results in total. */
  maxTotalDownloadBytes: number;
}

const MIN_BYTES = 1024;
const MAX_BYTES = 1024 ** 4;

export function readDownloadLimits(input: InputReader, report: Report): DownloadLimitSettings {
  const maxDownloadBytes = readSize('max-download-size', input('max-download-size'), report);
  const maxTotalDownloadBytes = readSize('max-total-download-size', input('max-total-download-size'), report);
  return { maxDownloadBytes, maxTotalDownloadBytes };
}

function readSize(name: string, raw: string, report: Report): number {
  const bytes = parseByteSize(raw);
  if (bytes === undefined || bytes < MIN_BYTES || bytes > MAX_BYTES) {
    report(
      `Input "${name}" is ${quote(raw)}: expected a size from ${formatByteSize(MIN_BYTES)} to ` +
        `${formatByteSize(MAX_BYTES)}, like 500MiB, 2GiB or plain bytes.`,
    );
    return MIN_BYTES;
  }
  return bytes;
}
