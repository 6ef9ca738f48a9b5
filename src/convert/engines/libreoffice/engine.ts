import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { copyFileReplacing } from '../../../common/safe-files.ts';
import { type PageImage, renderPdfToPngFiles } from '../../../pdf/pages.ts';
import type { ConversionJob } from '../../../plan/types.ts';
import type { FontsSettings } from '../../../settings/engine.ts';
import type { ConversionEngine, OperationState, RemoteOutput } from '../engine.ts';
import { fontconfigFor } from './fontconfig.ts';
import { libreOfficeTargets, recipeFor } from './formats.ts';
import { ProfilePool } from './profiles.ts';
import { runSoffice, sofficeReason } from './soffice.ts';

/** Page images are rendered this many pixels wide (A4 at 150 dpi), height by each page's proportions. */
export const PAGE_IMAGE_WIDTH_PX = 1240;
const JPEG_QUALITY = 85;

export interface LibreOfficeEngineOptions {
  /** Absolute path of `soffice`. */
  soffice: string;
  /** A folder for the run's own temporary folder (RUNNER_TEMP on a runner); cleanup() removes what was made. */
  temporaryRoot: string;
  fonts: FontsSettings | undefined;
  /** Past this, one document's LibreOffice is stopped and that document fails, whatever the run's deadline. */
  documentTimeLimitMs: number;
  /** The environment the processes start from, with no credential (FONTCONFIG_FILE is honoured as the base configuration). */
  env: Readonly<Record<string, string>>;
}

/** Converts on the runner with LibreOffice, one process (and one user profile) per document in flight. */
export class LibreOfficeEngine implements ConversionEngine {
  readonly #options: LibreOfficeEngineOptions;
  readonly #operations = new Map<string, { state: OperationState; done: Promise<OperationState> }>();
  #workFolder: Promise<{ root: string; profiles: ProfilePool; env: Record<string, string> }> | undefined;

  constructor(options: LibreOfficeEngineOptions) {
    this.#options = options;
  }

  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    return libreOfficeTargets();
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    const recipe = recipeFor(job.source.extension, job.format);
    if (recipe === undefined)
      throw new Error(`LibreOffice cannot convert .${job.source.extension} to ${job.format}`);
    const work = await this.#work();
    const operation = {
      state: { state: 'pending' } as OperationState,
      done: Promise.resolve<OperationState>({ state: 'pending' }),
    };
    operation.done = this.#convert(job, recipe, work, signal).then((state) => {
      operation.state = state;
      return state;
    });
    // The scheduler awaits settled(); this only keeps an early rejection from being reported as unhandled.
    operation.done.catch(() => {});
    this.#operations.set(job.id, operation);
    return job.id;
  }

  async check(operationId: string): Promise<OperationState> {
    return this.#operation(operationId).state;
  }

  settled(operationId: string): Promise<OperationState> {
    return this.#operation(operationId).done;
  }

  async collect(job: ConversionJob, outputs: readonly RemoteOutput[]): Promise<string[]> {
    await mkdir(job.outputDirectory, { recursive: true });
    const written: string[] = [];
    try {
      // The names are this engine's own (planned name or `<stem>-page-<n>.png`), never LibreOffice's.
      for (const output of outputs) {
        const target = path.join(job.outputDirectory, output.name);
        await moveFile(output.path, target);
        written.push(target);
      }
    } catch (error) {
      await Promise.all(written.map((file) => rm(file, { force: true })));
      throw error;
    }
    return written;
  }

  /** Removes the profiles and intermediate files. Nothing is kept on a service, so it reports false. */
  async cleanup(): Promise<boolean> {
    const work = this.#workFolder;
    this.#workFolder = undefined;
    if (work) await rm((await work).root, { recursive: true, force: true });
    return false;
  }

  #operation(operationId: string) {
    const operation = this.#operations.get(operationId);
    if (!operation) throw new Error(`no conversion ${operationId} was started`);
    return operation;
  }

  #work() {
    this.#workFolder ??= (async () => {
      const root = await mkdtemp(path.join(this.#options.temporaryRoot, 'libreoffice-'));
      const fonts = this.#options.fonts
        ? await fontconfigFor(this.#options.fonts.directory, path.join(root, 'fonts'), this.#options.env)
        : {};
      const env = { ...this.#options.env, ...fonts };
      return { root, profiles: new ProfilePool(path.join(root, 'profiles')), env };
    })();
    return this.#workFolder;
  }

  /** Resolves with the final state; rejects only when the run's deadline stopped it (the scheduler says timed-out). */
  async #convert(
    job: ConversionJob,
    recipe: NonNullable<ReturnType<typeof recipeFor>>,
    work: { root: string; profiles: ProfilePool; env: Record<string, string> },
    signal: AbortSignal,
  ): Promise<OperationState> {
    const jobFolder = path.join(work.root, 'jobs', job.id);
    const converted = path.join(jobFolder, 'converted');
    await mkdir(converted, { recursive: true });
    const profile = await work.profiles.acquire();
    let messages: string;
    try {
      messages = await runSoffice({
        soffice: this.#options.soffice,
        profileDirectory: profile,
        source: job.source.absolutePath,
        outputDirectory: converted,
        convertTo: recipe.convertTo,
        importFilter: recipe.importFilter,
        env: work.env,
        signal,
        timeLimitMs: this.#options.documentTimeLimitMs,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      work.profiles.release(profile);
    }

    // LibreOffice exits 0 even when it could not open the document: the missing file is the sign. Some exports
    // write companions (an HTML page's images): the result is the file with the target's extension.
    const extension = `.${recipe.pages ? 'pdf' : job.format}`;
    const made = (await readdir(converted)).find((name) => name.toLowerCase().endsWith(extension));
    if (made === undefined) {
      const reason = sofficeReason(messages);
      return {
        state: 'failed',
        error: `LibreOffice could not convert it${reason === '' ? '' : `: ${reason}`}`,
      };
    }
    const result = path.join(converted, made);
    if (!recipe.pages) {
      const name = path.posix.basename(job.expectedOutput);
      return { state: 'finished', outputs: [{ name, path: result, size: (await stat(result)).size }] };
    }
    return this.#renderPages(job, result, path.join(jobFolder, 'pages'), signal);
  }

  async #renderPages(
    job: ConversionJob,
    pdf: string,
    folder: string,
    signal: AbortSignal,
  ): Promise<OperationState> {
    await mkdir(folder, { recursive: true });
    const nameOf = (page: number) => `${job.source.stem}-page-${page}.${job.format}`;
    try {
      const { files } = await renderPdfToPngFiles(pdf, folder, nameOf, {
        widthPx: PAGE_IMAGE_WIDTH_PX,
        signal,
        ...(job.format === 'png' ? {} : { encode: encodeJpeg }),
      });
      const outputs = await Promise.all(
        files.map(async (file) => ({ name: path.basename(file), path: file, size: (await stat(file)).size })),
      );
      return { state: 'finished', outputs };
    } catch (error) {
      if (signal.aborted) throw error;
      return {
        state: 'failed',
        error: `the pages could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}

/** Pages are opaque (PDFium paints them on white), so dropping the alpha channel loses nothing. */
function encodeJpeg(image: PageImage): Buffer {
  return jpeg.encode({ width: image.width, height: image.height, data: image.rgba }, JPEG_QUALITY).data;
}

/** Rename, or copy and delete when the temporary folder is on another file system than the output. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // A fresh name, created exclusively, then renamed: a link planted at `<to>.part` is never written through.
    await copyFileReplacing(from, to);
    await rm(from, { force: true });
  }
}
