/** Which handler answers a request, decided from the verb and the raw path segments. */
import {
  listFormats,
  operationOutput,
  operationStatus,
  startConversion,
  startDirectConversion,
} from './conversion-routes.ts';
import type { RouteContext } from './services.ts';
import { deleteFile, deleteFolder, downloadFile, fileExists, uploadFile } from './storage-routes.ts';
import { issueToken } from './token-route.ts';
import type { RequestKind } from './types.ts';

export interface Route {
  kind: Exclude<RequestKind, 'other'>;
  handle: (context: RouteContext) => Promise<void>;
  /** Path segments after the fixed part (storage keys). */
  rest: string[];
}

export function matchRoute(method: string, segments: readonly string[]): Route | undefined {
  const [first, second, third, fourth] = segments.map((s) => s.toLowerCase());
  const route = (kind: Route['kind'], handle: Route['handle'], rest: string[] = []): Route => ({
    kind,
    handle,
    rest,
  });

  if (first === 'connect' && second === 'token' && segments.length === 2) {
    return method === 'POST' ? route('token', issueToken) : undefined;
  }
  if (first !== 'v2.0' || second !== 'conversion') return undefined;

  if (third === 'storage') {
    const rest = segments.slice(4);
    if (fourth === 'file' && rest.length > 0) {
      if (method === 'PUT') return route('upload', uploadFile, rest);
      if (method === 'GET') return route('download', downloadFile, rest);
      if (method === 'DELETE') return route('deleteFile', deleteFile, rest);
    }
    if (fourth === 'folder' && rest.length > 0 && method === 'DELETE')
      return route('deleteFolder', deleteFolder, rest);
    if (fourth === 'exist' && method === 'GET') return route('exists', fileExists, rest);
    return undefined;
  }
  if (third === 'async' && segments.length === 3) {
    if (method === 'POST') return route('start', startConversion);
    if (method === 'GET') return route('status', operationStatus);
    if (method === 'PUT') return route('directStart', startDirectConversion);
    return undefined;
  }
  if (third === 'async' && fourth === 'result' && segments.length === 4 && method === 'GET') {
    return route('directResult', operationOutput);
  }
  if (third === 'formats' && segments.length === 3 && method === 'GET') return route('formats', listFormats);
  return undefined;
}
