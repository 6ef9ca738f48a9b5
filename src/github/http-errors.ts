/** Turning errors of the GitHub API into one line a user can act on. */
import { untrustedText } from '../common/untrusted-text.ts';

/** The HTTP status of an Octokit RequestError (or anything shaped like it), else undefined. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The API's own message when there is one (Octokit appends a docs URL, which is dropped), else the error's message;
 * untrusted text (it may echo the token), so redacted, on one line and shortened.
 */
export function reasonOf(error: unknown): string {
  return untrustedText(rawReasonOf(error));
}

function rawReasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { response?: { data?: unknown } }).response?.data;
    if (typeof data === 'object' && data !== null) {
      const message = (data as { message?: unknown }).message;
      if (typeof message === 'string' && message) {
        const status = httpStatusOf(error);
        return status ? `HTTP ${status}: ${message}` : message;
      }
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

/** True for the statuses GitHub answers a token that may not do something (403), or may not see it (404). */
export function isPermissionDenied(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === 403 || status === 404;
}

export const CONTENTS_WRITE_HINT =
  'the token cannot write contents (needs permissions: contents: write; pull requests from forks get a read-only token)';

/** Whether a paged answer's Link header points at a further page. */
export function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}
