/** /v2.0/conversion/async (start, status, direct start), /async/result and /formats. */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extensionOf, isSourceFormat, supportedConversions } from './formats.ts';
import {
  ApiError,
  isControlCharacter,
  missingKeyMessage,
  normalizeStorageKey,
  readSmallBody,
  sendJson,
} from './http-util.ts';
import { boundaryFrom, fileSink, readMultipart } from './multipart.ts';
import { type Operation, operationResultBody } from './operations.ts';
import { queryParam, type RouteContext } from './services.ts';
import type { AnswerForms } from './types.ts';
import { detectUploadFormat } from './upload-type.ts';
import { prepareZip } from './zip.ts';

/** POST /v2.0/conversion/async with ConvertSettings (camelCase or PascalCase keys). */
export async function startConversion({ req, res, query, services }: RouteContext): Promise<void> {
  const settings = parseSettings(await readSmallBody(req, 1024 * 1024));
  const filePath = normalizeStorageKey(stringSetting(settings, 'filePath'));
  if (filePath === '') throw new ApiError(400, 'InvalidRequest', 'ConvertSettings.filePath is required.');
  if (/echo-auth/i.test(filePath.split('/').pop() ?? '')) {
    throw new ApiError(
      400,
      'InvalidRequest',
      `Request refused (Authorization: ${req.headers.authorization}).`,
    );
  }
  const format = targetFormat(stringSetting(settings, 'format'));
  const storageName = stringSetting(settings, 'storageName') || queryParam(query, 'storageName');
  services.storage.storageDir(storageName); // validates the name
  const outputKey = normalizeStorageKey(stringSetting(settings, 'outputPath'));
  const convertOptions = settings.convertOptions;
  const pagesCount =
    convertOptions !== null && typeof convertOptions === 'object'
      ? pagesCountOf(camelKeys(convertOptions as Record<string, unknown>).pagesCount)
      : undefined;
  const fontsPath = normalizeStorageKey(stringSetting(settings, 'fontsPath'));
  if (fontsPath !== '' && !(await services.storage.exists(fontsPath, storageName)).isFolder) {
    // What the real service answers for a missing folder in storage.
    throw new ApiError(404, 'ItemNotFound', missingKeyMessage);
  }
  const inputBytes = (await services.storage.fileSize(filePath, storageName)) ?? 0;
  const operation = services.conversions.create(
    {
      sourceName: filePath,
      inputFile: services.storage.pathOf(filePath, storageName),
      format,
      storageName,
      outputKey,
      pagesCount,
      ...(fontsPath === '' ? {} : { fontsPath }),
    },
    inputBytes,
  );
  sendOperationId(res, operation.id, services.options().answers);
}

/** GET /v2.0/conversion/async?id= */
export async function operationStatus({ req, res, query, services }: RouteContext): Promise<void> {
  const operation = findOperation(query, services.conversions.get.bind(services.conversions));
  sendJson(res, 200, operationResultBody(operation, services.options().answers, originOf(req)));
}

/** PUT /v2.0/conversion/async?format=…[&pagesCount=] with the document as multipart part `File`. */
export async function startDirectConversion({ req, res, query, services }: RouteContext): Promise<void> {
  const format = targetFormat(queryParam(query, 'format'));
  const boundary = boundaryFrom(req.headers['content-type']);
  const uploadDir = services.storage.directDir(randomUUID());
  const inputDir = join(uploadDir, 'input');
  await mkdir(inputDir, { recursive: true });
  let fileName: string | undefined;
  let declaredType: string | undefined;
  try {
    await readMultipart(req, boundary, (part) => {
      if (fileName !== undefined || part.name?.toLowerCase() !== 'file') return undefined;
      fileName = safeFileName(part.filename);
      declaredType = part.headers['content-type'];
      return fileSink(join(inputDir, fileName));
    });
    if (fileName === undefined)
      throw new ApiError(400, 'InvalidRequest', "Multipart body has no part named 'File'.");
  } catch (error) {
    await rm(uploadDir, { recursive: true, force: true });
    throw error;
  }
  const inputFile = join(inputDir, fileName);
  // The name may say nothing (the Node SDK sends every file as `file.name`): then the bytes or the declared type do.
  const named = extensionOf(fileName);
  const sourceFormat = isSourceFormat(named) ? named : await detectUploadFormat(inputFile, declaredType);
  const operation = services.conversions.create(
    {
      sourceName: fileName,
      sourceFormat: sourceFormat ?? '',
      inputFile,
      format,
      storageName: '',
      outputKey: '',
      pagesCount: pagesCountOf(Number(queryParam(query, 'pagesCount') || Number.NaN)),
    },
    (await stat(inputFile)).size,
  );
  sendOperationId(res, operation.id, services.options().answers);
}

/** The start's answer: the id as a JSON string (documented), or as bare text (see AnswerForms.bareTextIds). */
function sendOperationId(res: ServerResponse, id: string, answers: AnswerForms | undefined): void {
  if (!answers?.bareTextIds) {
    sendJson(res, 200, id);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(id),
  });
  res.end(id);
}

/** `http://<Host>` as the client addressed the emulator. */
function originOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

/** GET /v2.0/conversion/async/result?id= : the single output's bytes, or a zip when there are several. */
export async function operationOutput({ res, query, services }: RouteContext): Promise<void> {
  const operation = findOperation(query, services.conversions.get.bind(services.conversions));
  if (operation.status === 'Failed') {
    throw new ApiError(400, 'OperationFailed', operation.error ?? 'Operation failed');
  }
  if (operation.status !== 'Finished') {
    throw new ApiError(400, 'OperationNotFinished', `Operation is ${operation.status}, not Finished yet.`);
  }
  const files = operation.results;
  for (const file of files) {
    const exists = await stat(file.file).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!exists) throw new ApiError(404, 'ItemNotFound', missingKeyMessage);
  }
  const only = files.length === 1 ? files[0] : undefined;
  if (only !== undefined) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': only.size });
    await pipeline(createReadStream(only.file), res);
    return;
  }
  const zip = await prepareZip(files.map(({ name, file, size }) => ({ name, file, size })));
  res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.size });
  await pipeline(Readable.from(zip.stream()), res);
}

/** GET /v2.0/conversion/formats[?format=docx] */
export async function listFormats({ res, query }: RouteContext): Promise<void> {
  const only = queryParam(query, 'format').toLowerCase().replace(/^\./, '');
  sendJson(
    res,
    200,
    only === '' ? supportedConversions : supportedConversions.filter((c) => c.sourceFormat === only),
  );
}

function findOperation(query: URLSearchParams, get: (id: string) => Operation | undefined): Operation {
  const id = queryParam(query, 'id');
  if (id === '') throw new ApiError(400, 'InvalidRequest', "Missing required parameter 'id'.");
  const operation = get(id);
  if (operation === undefined) throw new ApiError(404, 'OperationNotFound', 'Operation not found');
  return operation;
}

function parseSettings(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ApiError(400, 'InvalidRequest', 'ConvertSettings must be a JSON object.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, 'InvalidRequest', 'ConvertSettings must be a JSON object.');
  }
  return camelKeys(parsed as Record<string, unknown>);
}

function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]),
  );
}

function stringSetting(settings: Record<string, unknown>, name: string): string {
  const value = settings[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw new ApiError(400, 'InvalidRequest', `ConvertSettings.${name} must be a string.`);
  return value;
}

function targetFormat(raw: string): string {
  const format = raw.trim().toLowerCase().replace(/^\./, '');
  if (format === '') throw new ApiError(400, 'InvalidRequest', "The target 'format' is required.");
  return format;
}

function pagesCountOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The uploaded file name without any directory part; the emulator stores it under its own folder. */
function safeFileName(name: string | undefined): string {
  const base = [...((name ?? '').split(/[/\\]/).pop() ?? '')]
    .filter((char) => !isControlCharacter(char))
    .join('');
  return base === '' || base === '.' || base === '..' ? 'document' : base;
}
