import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ConversionJob } from '../../../plan/types.ts';
import type { FontsSettings } from '../../../settings/engine.ts';
import type { DownloadBudget } from '../../download-budget.ts';
import type { OutputClaims } from '../../output-claims.ts';
import {
  type ConversionEngine,
  type OperationState,
  type RemoteOutput,
  ServiceUnusableError,
} from '../engine.ts';
import type { GroupDocsClient } from './client.ts';
import { GroupDocsApiError } from './errors.ts';
import { fontSetOf, uploadFontSetOnce } from './fonts.ts';
import type { OperationResult } from './operation.ts';
import { pageNamesAsPlanned } from './page-names.ts';
import type { ResultLocation } from './result-location.ts';

/** Starts of one job, counting those whose answer was lost after the request reached the server. */
const MAX_START_ATTEMPTS = 3;

export interface GroupDocsEngineOptions {
  /** Storage folder that holds everything of this run; deleted by cleanup(). */
  runFolder: string;
  loadOptions: Readonly<Record<string, unknown>> | undefined;
  convertOptions: Readonly<Record<string, unknown>> | undefined;
  /** The run's planned output paths: decides where each result may land. */
  outputs: OutputClaims;
  /** The run's download limits, per file and in total. */
  downloads: DownloadBudget;
  /** Jobs to convert by the direct flow (document sent with the start; see flow-choice.ts). Default: none. */
  directFlow?: (job: ConversionJob) => boolean;
  /** The repository's fonts (`fonts-dir`): uploaded once per distinct set, passed as `fontsPath`. */
  fonts?: FontsSettings | undefined;
  /** Told how many font files were uploaded (0 when an earlier run's set was reused). */
  onFontsReady?: (folder: string, uploaded: number) => void;
}

/**
 * The async convert-and-save flow (upload to the run's folder, start, check, download, delete the folder), or for
 * the jobs `directFlow` picks, the direct flow (start with the document, check, fetch the result).
 */
export class GroupDocsEngine implements ConversionEngine {
  readonly #client: GroupDocsClient;
  readonly #options: GroupDocsEngineOptions;
  /** One upload per source document, shared by its jobs (one per target format). */
  readonly #uploads = new Map<number, Promise<string>>();
  /** Job id → operation id, for jobs started by the direct flow. */
  readonly #directOperations = new Map<string, string>();
  #storageTouched = false;
  #fontsFolder: Promise<string> | undefined;

  constructor(client: GroupDocsClient, options: GroupDocsEngineOptions) {
    this.#client = client;
    this.#options = options;
  }

  async supportedTargets(signal: AbortSignal): Promise<ReadonlyMap<string, readonly string[]>> {
    const formats = await this.#client.getSupportedFormats(signal).catch(rethrowIfCredentialsRejected);
    return new Map(
      formats.map((f) => [f.sourceFormat.toLowerCase(), f.targetFormats.map((t) => t.toLowerCase())]),
    );
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    if (this.#options.directFlow?.(job)) {
      const name = path.posix.basename(job.source.workspacePath);
      const operationId = await startWithRepeats(() =>
        this.#client.startDirectConversion(job.source.absolutePath, name, job.format, signal),
      ).catch(rethrowIfCredentialsRejected);
      this.#directOperations.set(job.id, operationId);
      return operationId;
    }
    const fontsPath = await this.#fontsOnce(signal)?.catch(rethrowIfCredentialsRejected);
    const inputKey = await this.#uploadOnce(job, signal).catch(rethrowIfCredentialsRejected);
    // A fresh output folder per attempt: if a lost answer hid a conversion that did start, its outputs cannot mix
    // with those of the repeat (and the run folder's deletion removes both).
    return startWithRepeats((attempt) =>
      this.#client.startConversion(
        {
          filePath: inputKey,
          format: job.format,
          outputPath: `${this.#options.runFolder}/output/${job.id}/${attempt}`,
          ...(this.#options.loadOptions ? { loadOptions: { ...this.#options.loadOptions } } : {}),
          ...(this.#options.convertOptions ? { convertOptions: { ...this.#options.convertOptions } } : {}),
          ...(fontsPath === undefined ? {} : { fontsPath }),
        },
        signal,
      ),
    );
  }

  async check(operationId: string, signal: AbortSignal): Promise<OperationState> {
    return stateOf(await this.#client.getOperation(operationId, signal));
  }

  async collect(
    job: ConversionJob,
    outputs: readonly RemoteOutput[],
    signal: AbortSignal,
  ): Promise<string[]> {
    const directOperation = this.#directOperations.get(job.id);
    if (directOperation !== undefined) return this.#collectDirect(job, directOperation, outputs, signal);
    if (outputs.length === 0) throw new Error('the service reported success but returned no output file');
    // Every name and size is judged before anything is written, so a hostile list leaves nothing behind.
    const localPaths = this.#options.outputs.place(job, pageNamesAsPlanned(job, outputs));
    const refusal = this.#options.downloads.refusal(outputs.map((output) => output.size));
    if (refusal !== undefined) throw new Error(refusal);
    const locations = outputs.map((output) => this.#client.locateResult(output));
    const written: string[] = [];
    try {
      for (const [i, output] of outputs.entries()) {
        const localPath = localPaths[i] as string;
        await this.#client.downloadLocated(
          locations[i] as ResultLocation,
          localPath,
          signal,
          this.#options.downloads.limitFor(output.size),
        );
        written.push(localPath);
      }
    } catch (error) {
      // All pages or none: a half-downloaded result must not be mistaken for a whole one.
      await Promise.all(written.map((file) => rm(file, { force: true })));
      throw error;
    }
    return written;
  }

  async cleanup(signal: AbortSignal): Promise<boolean> {
    if (!this.#storageTouched) return false;
    await this.#client.deleteFolder(this.#options.runFolder, signal);
    return true;
  }

  async #collectDirect(
    job: ConversionJob,
    operationId: string,
    outputs: readonly RemoteOutput[],
    signal: AbortSignal,
  ): Promise<string[]> {
    // The result of a direct conversion with several files is a zip, not any one of them.
    if (outputs.length > 1) {
      throw new Error(`the service made ${outputs.length} files where one was expected; nothing was written`);
    }
    const localPath = path.join(job.outputDirectory, path.posix.basename(job.expectedOutput));
    const declared = outputs[0]?.size ?? 0;
    const refusal = this.#options.downloads.refusal([declared]);
    if (refusal !== undefined) throw new Error(refusal);
    await this.#client.downloadResult(
      operationId,
      localPath,
      signal,
      this.#options.downloads.limitFor(declared),
    );
    return [localPath];
  }

  /** The fonts folder, uploaded by the first job that needs it; undefined without fonts-dir. */
  #fontsOnce(signal: AbortSignal): Promise<string> | undefined {
    const fonts = this.#options.fonts;
    if (fonts === undefined) return undefined;
    if (!this.#fontsFolder) {
      const ready = fontSetOf(fonts)
        .then((set) => uploadFontSetOnce(this.#client, set, signal))
        .then(({ folder, uploaded }) => {
          this.#options.onFontsReady?.(folder, uploaded);
          return folder;
        });
      // A failed upload is not kept: the next job tries again.
      ready.catch(() => {
        if (this.#fontsFolder === ready) this.#fontsFolder = undefined;
      });
      this.#fontsFolder = ready;
    }
    return this.#fontsFolder;
  }

  #uploadOnce(job: ConversionJob, signal: AbortSignal): Promise<string> {
    let upload = this.#uploads.get(job.documentIndex);
    if (!upload) {
      // The name the user sees (a symlink's own name, not its target's): the service names its results after it.
      const key = `${this.#options.runFolder}/input/${job.documentIndex}/${path.posix.basename(job.source.workspacePath)}`;
      upload = this.#client.uploadFile(job.source.absolutePath, key, signal).then(() => key);
      // A failed upload is not cached: the next job of the same source tries again.
      upload.catch(() => this.#uploads.delete(job.documentIndex));
      this.#uploads.set(job.documentIndex, upload);
      this.#storageTouched = true;
    }
    return upload;
  }
}

/** Rejected credentials fail every later call too: say so once for the run (see ServiceUnusableError). */
function rethrowIfCredentialsRejected(error: unknown): never {
  if (error instanceof GroupDocsApiError && error.operation === 'authenticate' && !error.retryable) {
    throw new ServiceUnusableError(error.message, { cause: error });
  }
  throw error;
}

/** Starts a conversion, again when the answer to a start was lost (see answerWasLost). */
async function startWithRepeats(start: (attempt: number) => Promise<string>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(attempt);
    } catch (error) {
      if (attempt >= MAX_START_ATTEMPTS || !answerWasLost(error)) throw error;
    }
  }
}

/**
 * The client does not repeat a start that may have reached the server (it is not idempotent). The engine can, because
 * each attempt writes to its own output folder: a duplicate conversion costs server time but never a wrong result.
 */
function answerWasLost(error: unknown): boolean {
  return (
    error instanceof GroupDocsApiError &&
    error.reachedServer &&
    (error.status === undefined || error.status === 500 || error.status === 502 || error.status === 504)
  );
}

function stateOf(operation: OperationResult): OperationState {
  switch (operation.status) {
    case 'Finished':
      return {
        state: 'finished',
        outputs: operation.result.map((r) => ({
          name: r.name,
          path: r.path,
          size: r.size,
          ...(r.url === undefined ? {} : { url: r.url }),
        })),
        ...durationOf(operation),
      };
    case 'Failed':
      return { state: 'failed', error: operation.error || 'the service reported the conversion failed' };
    case 'Canceled':
      return { state: 'failed', error: 'the service canceled the conversion' };
    default:
      return { state: 'pending' };
  }
}

function durationOf(operation: OperationResult): { durationMs?: number } {
  const created = Date.parse(operation.created ?? '');
  const finished = Date.parse(operation.finished ?? '');
  return Number.isFinite(created) && Number.isFinite(finished) && finished >= created
    ? { durationMs: finished - created }
    : {};
}
