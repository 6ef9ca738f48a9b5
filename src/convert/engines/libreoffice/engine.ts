import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { formatByteSize } from '../../../common/byte-size.ts';
import { untrustedText } from '../../../common/untrusted-text.ts';
import { encodePng, openPdf, type PageImage, renderPdfToPngFiles } from '../../../pdf/pages.ts';
import type { ConversionJob } from '../../../plan/types.ts';
import type { FontsSettings } from '../../../settings/engine.ts';
import type { DownloadBudget } from '../../download-budget.ts';
import { MAX_RESULTS_PER_JOB } from '../../output-claims.ts';
import type { ConversionEngine, EngineReport, OperationState, RemoteOutput } from '../engine.ts';
import { collectLocalOutputs } from '../move-file.ts';
import { type Confinement, probeConfinement, processIdentity } from './confinement.ts';
import { libreOfficeEnvironment } from './environment.ts';
import { scanExternalReferences } from './external-references/index.ts';
import { fontconfigFor } from '../fontconfig.ts';
import { libreOfficeTargets, recipeFor } from './formats.ts';
import type { SofficeInstaller } from './install.ts';
import type { InstanceOptions, LibreOfficeInstance } from './instance.ts';
import { ProfilePool } from './profiles.ts';
import { sofficeReason, UNO_PACKAGE } from './soffice.ts';
import { findUnoPython } from './uno-bridge.ts';
import { LibreOfficeWorkers } from './workers.ts';

/** Page images are rendered this many pixels wide (A4 at 150 dpi), height by each page's proportions. */
export const PAGE_IMAGE_WIDTH_PX = 1240;
const JPEG_QUALITY = 85;

export interface LibreOfficeEngineOptions {
  /** Absolute path of `soffice`, or the installer that provides it in prepare(). */
  soffice: string | SofficeInstaller;
  /** Where the install logs its lines (the action's log). */
  log?: (line: string) => void;
  /** Where a warning goes (no network namespace could be made). */
  warn?: (line: string) => void;
  /** Where the run's one line on how LibreOffice is kept off the network goes. */
  info?: (line: string) => void;
  /** Whether sudo may be asked for a network namespace (GitHub-hosted runners): see probeConfinement. */
  sudoForNamespace?: boolean;
  /** A folder for the run's own temporary folder (RUNNER_TEMP on a runner); cleanup() removes what was made. */
  temporaryRoot: string;
  fonts: FontsSettings | undefined;
  /** Past this, one document's LibreOffice is stopped and that document fails, whatever the run's deadline. */
  documentTimeLimitMs: number;
  /** The runner's environment: only an allowlist of it reaches LibreOffice (see environment.ts). */
  env: Readonly<NodeJS.ProcessEnv>;
  /** max-download-size and max-total-download-size, applied to what LibreOffice writes and to every page image. */
  downloads: DownloadBudget;
  /** How processes are confined; probed on the runner when not given. */
  confinement?: Confinement;
  /** Made for tests: how a LibreOffice instance is started. */
  startInstance?: (options: InstanceOptions) => LibreOfficeInstance;
  /** At most this many LibreOffices at once (the runner's cores); undefined: one per document in flight. */
  maxWorkers?: number | undefined;
  /** The Python that hands documents over UNO; null: never (soffice hands each over); undefined: found on the runner. */
  unoPython?: string | null;
}

interface Work {
  root: string;
  workers: LibreOfficeWorkers;
  confinement: Confinement;
}

/** The run's one line on how LibreOffice is kept from fetching what a document links to. */
function protectionLine(confinement: Confinement): string {
  if (confinement.route === 'sudo')
    return "LibreOffice runs without network: in a network namespace made with sudo, as the runner's own user.";
  if (confinement.network === 'namespace')
    return 'LibreOffice runs without network: in a network namespace of its own.';
  return 'This runner cannot give LibreOffice a network namespace of its own (unshare --net failed, and sudo was not available): documents that link content on the network or that cannot be checked for links (.doc, .xls, .ppt) are refused instead.';
}

/** Why a document is refused where LibreOffice would run with the runner's network; undefined to convert it. */
async function networkRefusal(job: ConversionJob): Promise<string | undefined> {
  const scan = await scanExternalReferences(job.source.absolutePath, job.source.extension.toLowerCase());
  const remedy =
    'a network namespace would let LibreOffice convert it without fetching anything (allow unprivileged user namespaces, run the job as root with CAP_SYS_ADMIN, or use a GitHub-hosted runner)';
  if (scan.verdict === 'external')
    return untrustedText(
      `refused: LibreOffice would fetch ${scan.reference} while converting it, and this runner cannot keep it off the network; ${remedy}`,
      600,
    );
  if (scan.verdict === 'unreadable')
    return untrustedText(
      `refused: it could not be checked for linked content (${scan.reason}); ${remedy}`,
      600,
    );
  return undefined;
}

/**
 * Converts on the runner with LibreOffice: one long-lived LibreOffice (and one user profile) per worker, each
 * serving one document at a time (see instance.ts).
 */
export class LibreOfficeEngine implements ConversionEngine {
  readonly #options: LibreOfficeEngineOptions;
  readonly #operations = new Map<string, { state: OperationState; done: Promise<OperationState> }>();
  #work: Promise<Work> | undefined;
  #soffice: string | undefined;
  #workersNow: LibreOfficeWorkers | undefined;
  #documents = 0;
  #firstStart: number | undefined;
  #lastEnd: number | undefined;

  constructor(options: LibreOfficeEngineOptions) {
    this.#options = options;
    if (typeof options.soffice === 'string') this.#soffice = options.soffice;
  }

  /** Installs LibreOffice when the runner lacks it (within the run's deadline: the signal). */
  async prepare(signal: AbortSignal): Promise<void> {
    if (this.#soffice !== undefined || typeof this.#options.soffice === 'string') return;
    this.#soffice = await this.#options.soffice(signal, this.#options.log ?? (() => {}));
  }

  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    return libreOfficeTargets();
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    const recipe = recipeFor(job.source.extension, job.format);
    if (recipe === undefined)
      throw new Error(`LibreOffice cannot convert .${job.source.extension} to ${job.format}`);
    const work = await this.#prepare();
    this.#firstStart ??= performance.now();
    const operation = {
      state: { state: 'pending' } as OperationState,
      done: Promise.resolve<OperationState>({ state: 'pending' }),
    };
    operation.done = this.#convert(job, recipe, work, signal).finally(() => {
      this.#documents++;
      this.#lastEnd = performance.now();
    });
    // The scheduler awaits settled() and sees a rejection there; this copy only records the state.
    operation.done.then(
      (state) => {
        operation.state = state;
      },
      () => {},
    );
    this.#operations.set(job.id, operation);
    return job.id;
  }

  async check(operationId: string): Promise<OperationState> {
    return this.#operation(operationId).state;
  }

  settled(operationId: string): Promise<OperationState> {
    return this.#operation(operationId).done;
  }

  collect(job: ConversionJob, outputs: readonly RemoteOutput[]): Promise<string[]> {
    return collectLocalOutputs(job, outputs);
  }

  /** Stops every LibreOffice, removes the profiles and intermediate files. Nothing is on a service: false. */
  async cleanup(): Promise<boolean> {
    const work = this.#work;
    this.#work = undefined;
    if (work) {
      const { root, workers } = await work;
      await workers.stopAll();
      await rm(root, { recursive: true, force: true });
    }
    return false;
  }

  /** Documents converted or failed, the time from the first start to the last end, and LibreOffice's starts. */
  reports(): EngineReport[] {
    if (this.#firstStart === undefined) return [];
    const startups = this.#workersNow?.startups ?? { count: 0, totalMs: 0 };
    return [
      {
        engine: 'LibreOffice',
        documents: this.#documents,
        wallMs: Math.round((this.#lastEnd ?? performance.now()) - this.#firstStart),
        processStarts: startups.count,
        startupMs: Math.round(startups.totalMs),
      },
    ];
  }

  #operation(operationId: string) {
    const operation = this.#operations.get(operationId);
    if (!operation) throw new Error(`no conversion ${operationId} was started`);
    return operation;
  }

  #prepare(): Promise<Work> {
    this.#work ??= (async () => {
      const root = await mkdtemp(path.join(this.#options.temporaryRoot, 'libreoffice-'));
      const fontconfigFile = this.#options.fonts
        ? await fontconfigFor(this.#options.fonts, path.join(root, 'fonts'), this.#options.env)
        : undefined;
      const envFor = async (profile: string) => {
        const home = path.join(profile, 'home');
        const temporaryDirectory = path.join(profile, 'tmp');
        await mkdir(home, { recursive: true });
        await mkdir(temporaryDirectory, { recursive: true });
        return libreOfficeEnvironment(this.#options.env, { home, temporaryDirectory, fontconfigFile });
      };
      const confinement =
        this.#options.confinement ??
        (await probeConfinement(await envFor(path.join(root, 'probe')), {
          ...processIdentity(),
          sudo: this.#options.sudoForNamespace ?? false,
        }));
      if (this.#options.confinement === undefined) {
        const line = protectionLine(confinement);
        if (confinement.network === 'shared') this.#options.warn?.(line);
        else this.#options.info?.(line);
      }
      if (this.#soffice === undefined)
        throw new Error('LibreOffice is not installed (prepare() was not run)');
      const unoPython = await this.#unoPython(this.#soffice, await envFor(path.join(root, 'probe')));
      const workers = new LibreOfficeWorkers({
        soffice: this.#soffice,
        profiles: new ProfilePool(path.join(root, 'profiles')),
        confinement,
        envFor,
        ...(this.#options.startInstance ? { startInstance: this.#options.startInstance } : {}),
        maxWorkers: this.#options.maxWorkers,
        unoPython,
      });
      this.#workersNow = workers;
      return { root, workers, confinement };
    })();
    return this.#work;
  }

  /** The Python for the UNO hand-off, said in the log either way: it is most of what a document costs. */
  async #unoPython(soffice: string, env: Readonly<Record<string, string>>): Promise<string | undefined> {
    if (this.#options.unoPython === null) return undefined;
    const python = this.#options.unoPython ?? (await findUnoPython(soffice, env));
    this.#options.info?.(
      python === undefined
        ? `LibreOffice's UNO module for Python is not installed (Debian/Ubuntu: ${UNO_PACKAGE}): each document is handed to LibreOffice by a soffice process of its own, which is slower.`
        : `Documents are handed to LibreOffice over UNO (${python}).`,
    );
    return python;
  }

  /** Resolves with the final state; rejects only when the run's deadline stopped it (the scheduler says timed-out). */
  async #convert(
    job: ConversionJob,
    recipe: NonNullable<ReturnType<typeof recipeFor>>,
    work: Work,
    signal: AbortSignal,
  ): Promise<OperationState> {
    const jobFolder = path.join(work.root, 'jobs', job.id);
    const converted = path.join(jobFolder, 'converted');
    await mkdir(converted, { recursive: true });
    if (work.confinement.network === 'shared') {
      const refusal = await networkRefusal(job);
      if (refusal !== undefined) return { state: 'failed', error: refusal };
    }
    let messages: string;
    try {
      messages = await work.workers.withInstance(
        (instance) =>
          instance.convert(
            {
              source: job.source.absolutePath,
              outputDirectory: converted,
              convertTo: recipe.convertTo,
              importFilter: recipe.importFilter,
            },
            signal,
            this.#options.documentTimeLimitMs,
          ),
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
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
      const size = (await stat(result)).size;
      const refusal = this.#options.downloads.refusal([size]);
      if (refusal !== undefined)
        return { state: 'failed', error: refusal.replace('the service declared', 'LibreOffice wrote') };
      this.#options.downloads.limitFor(size).take(size);
      const name = path.posix.basename(job.expectedOutput);
      return { state: 'finished', outputs: [{ name, path: result, size }] };
    }
    return this.#renderPages(job, result, path.join(jobFolder, 'pages'), signal);
  }

  /**
   * Every page to an image, within the run's caps as each page is written: no more than MAX_RESULTS_PER_JOB pages,
   * no image over max-download-size, and the run's max-total-download-size.
   */
  async #renderPages(
    job: ConversionJob,
    pdf: string,
    folder: string,
    signal: AbortSignal,
  ): Promise<OperationState> {
    await mkdir(folder, { recursive: true });
    const nameOf = (page: number) => `${job.source.stem}-page-${page}.${job.format}`;
    const budget = this.#options.downloads;
    let taken = 0;
    try {
      const document = await openPdf(pdf);
      const pageCount = document.pageCount;
      document.close();
      if (pageCount > MAX_RESULTS_PER_JOB) {
        return {
          state: 'failed',
          error: `it has ${pageCount} pages, more than the ${MAX_RESULTS_PER_JOB} page images one document may have; nothing was written`,
        };
      }
      const encode = job.format === 'png' ? encodePng : encodeJpeg;
      const { files } = await renderPdfToPngFiles(pdf, folder, nameOf, {
        widthPx: PAGE_IMAGE_WIDTH_PX,
        signal,
        maxPages: MAX_RESULTS_PER_JOB,
        encode: (image) => {
          const encoded = encode(image);
          const limit = budget.limitFor(0);
          if (encoded.length > limit.maxBytes) {
            throw new Error(
              `page ${image.pageNumber} is ${formatByteSize(encoded.length)}, more than ${limit.reason}; nothing was written`,
            );
          }
          limit.take(encoded.length);
          taken += encoded.length;
          return encoded;
        },
      });
      const outputs = await Promise.all(
        files.map(async (file) => ({ name: path.basename(file), path: file, size: (await stat(file)).size })),
      );
      return { state: 'finished', outputs };
    } catch (error) {
      budget.limitFor(0).giveBack(taken);
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
