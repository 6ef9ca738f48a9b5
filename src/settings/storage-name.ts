/** The `storage-name` input: the name of a storage of the GroupDocs account, sent with every storage call. */

import { quote, type Report } from './input-readers.ts';

const MAX_STORAGE_NAME_LENGTH = 128;
/**
 * Storage names are chosen in the GroupDocs dashboard (`MyStorage`, `First Storage`, `docs-s3`). Anything else —
 * a path (`../../x`, `/x`), a line break, a query character — would be sent to the service as part of a URL or a
 * request body, so it is refused before any request.
 */
const STORAGE_NAME = /^[\p{L}\p{N} ._-]+$/u;

/** The storage name, '' for the account's default storage. */
export function readStorageName(raw: string, report: Report): string {
  const name = raw.trim();
  if (name === '') return '';
  if (name.length > MAX_STORAGE_NAME_LENGTH || !STORAGE_NAME.test(name) || /^\.+$/.test(name)) {
    report(
      `Input "storage-name" is ${quote(raw)}: expected the name of a storage of your GroupDocs account, ` +
        `up to ${MAX_STORAGE_NAME_LENGTH} letters, digits, spaces, ".", "_" or "-" (not only dots), ` +
        'or empty for the default storage.',
    );
    return '';
  }
  return name;
}
