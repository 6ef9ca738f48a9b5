import { stat } from 'node:fs/promises';
import type { DownloadLimit } from '../../download-budget.ts';
import { downloadTo } from './download.ts';
import { GroupDocsApiError, isRecord, parseErrorBody, pick, type Redact } from './errors.ts';
import { readText } from './http.ts';
import { multipartFileBody, multipartFileForm } from './multipart.ts';
import type { ResultLocation } from './result-location.ts';
import {
  type CallContext,
  MAX_ERROR_BODY_BYTES,
  type ServiceCalls,
  unexpectedAnswer,
} from './service-calls.ts';
import { storageKeyFileName } from './storage-key.ts';

/** The service's file storage: upload, download, exists, delete. Keys are `/`-separated (see storage-key.ts). */
export class StorageApi {
  readonly #service: ServiceCalls;

  constructor(service: ServiceCalls) {
    this.#service = service;
  }

  /** PUT the local file to storage as multipart/form-data (part `File`), streamed from disk. */
  async uploadFile(localPath: string, storageKey: string, signal: AbortSignal): Promise<void> {
    const context = { operation: 'upload', kind: 'upload' as const, storageKey, idempotent: true };
    const service = this.#service;
    await service.send(context, signal, async () => {
      const url = service.storageUrl('conversion/storage/file/', storageKey);
      // Measured on every attempt: each attempt re-opens the file.
      const { size } = await stat(localPath);
      const form = multipartFileForm('File', storageKeyFileName(storageKey), size);
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
        body: () => multipartFileBody(form, localPath, size),
        read: async (response, progress) => {
          const answer = await service.readJson(response, progress, context);
          const errors = isRecord(answer) ? pick(answer, 'errors') : undefined;
          if (Array.isArray(errors) && errors.length > 0) {
            const detail = uploadErrorDetail(errors, service.redact);
            throw new GroupDocsApiError({
              ...context,
              status: response.statusCode,
              code: detail.code,
              serverMessage: detail.message ?? 'the server reported an upload error',
              retryable: false,
            });
          }
        },
      };
    });
  }

  /**
   * Stream a stored file to localPath; the file appears only once complete. With a limit, a download that passes it
   * (by its Content-Length, or as bytes arrive) is stopped, its partial file removed, and not repeated.
   */
  async downloadFile(
    storageKey: string,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    const context: CallContext = { operation: 'download', kind: 'download', storageKey, idempotent: true };
    // Built inside the call, so a bad key fails as this call's error.
    await downloadTo(
      this.#service,
      context,
      () => this.#service.storageUrl('conversion/storage/file/', storageKey),
      localPath,
      signal,
      limit,
    );
  }

  /**
   * Stream a result to localPath from where the service said it is (see result-location.ts): a storage key, or a
   * URL on the configured API's origin, through the same bounded download.
   */
  async downloadLocated(
    location: ResultLocation,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    if (location.kind === 'storage') return this.downloadFile(location.storageKey, localPath, signal, limit);
    const context: CallContext = { operation: 'download', kind: 'download', idempotent: true };
    await downloadTo(this.#service, context, location.url, localPath, signal, limit);
  }

  /** Whether a file (or folder) is in storage. */
  async fileExists(storageKey: string, signal: AbortSignal): Promise<boolean> {
    const context: CallContext = { operation: 'exists', kind: 'exists', storageKey, idempotent: true };
    return this.#service.send(context, signal, () => ({
      method: 'GET',
      url: this.#service.storageUrl('conversion/storage/exist/', storageKey),
      read: async (response, progress) => {
        const answer = await this.#service.readJson(response, progress, context);
        const exists = isRecord(answer) ? pick(answer, 'exists') : undefined;
        if (typeof exists !== 'boolean') throw unexpectedAnswer(context, 'no "exists" field');
        return exists;
      },
    }));
  }

  /** Delete a stored file. A file that is already gone counts as deleted. */
  async deleteFile(storageKey: string, signal: AbortSignal): Promise<void> {
    await this.#delete('delete file', 'conversion/storage/file/', storageKey, signal, false);
  }

  /** Delete a stored folder and everything in it. A folder that is already gone counts as deleted. */
  async deleteFolder(storageKey: string, signal: AbortSignal): Promise<void> {
    await this.#delete('delete folder', 'conversion/storage/folder/', storageKey, signal, true);
  }

  async #delete(
    operation: string,
    route: string,
    storageKey: string,
    signal: AbortSignal,
    recursive: boolean,
  ): Promise<void> {
    const context: CallContext = {
      operation,
      kind: 'delete',
      storageKey,
      idempotent: true,
      absentIsSuccess: true,
    };
    await this.#service.send(context, signal, () => {
      const url = this.#service.storageUrl(route, storageKey);
      if (recursive) url.searchParams.set('recursive', 'true');
      return {
        method: 'DELETE',
        url,
        read: async (response, progress) => {
          await readText(response, progress, MAX_ERROR_BODY_BYTES);
        },
      };
    });
  }
}

function uploadErrorDetail(errors: unknown[], redact: Redact): { code?: string; message?: string } {
  const messages: string[] = [];
  let code: string | undefined;
  for (const item of errors) {
    const detail = parseErrorBody(JSON.stringify(item), redact);
    code ??= detail.code;
    if (detail.message !== undefined) messages.push(detail.message);
  }
  return { code, message: messages.length > 0 ? messages.join('; ') : undefined };
}
