/** The `changed-only` input: convert only the documents a pull request adds or modifies. */

import { type InputReader, type Report, readAutoBoolean } from './input-readers.ts';

/** `auto`: on pull_request and pull_request_target events; `always`: whenever the run belongs to a pull request. */
export type ChangedOnlyMode = 'auto' | 'always' | 'never';

export interface ChangedOnlySettings {
  mode: ChangedOnlyMode;
}

export function readChangedOnly(input: InputReader, report: Report): ChangedOnlySettings {
  return { mode: readAutoBoolean('changed-only', input('changed-only'), report) ?? 'auto' };
}
