import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DownloadLimit } from '../../download-budget.ts';
import { GroupDocsApiError, TransportError } from './errors.ts';
import type { ProgressReporter } from './http.ts';
import type { CallContext, ServiceCalls } from './service-calls.ts';

/**
 * GETs `url` (built inside the call, so a bad key fails as the call's error) and streams the body to localPath;
 * the file appears only once complete. With a limit, a download that passes it (by its Content-Length, or as bytes
 * arrive) is stopped, its partial file removed, and not repeated.
 */
export async function downloadTo(
  service: ServiceCalls,
  context: CallContext,
  url: URL | (() => URL),
  localPath: string,
  signal: AbortSignal,
  limit?: DownloadLimit,
): Promise<void> {
  const target = path.resolve(localPath);
  const refuse = (reason: string) =>
    new GroupDocsApiError({ ...context, code: 'DOWNLOAD_LIMIT', reason, retryable: false });
  await service.send(context, signal, async () => {
    await mkdir(path.dirname(target), { recursive: true });
    return {
      method: 'GET',
      url: typeof url === 'function' ? url() : url,
      headers: { accept: '*/*' },
      read: (response, progress) => saveBody(response, progress, target, limit, refuse),
    };
  });
}

/**
 * Streams the body into `<target>.<random>.part` beside the target and renames it into place only when the byte
 * count matches Content-Length (when given). On any failure the partial file is removed.
 */
export async function saveBody(
  response: IncomingMessage,
  progress: ProgressReporter,
  target: string,
  limit: DownloadLimit | undefined,
  refuse: (reason: string) => Error,
): Promise<void> {
  const partial = `${target}.${randomBytes(6).toString('hex')}.part`;
  const declared = response.headers['content-length'];
  const expected = declared === undefined ? undefined : Number(declared);
  if (limit !== undefined && expected !== undefined && expected > limit.maxBytes) {
    throw refuse(
      `the server sent a file of ${expected} bytes, more than ${limit.reason}; nothing was written`,
    );
  }
  let received = 0;
  let taken = 0;
  // Opened before the pipeline starts, so the file exists before any failure removes it: a stream that opened
  // lazily could create it after the removal.
  const file = await open(partial, 'wx');
  try {
    await pipeline(
      response,
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          progress();
          received += chunk.length;
          if (limit !== undefined) {
            if (received > limit.maxBytes) {
              throw refuse(`the file grew past ${limit.reason}; the download was stopped and removed`);
            }
            try {
              limit.take(chunk.length);
              taken += chunk.length;
            } catch (error) {
              throw refuse(
                `${error instanceof Error ? error.message : String(error)}; the download was stopped and removed`,
              );
            }
          }
          yield chunk;
        }
      },
      file.createWriteStream(),
    );
    if (expected !== undefined && Number.isFinite(expected) && received !== expected) {
      throw new TransportError(
        `the download ended after ${received} of ${expected} bytes`,
        'ETRUNCATED',
        true,
      );
    }
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    limit?.giveBack(taken);
    throw error;
  }
}
