/**
 * Converts Markdown and HTML on the runner with its own Chrome or Chromium: one browser for the run, one page per
 * document in flight, printed to PDF (pages as images through PDFium; Markdown also as one self-contained HTML file).
 * Nothing a page asks for reaches a network. A page past its document's limit is closed and that document fails alone.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConversionJob } from '../../../plan/types.ts';
import type { FontsSettings, PageSize } from '../../../settings/engine.ts';
import type { ConversionEngine, EngineReport, OperationState, RemoteOutput } from '../engine.ts';
import { fontconfigFor } from '../fontconfig.ts';
import { collectLocalOutputs } from '../move-file.ts';
import { BrowserSession, documentLimitMessage, type SessionPage } from './browser-session.ts';
import { browserConverts, browserTargets, PAGE_IMAGE_TARGETS } from './formats.ts';
import { loadDocument } from './load-document.ts';
import { documentUrl, guardNetwork } from './network-guard.ts';
import { type PageContent, pageContentOf } from './page-content.ts';
import { pageImagesOf } from './page-images.ts';
import {
  drawDiagrams,
  pointLinksAtRepository,
  removeScripts,
  showAltTextOfMissingImages,
} from './page-steps.ts';
import { pdfOptions, printToFile } from './print.ts';

/** Remote URLs the summary lists per document at most; the rest are counted. */
const MAX_NOTICED_REMOTE = 5;

export interface BrowserEngineOptions {
  /** Absolute path of the Chrome or Chromium to start. */
  executable: string;
  /** A folder for the run's own temporary folder (RUNNER_TEMP); cleanup() removes what was made. */
  temporaryRoot: string;
  /** Documents' images and styles are read from inside it only. */
  workspace: string;
  pageSize: PageSize;
  /** Past this, one document's page is closed and that document fails, whatever the run's deadline. */
  documentTimeLimitMs: number;
  /** What the browser may inherit (no credential). */
  env: Readonly<Record<string, string>>;
  /** The repository's fonts (`fonts-dir`), shown to the browser through a fontconfig file of the run's own. */
  fonts?: FontsSettings | undefined;
  runsAsRoot: boolean;
  /** `https://github.com/<owner>/<repo>/blob/<sha>`: where links to other files of the repository lead. */
  repositoryBlobBase: string | undefined;
  /** A document converted with something left out (untrusted text inside; the caller neutralises it). */
  warn: (message: string) => void;
  debug?: (message: string) => void;
  onBrowserStart?: (start: { version: string; startMs: number; pid: number | undefined }) => void;
}

interface Operation {
  state: OperationState;
  done: Promise<OperationState>;
}

export class BrowserEngine implements ConversionEngine {
  readonly #options: BrowserEngineOptions;
  readonly #operations = new Map<string, Operation>();
  readonly #notices: string[] = [];
  #work: Promise<{ root: string; session: BrowserSession }> | undefined;
  #documents = 0;
  #firstStart: number | undefined;
  #lastEnd: number | undefined;
  readonly #browserStarts = { count: 0, totalMs: 0 };

  constructor(options: BrowserEngineOptions) {
    this.#options = options;
  }

  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    return browserTargets();
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    if (!browserConverts(job.source.extension, job.format)) {
      throw new Error(`the browser cannot convert .${job.source.extension} to ${job.format}`);
    }
    const work = await this.#workFolder();
    this.#firstStart ??= performance.now();
    const operation: Operation = { state: { state: 'pending' }, done: Promise.resolve({ state: 'pending' }) };
    operation.done = this.#convert(job, work, signal)
      .then((state) => {
        operation.state = state;
        return state;
      })
      .finally(() => {
        this.#documents++;
        this.#lastEnd = performance.now();
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

  collect(job: ConversionJob, outputs: readonly RemoteOutput[]): Promise<string[]> {
    return collectLocalOutputs(job, outputs);
  }

  /** Closes the browser and removes its profiles and the intermediate files. Nothing is kept on a service. */
  async cleanup(): Promise<boolean> {
    const work = this.#work;
    this.#work = undefined;
    if (work) {
      const { root, session } = await work;
      await session.close();
      await rm(root, { recursive: true, force: true });
    }
    return false;
  }

  /** One line per document whose page asked for remote resources, for the job summary. */
  notices(): readonly string[] {
    return this.#notices;
  }

  /** Documents converted or failed, the time from the first start to the last end, and the browser's starts. */
  reports(): EngineReport[] {
    if (this.#firstStart === undefined) return [];
    return [
      {
        engine: 'Browser',
        documents: this.#documents,
        wallMs: Math.round((this.#lastEnd ?? performance.now()) - this.#firstStart),
        processStarts: this.#browserStarts.count,
        startupMs: Math.round(this.#browserStarts.totalMs),
      },
    ];
  }

  /** The browser's version once it has started. */
  async browserVersion(): Promise<string | undefined> {
    return (await this.#work)?.session.version;
  }

  #operation(operationId: string): Operation {
    const operation = this.#operations.get(operationId);
    if (!operation) throw new Error(`no conversion ${operationId} was started`);
    return operation;
  }

  #workFolder() {
    this.#work ??= (async () => {
      const root = await mkdtemp(path.join(this.#options.temporaryRoot, 'browser-'));
      const { env, fonts } = this.#options;
      const fontconfigFile = fonts ? await fontconfigFor(fonts, path.join(root, 'fonts'), env) : undefined;
      const session = new BrowserSession({
        executable: this.#options.executable,
        profilesRoot: path.join(root, 'profiles'),
        env: fontconfigFile === undefined ? env : { ...env, FONTCONFIG_FILE: fontconfigFile },
        runsAsRoot: this.#options.runsAsRoot,
        onStart: (start) => {
          this.#browserStarts.count++;
          this.#browserStarts.totalMs += start.startMs;
          this.#options.onBrowserStart?.(start);
        },
      });
      session.start();
      return { root, session };
    })();
    return this.#work;
  }

  /** Resolves with the final state; rejects only when the run's deadline stopped it (the scheduler says timed-out). */
  async #convert(
    job: ConversionJob,
    work: { root: string; session: BrowserSession },
    runSignal: AbortSignal,
  ): Promise<OperationState> {
    const limitMs = this.#options.documentTimeLimitMs;
    const limit = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const crashesBefore = work.session.crashes;
    let opened: SessionPage | undefined;
    let printed = false;
    try {
      const content = await pageContentOf(job, this.#options.workspace, runSignal);
      runSignal.throwIfAborted();
      opened = await work.session.openPage();
      this.#options.debug?.(
        `${job.source.workspacePath} → ${job.format}: ${opened.reused ? 'page reused' : 'page opened'}`,
      );
      // The limit counts from here: the browser's start is the run's to pay for, not this document's.
      timer = setTimeout(() => limit.abort(new Error(documentLimitMessage(limitMs))), limitMs);
      const signal = AbortSignal.any([runSignal, limit.signal]);
      const page = opened.page;
      const state = await untilStopped(signal, page, () =>
        this.#printPage(job, page, content, path.join(work.root, 'jobs', job.id), signal),
      );
      printed = !signal.aborted;
      return state;
    } catch (error) {
      if (runSignal.aborted) throw error;
      if (limit.signal.aborted) return { state: 'failed', error: documentLimitMessage(limitMs) };
      if (opened?.browserCrashed() || work.session.crashes > crashesBefore) {
        return {
          state: 'failed',
          error:
            'the browser crashed while it was converting this document (it is started again once for the documents after it)',
        };
      }
      return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
      // Only a page that printed is handed on; any other is closed (one busy laying out may not answer: the
      // browser's close at cleanup ends it either way).
      if (opened) await work.session.release(opened, printed);
    }
  }

  async #printPage(
    job: ConversionJob,
    page: SessionPage['page'],
    content: PageContent,
    folder: string,
    signal: AbortSignal,
  ): Promise<OperationState> {
    await mkdir(folder, { recursive: true });
    const guard = await guardNetwork(page, content);
    await page.setJavaScriptEnabled(content.needsMermaid);
    const loaded = await loadDocument(page, content);
    this.#options.debug?.(`${job.source.workspacePath} → ${job.format}: ${loaded}`);
    const url = documentUrl(content.workspacePath);
    const warnings = [...content.warnings];
    if (content.needsMermaid) {
      const problem = await drawDiagrams(page);
      if (problem !== undefined) warnings.push(`a mermaid diagram could not be drawn (${problem})`);
      await removeScripts(page);
    }
    await showAltTextOfMissingImages(page);
    await pointLinksAtRepository(page, url, this.#options.repositoryBlobBase);

    let outputs: RemoteOutput[];
    if (job.format === 'html') {
      const file = path.join(folder, 'page.html');
      await writeFile(file, await page.content());
      outputs = [await outputOf(path.posix.basename(job.expectedOutput), file)];
    } else {
      const pdf = path.join(folder, 'printed.pdf');
      await printToFile(page, pdf, pdfOptions(this.#options.pageSize, !content.markdown));
      outputs = PAGE_IMAGE_TARGETS.includes(job.format)
        ? await pageImagesOf(job, pdf, path.join(folder, 'pages'), signal)
        : [await outputOf(path.posix.basename(job.expectedOutput), pdf)];
    }
    this.#report(job, [...warnings, ...guard.warnings], [...content.remoteLeftOut, ...guard.remoteLeftOut]);
    return { state: 'finished', outputs };
  }

  #report(job: ConversionJob, warnings: readonly string[], remote: readonly string[]): void {
    const source = job.source.workspacePath;
    for (const warning of warnings) this.#options.warn(`${source}: ${warning}`);
    const unique = [...new Set(remote)];
    if (unique.length === 0) return;
    const shown = unique.slice(0, MAX_NOTICED_REMOTE).join(', ');
    const more = unique.length > MAX_NOTICED_REMOTE ? ` and ${unique.length - MAX_NOTICED_REMOTE} more` : '';
    const notice = `${source} (${job.format}): ${unique.length} remote resource(s) left out, not fetched: ${shown}${more}`;
    // One line per document, whatever number of formats it went to.
    if (!this.#notices.some((line) => line.startsWith(`${source} (`))) this.#notices.push(notice);
  }
}

async function outputOf(name: string, file: string): Promise<RemoteOutput> {
  return { name, path: file, size: (await stat(file)).size };
}

/**
 * Runs the page's work until it ends, the signal fires or the page crashes; on the signal the page is closed, which
 * ends whatever the browser was still doing for it.
 */
function untilStopped<T>(signal: AbortSignal, page: SessionPage['page'], work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      page.close().catch(() => {});
    };
    const onCrash = (error: Error) => reject(new Error(`the page crashed (${error.message})`));
    // The deadline may have passed while the browser was starting: then the page is stopped before it loads.
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    page.once('error', onCrash);
    work()
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
        page.off('error', onCrash);
      });
  });
}
