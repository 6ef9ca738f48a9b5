/**
 * A local GroupDocs.Conversion Cloud v2.0 emulator (node:http, no framework) for e2e tests, the demo and the benchmark.
 * Serves at its root: POST /connect/token and /v2.0/conversion/…; behaviour and choices: test/emulator/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenIssuer } from './auth.ts';
import { ApiError, parseRequestTarget, sendError, sendJson } from './http-util.ts';
import { Conversions } from './operations.ts';
import { seededRandom } from './random.ts';
import { matchRoute } from './routes.ts';
import type { EmulatorServices } from './services.ts';
import { StatsRecorder } from './stats.ts';
import { Storage } from './storage.ts';
import type { Emulator, EmulatorOptions, LoggedRequest } from './types.ts';

export { defaultClientId, defaultClientSecret } from './token-route.ts';
export type { Emulator, EmulatorOptions, EmulatorStats } from './types.ts';

/** Unauthenticated, never faulted, never counted: lets a benchmark read stats from an emulator in another process. */
const statsPath = '/__emulator/stats';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const ownsStorage = options.storageDir === undefined;
  const root = options.storageDir ?? (await mkdtemp(join(tmpdir(), 'groupdocs-emulator-')));
  const storage = new Storage(root);
  await storage.prepare();

  const seed = options.seed ?? 1;
  const jitterRandom = seededRandom(seed);
  const faultRandom = seededRandom(seed ^ 0x5bd1e995);
  const stats = new StatsRecorder();
  const inFlight = new Set<Promise<void>>();

  const server = createServer({ requestTimeout: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const handle: Emulator = {
    url,
    storageDir: root,
    options,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(conversions.running),
    listStorage: (prefix = '', storageName = '') => storage.list(prefix, storageName),
    close,
  };
  const currentOptions = () => handle.options;
  const conversions = new Conversions({ options: currentOptions, storage, stats, random: jitterRandom });
  const services: EmulatorServices = {
    options: currentOptions,
    storage,
    conversions,
    tokens: new TokenIssuer(url),
    stats,
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const work = answer(req, res).catch((error: unknown) => answerError(req, res, error));
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const requestUrl = req.url ?? '/';
    const { rawSegments, query } = parseRequestTarget(requestUrl);
    if (method === 'GET' && requestUrl.split('?')[0] === statsPath)
      return sendJson(res, 200, stats.snapshot());

    logWhenDone(req, res, method);
    const route = matchRoute(method, rawSegments);
    const logged = stats.countRequest(route?.kind ?? 'other', method, requestUrl);
    conversions.pump();
    if (injectFault(req, res, logged)) return;
    if (route === undefined) {
      throw new ApiError(404, 'NotFound', `No route for ${method} ${requestUrl.split('?')[0]}`);
    }
    if (route.kind !== 'token') checkToken(req);
    await route.handle({ req, res, query, rest: route.rest, services });
  }

  function checkToken(req: IncomingMessage): void {
    const now = (handle.options.now ?? Date.now)();
    const verdict = services.tokens.check(req.headers.authorization, now);
    if (verdict === 'valid') return;
    const message = {
      missing: 'Authorization has been denied for this request: no Bearer token.',
      invalid: 'Authorization has been denied for this request: the token is not valid.',
      expired: 'Authorization has been denied for this request: the token has expired.',
    }[verdict];
    throw new ApiError(401, 'Unauthorized', message);
  }

  /** Scripted throttling first; then one uniform draw per request, carved in the order drop, 429, 5xx. */
  function injectFault(req: IncomingMessage, res: ServerResponse, logged: LoggedRequest): boolean {
    const faults = handle.options.faults;
    if (faults === undefined) return false;
    const tooMany = () => {
      stats.countFault('429', logged);
      const retryAfter = String(faults.retryAfterSeconds ?? 1);
      sendError(res, new ApiError(429, 'TooManyRequests', 'Rate limit exceeded. Try again later.'), {
        'retry-after': retryAfter,
      });
      return true;
    };
    const throttled = faults.throttle?.[logged.kind] ?? 0;
    if (faults.throttle && throttled > 0) {
      faults.throttle[logged.kind] = throttled - 1;
      return tooMany();
    }
    const share = (rate: number | undefined) => Math.min(1, Math.max(0, rate ?? 0));
    const drop = share(faults.rateDrop);
    const throttle = share(faults.rate429);
    const broken = share(faults.rate5xx);
    if (drop + throttle + broken === 0) return false;
    const draw = faultRandom();
    if (draw < drop) {
      stats.countFault('drop', logged);
      req.socket.destroy();
      return true;
    }
    if (draw < drop + throttle) return tooMany();
    if (draw < drop + throttle + broken) {
      stats.countFault('5xx', logged);
      const status = faults.status5xx ?? 503;
      sendError(res, new ApiError(status, 'ServiceUnavailable', 'The service is temporarily unavailable.'));
      return true;
    }
    return false;
  }

  function answerError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed || req.socket.destroyed) {
      res.destroy();
      return;
    }
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(500, 'InternalServerError', `Emulator failure: ${(error as Error)?.message ?? error}`);
    const headers: Record<string, string> =
      apiError.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
    sendError(res, apiError, headers);
  }

  function logWhenDone(req: IncomingMessage, res: ServerResponse, method: string): void {
    const log = handle.options.log;
    if (log === undefined) return;
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    res.once('close', () => {
      const status = res.headersSent ? String(res.statusCode) : 'dropped';
      log(`${method} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
    });
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await conversions.close();
      await Promise.allSettled([...inFlight]);
      await stopped;
      if (ownsStorage) await rm(root, { recursive: true, force: true });
    })();
    return closing;
  }

  return handle;
}
