/**
 * Which of the service's two asynchronous flows converts a job. The storage flow (upload, start, status, download,
 * and one folder delete per run) shares one upload among a document's target formats and takes load and convert
 * options. The direct flow (start with the document in the request, status, result) saves the upload and the
 * delete, two billed calls, but sends the document once per format, cannot carry options or fonts, and returns a zip when a
 * target gives several files. So it is used only where it is cheaper and gives the same result.
 */

import type { ConversionJob } from '../../../plan/types.ts';
import { isImageFormat } from '../../../settings/formats.ts';

/** GroupDocs bills one more credit per further 20 MB of a file sent; sending a big file twice costs more. */
export const BILLING_UNIT_BYTES = 20 * 1000 * 1000;

export interface FlowChoiceSettings {
  loadOptions: Readonly<Record<string, unknown>> | undefined;
  convertOptions: Readonly<Record<string, unknown>> | undefined;
  /** Every target format a document is converted to. */
  formats: readonly string[];
  /** The repository's fonts: only the storage flow can pass them (`fontsPath`). */
  engine?: { fonts: unknown };
}

/** True when `job` is better converted by the direct flow. */
export function usesDirectFlow(job: ConversionJob, settings: FlowChoiceSettings): boolean {
  if (settings.loadOptions !== undefined || settings.convertOptions !== undefined) return false;
  if (settings.engine?.fonts !== undefined) return false;
  if (isImageFormat(job.format)) return false;
  if (settings.formats.length === 1) return true;
  // Another format of the document takes the storage flow: its upload is made anyway and shared at no extra call.
  if (settings.formats.some(isImageFormat)) return false;
  return job.source.sizeBytes <= BILLING_UNIT_BYTES;
}
