/**
 * One browser for the whole run, started on first use, a page per document in flight. A page that printed its
 * document is kept and handed to the next one (a new page costs a new renderer process: about a third of a small
 * document's time); a page that failed, crashed or was closed at a limit is never handed out again. A browser that
 * crashes is started again once: the documents that were in flight fail, the ones after them get the new browser; a
 * second crash leaves the browser down and every later document fails with that reason.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { formatDuration } from '../../../common/duration.ts';

export interface BrowserSessionOptions {
  executable: string;
  /** A folder of the run's own: each start gets a fresh profile below it. */
  profilesRoot: string;
  /** The environment the browser starts with (no credential). */
  env: Readonly<Record<string, string>>;
  /** Chromium's sandbox cannot start as root; only then is it switched off. */
  runsAsRoot: boolean;
  /** Each start of the browser, with its time from spawn to ready. */
  onStart?: (start: { version: string; startMs: number; pid: number | undefined }) => void;
}

/** A page of the current browser, and whether that browser has crashed since the page was opened. */
export interface SessionPage {
  page: Page;
  browserCrashed(): boolean;
  /** True when the page printed an earlier document (it still shows that document until it navigates). */
  reused: boolean;
}

/** How often the browser may crash before it is no longer started. */
const RESTARTS = 1;
/** How long a browser (or a page) is given to close before it is killed (or left to the browser's end). */
export const CLOSE_GRACE_MS = 3_000;

/**
 * Flags of every start. The network is closed three times over: each page intercepts every request (see
 * network-guard.ts), no host name resolves, and anything that still tried would go to a proxy that is not there.
 */
export function browserArguments(runsAsRoot: boolean): string[] {
  return [
    ...(runsAsRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
    '--mute-audio',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    '--proxy-server=127.0.0.1:0',
    '--proxy-bypass-list=<-loopback>',
    // The address bar's drop-down, a web page of Chrome's own that headless Chrome still loads at start: about
    // 1.3 s of CPU taken from the first documents for a window nobody sees. (puppeteer merges this list with its own.)
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  ];
}

interface Launch {
  browser: Promise<Browser>;
  crashed: boolean;
  /** Pages that printed their document and wait for the next one. */
  idle: Page[];
  /** Pages whose renderer crashed: never handed out again. */
  broken: WeakSet<Page>;
}

export class BrowserSession {
  readonly #options: BrowserSessionOptions;
  #current: Launch | undefined;
  #starts = 0;
  #crashes = 0;
  #closed = false;
  #version: string | undefined;
  #pagesOpened = 0;

  constructor(options: BrowserSessionOptions) {
    this.#options = options;
  }

  /** How many times the browser crashed (or could not start) in this run. */
  get crashes(): number {
    return this.#crashes;
  }

  /** The browser's version once it has started (`Chrome/156.0…`). */
  get version(): string | undefined {
    return this.#version;
  }

  /** How many times the browser was started (restarts included) in this run. */
  get starts(): number {
    return this.#starts;
  }

  /** How many pages were made in this run (a reused page counts once). */
  get pagesOpened(): number {
    return this.#pagesOpened;
  }

  /**
   * A page for one document: an idle one of the current browser when there is one, else a new one; starts (or,
   * after one crash, restarts) the browser when needed. Give it back with release().
   */
  async openPage(): Promise<SessionPage> {
    if (this.#closed) throw new Error('the browser was already shut down for this run');
    if (this.#current === undefined && this.#crashes > RESTARTS) {
      throw new Error(
        `not converted: the browser crashed ${this.#crashes} times in this run and is not started again`,
      );
    }
    this.start();
    const launch = this.#current as Launch;
    const browser = await launch.browser;
    for (let page = launch.idle.pop(); page !== undefined; page = launch.idle.pop()) {
      if (!page.isClosed() && !launch.broken.has(page)) {
        return { page, browserCrashed: () => launch.crashed, reused: true };
      }
    }
    const page = await browser.newPage();
    this.#pagesOpened++;
    page.once('error', () => launch.broken.add(page));
    return { page, browserCrashed: () => launch.crashed, reused: false };
  }

  /**
   * Starts the browser when none is running (and it may still start), without waiting for it: the engine calls it
   * as soon as it has a document, so the start overlaps the first document's rendering.
   */
  start(): void {
    if (this.#closed || this.#current !== undefined || this.#crashes > RESTARTS) return;
    this.#current = this.#launch();
  }

  /**
   * Takes a page back. `reusable`: its document printed, so the next document may have it (its navigation replaces
   * this one's window, scripts and all); otherwise (a failure, a crash, a limit) it is closed, given CLOSE_GRACE_MS.
   */
  async release(opened: SessionPage, reusable: boolean): Promise<void> {
    const launch = this.#current;
    const { page } = opened;
    const keep =
      reusable &&
      !this.#closed &&
      launch !== undefined &&
      !launch.crashed &&
      !opened.browserCrashed() &&
      !page.isClosed() &&
      !launch.broken.has(page);
    if (keep) launch.idle.push(page);
    else await withinGrace(page.close(), CLOSE_GRACE_MS);
  }

  /**
   * Closes the browser (and every page); later calls to openPage fail. A browser busy in a page that does not let go
   * is given CLOSE_GRACE_MS, then its whole process group is killed.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const launch = this.#current;
    this.#current = undefined;
    if (launch === undefined) return;
    const browser = await launch.browser.catch(() => undefined);
    if (browser === undefined) return;
    await withinGrace(browser.close(), CLOSE_GRACE_MS);
    killGroup(browser.process()?.pid);
  }

  #launch(): Launch {
    const start = ++this.#starts;
    const launch: Launch = {
      browser: Promise.resolve(undefined as never),
      crashed: false,
      idle: [],
      broken: new WeakSet(),
    };
    launch.browser = (async () => {
      const userDataDir = path.join(this.#options.profilesRoot, `profile-${start}`);
      await mkdir(userDataDir, { recursive: true });
      const startedAt = performance.now();
      let browser: Browser;
      try {
        browser = await puppeteer.launch({
          executablePath: this.#options.executable,
          headless: true,
          // No DevTools port: the connection is a pipe, so nothing listens on the runner's network.
          pipe: true,
          userDataDir,
          args: browserArguments(this.#options.runsAsRoot),
          env: { ...this.#options.env },
          // puppeteer's defaults would add its own automation flags only; the run's deadline bounds the start.
          timeout: 120_000,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
      } catch (error) {
        // A browser that cannot start counts as a crash, so the next document tries once more and no more.
        this.#crashes++;
        this.#current = undefined;
        throw new Error(
          `the browser (${this.#options.executable}) could not start: ${error instanceof Error ? error.message : error}`,
        );
      }
      const startMs = performance.now() - startedAt;
      this.#version = await browser.version();
      this.#options.onStart?.({ version: this.#version, startMs, pid: browser.process()?.pid });
      browser.on('disconnected', () => {
        if (this.#closed) return;
        launch.crashed = true;
        launch.idle.length = 0;
        this.#crashes++;
        if (this.#current === launch) this.#current = undefined;
        // What is left of it (helpers of a killed browser) must not outlive the run.
        killGroup(browser.process()?.pid);
      });
      return browser;
    })();
    // Awaited by every openPage; this only keeps a failed start from being reported as unhandled.
    launch.browser.catch(() => {});
    return launch;
  }
}

/** Waits for `closing` at most `ms`; a close that fails or hangs is not the caller's problem. */
export async function withinGrace(closing: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    closing.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** The browser runs in its own process group (puppeteer starts it detached): all of it goes at once. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** `the browser did not finish within 2m; its page was closed` */
export function documentLimitMessage(limitMs: number): string {
  return `the browser did not finish it within ${formatDuration(limitMs)}; its page was closed`;
}
