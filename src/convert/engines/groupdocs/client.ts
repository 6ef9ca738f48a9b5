import type { DownloadLimit } from '../../download-budget.ts';
import type { ApiCallAccount } from './call-account.ts';
import { ConversionsApi, type ConvertRequest } from './conversions.ts';
import type { SupportedFormat } from './format-list.ts';
import type { OperationResult } from './operation.ts';
import { locateResult, type ResultLocation, type ResultReference } from './result-location.ts';
import { ServiceCalls, type ServiceCallsOptions } from './service-calls.ts';
import { StorageApi } from './storage.ts';

export type { ConvertRequest } from './conversions.ts';
export { GroupDocsApiError } from './errors.ts';
export type { SupportedFormat } from './format-list.ts';
export type { OperationResult, OperationStatus, StoredResult } from './operation.ts';

export type GroupDocsClientOptions = ServiceCallsOptions;

/**
 * HTTP client for GroupDocs.Conversion Cloud v2.0: authentication, retries with backoff, streaming uploads and
 * downloads in bounded memory, cancellation, and errors that say what failed and why.
 *
 * One object for the engine and the font upload: the parts (storage.ts, conversions.ts) share one token, one retry
 * policy, one redactor and one call account (service-calls.ts), which this facade builds once from one set of
 * options.
 */
export class GroupDocsClient {
  /** Every request this client sent, by kind. */
  readonly calls: ApiCallAccount;
  readonly #service: ServiceCalls;
  readonly #storage: StorageApi;
  readonly #conversions: ConversionsApi;

  constructor(options: GroupDocsClientOptions) {
    const service = new ServiceCalls(options);
    this.#service = service;
    this.calls = service.calls;
    this.#storage = new StorageApi(service);
    this.#conversions = new ConversionsApi(service);
  }

  /** PUT the local file to storage as multipart/form-data (part `File`), streamed from disk. */
  uploadFile(localPath: string, storageKey: string, signal: AbortSignal): Promise<void> {
    return this.#storage.uploadFile(localPath, storageKey, signal);
  }

  /** Stream a stored file to localPath; the file appears only once complete (see StorageApi.downloadFile). */
  downloadFile(
    storageKey: string,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    return this.#storage.downloadFile(storageKey, localPath, signal, limit);
  }

  /**
   * Where a result listed by a finished operation is fetched from. Throws (GroupDocsApiError, code
   * RESULT_LOCATION) for a result that cannot be fetched safely, e.g. a URL on another host than the configured API.
   */
  locateResult(result: ResultReference): ResultLocation {
    return locateResult(result, this.#service);
  }

  /** Stream a located result to localPath; the file appears only once complete. */
  downloadLocated(
    location: ResultLocation,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    return this.#storage.downloadLocated(location, localPath, signal, limit);
  }

  /** Whether a file (or folder) is in storage. */
  fileExists(storageKey: string, signal: AbortSignal): Promise<boolean> {
    return this.#storage.fileExists(storageKey, signal);
  }

  /** Delete a stored file. A file that is already gone counts as deleted. */
  deleteFile(storageKey: string, signal: AbortSignal): Promise<void> {
    return this.#storage.deleteFile(storageKey, signal);
  }

  /** Delete a stored folder and everything in it. A folder that is already gone counts as deleted. */
  deleteFolder(storageKey: string, signal: AbortSignal): Promise<void> {
    return this.#storage.deleteFolder(storageKey, signal);
  }

  /** Start an asynchronous convert-and-save of a stored file; returns the operation id. */
  startConversion(request: ConvertRequest, signal: AbortSignal): Promise<string> {
    return this.#conversions.startConversion(request, signal);
  }

  /** Start an asynchronous conversion of a local file sent with the request (the direct flow). */
  startDirectConversion(
    localPath: string,
    fileName: string,
    format: string,
    signal: AbortSignal,
  ): Promise<string> {
    return this.#conversions.startDirectConversion(localPath, fileName, format, signal);
  }

  /** One status check of an asynchronous operation. */
  getOperation(operationId: string, signal: AbortSignal): Promise<OperationResult> {
    return this.#conversions.getOperation(operationId, signal);
  }

  /** Stream the result of a finished direct conversion to localPath; the file appears only once complete. */
  downloadResult(
    operationId: string,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    return this.#conversions.downloadResult(operationId, localPath, signal, limit);
  }

  /** Every source format the service reads, with the formats it can convert each into. */
  getSupportedFormats(signal: AbortSignal): Promise<SupportedFormat[]> {
    return this.#conversions.getSupportedFormats(signal);
  }
}
