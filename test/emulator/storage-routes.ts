/** /v2.0/conversion/storage/{file|folder|exist}/{path}: upload (streamed), download (streamed), delete, exists. */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ApiError, missingKeyMessage, sendJson, storageKeyFromSegments } from './http-util.ts';
import { boundaryFrom, fileSink, readMultipart } from './multipart.ts';
import { queryParam, type RouteContext } from './services.ts';

function target({ rest, query, services }: RouteContext): { key: string; storageName: string } {
  const storageName = queryParam(query, 'storageName');
  services.storage.storageDir(storageName); // validates the name
  return { key: storageKeyFromSegments(rest), storageName };
}

export async function uploadFile(context: RouteContext): Promise<void> {
  const { req, res, services } = context;
  const { key, storageName } = target(context);
  const boundary = boundaryFrom(req.headers['content-type']);
  const temp = services.storage.tempPath();
  let received = false;
  try {
    await readMultipart(req, boundary, (part) => {
      if (received || part.name?.toLowerCase() !== 'file') return undefined;
      received = true;
      return fileSink(temp);
    });
    if (!received) throw new ApiError(400, 'InvalidRequest', "Multipart body has no part named 'File'.");
    await services.storage.commit(temp, key, storageName);
  } finally {
    await rm(temp, { force: true });
  }
  sendJson(res, 200, { uploaded: [key.split('/').pop()], errors: [] });
}

export async function downloadFile(context: RouteContext): Promise<void> {
  const { res, services } = context;
  const { key, storageName } = target(context);
  const size = await services.storage.fileSize(key, storageName);
  if (size === undefined) throw new ApiError(404, 'ItemNotFound', missingKeyMessage);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  await pipeline(createReadStream(services.storage.pathOf(key, storageName)), res);
}

export async function deleteFile(context: RouteContext): Promise<void> {
  const { key, storageName } = target(context);
  await context.services.storage.deleteFile(key, storageName);
  context.res.writeHead(200, { 'content-length': 0 }).end();
}

export async function deleteFolder(context: RouteContext): Promise<void> {
  const { key, storageName } = target(context);
  const recursive = queryParam(context.query, 'recursive').toLowerCase() === 'true';
  await context.services.storage.deleteFolder(key, storageName, recursive);
  context.res.writeHead(200, { 'content-length': 0 }).end();
}

export async function fileExists(context: RouteContext): Promise<void> {
  const { key, storageName } = target(context);
  sendJson(context.res, 200, await context.services.storage.exists(key, storageName));
}
