/**
 * Where a stored result is fetched from. The service lists each result as `{name, size, path, url}`; the
 * documentation's examples also leave `path` out, and give `url` as a storage key (`converted/one-page.pdf`), a key
 * prefixed with a storage name (`MyStorage:converted/one-page.pdf`) or a full URL
 * (`https://api.groupdocs.cloud/v2.0/conversion/storage/file/converted/one-page.pdf`). See test/emulator/CONFORMANCE.md.
 *
 * Credentials go only to the configured API: a URL on any other origin is refused, never fetched.
 */
import { GroupDocsApiError } from './errors.ts';

export type ResultLocation =
  /** A key in the storage the conversion wrote to (the configured one). */
  | { kind: 'storage'; storageKey: string }
  /** A URL on the configured API's origin, fetched with the client's credentials. */
  | { kind: 'url'; url: URL };

/** What the service said about where one result is. */
export interface ResultReference {
  path: string;
  url?: string | undefined;
}

/** The configured API, as the location rules need it. */
export interface ApiOrigin {
  apiRoot: URL;
  /** The configured storage name; undefined for the default storage. */
  storageName: string | undefined;
}

/** `MyStorage:converted/a.pdf`: a storage name (no `/`, no `:`), a colon, and a key that is not `//…`. */
const STORAGE_PREFIXED = /^([^/:]+):(?!\/\/)(.+)$/s;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** Reads where a result is; throws a non-retryable GroupDocsApiError naming why when it cannot be fetched safely. */
export function locateResult(result: ResultReference, api: ApiOrigin): ResultLocation {
  if (result.path !== '') return { kind: 'storage', storageKey: result.path };
  const url = result.url?.trim() ?? '';
  if (url === '') return refuse('the service gave neither a path nor a url for a result file');
  if (URL_SCHEME.test(url)) return fullUrl(url, api);
  const prefixed = STORAGE_PREFIXED.exec(url);
  if (prefixed === null) return { kind: 'storage', storageKey: url };
  const [, storage, key] = prefixed as unknown as [string, string, string];
  // The conversion wrote into the storage this client named (the default one when none): a result said to be in
  // another named storage is not the one asked for.
  if (api.storageName !== undefined && storage !== api.storageName) {
    return refuse('the service placed a result in another storage than the configured storage-name');
  }
  return { kind: 'storage', storageKey: key };
}

function fullUrl(text: string, api: ApiOrigin): ResultLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('the service gave a result url that is not a valid URL');
  }
  if (url.origin !== api.apiRoot.origin || url.username !== '' || url.password !== '') {
    return refuse(
      'the service gave a result only as a URL on another host than the configured API (api-base-url); ' +
        'it was not downloaded, so no credentials were sent there',
    );
  }
  url.hash = '';
  return { kind: 'url', url };
}

function refuse(reason: string): never {
  throw new GroupDocsApiError({ operation: 'download', code: 'RESULT_LOCATION', reason, retryable: false });
}
