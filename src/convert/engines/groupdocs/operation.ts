import { MAX_RESULTS_PER_JOB } from '../../output-claims.ts';
import { isRecord, parseErrorBody, pick, type Redact } from './errors.ts';
import { type CallContext, unexpectedAnswer } from './service-calls.ts';

export type OperationStatus = 'Created' | 'Started' | 'Finished' | 'Failed' | 'Canceled';

export interface StoredResult {
  name: string;
  path: string;
  size: number;
  url?: string;
}

export interface OperationResult {
  id: string;
  status: OperationStatus;
  result: StoredResult[];
  error?: string;
  /** Timestamps as the server sent them (ISO 8601), when present. */
  created?: string;
  started?: string;
  finished?: string;
  failed?: string;
  canceled?: string;
}

const OPERATION_TIMESTAMPS = ['created', 'started', 'finished', 'failed', 'canceled'] as const;
/**
 * The statuses in the order the Python SDK (v25.10, models/operation_result.py, status setter) lists them: a status
 * sent as a number (`2`, or the text `"2"`) is the one at that index, so 2 is Failed and 4 is Finished.
 */
export const NUMBERED_STATUSES: readonly OperationStatus[] = [
  'Created',
  'Started',
  'Failed',
  'Canceled',
  'Finished',
];

/** An operation as the status check answers it. */
export function parseOperation(
  answer: unknown,
  requestedId: string,
  context: CallContext,
  redact: Redact,
): OperationResult {
  if (!isRecord(answer)) throw unexpectedAnswer(context, 'an operation that is not a JSON object');
  const sent = pick(answer, 'status');
  const status = statusOf(sent);
  if (status === undefined) {
    throw unexpectedAnswer(context, `an unknown operation status ${JSON.stringify(sent)}`);
  }
  const id = pick(answer, 'id');
  const operation: OperationResult = {
    id: typeof id === 'string' ? id : requestedId,
    status,
    result: storedResults(pick(answer, 'result')),
  };
  for (const field of OPERATION_TIMESTAMPS) {
    const value = pick(answer, field);
    if (typeof value === 'string' && value !== '') operation[field] = value;
  }
  // The service's words about a failed conversion reach users (reports, PR comments): secrets redacted.
  const error = pick(answer, 'error');
  if (typeof error === 'string' && error !== '') operation.error = redact(error);
  else if (isRecord(error)) {
    const detail = parseErrorBody(JSON.stringify(error), redact);
    if (detail.message !== undefined) operation.error = detail.message;
  }
  return operation;
}

/** A status by its name in any case, or by its number (see NUMBERED_STATUSES). */
function statusOf(sent: unknown): OperationStatus | undefined {
  const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
  if (/^\d$/.test(text)) return NUMBERED_STATUSES[Number(text)];
  return NUMBERED_STATUSES.find((known) => known.toLowerCase() === text.toLowerCase());
}

function storedResults(rawResults: unknown): StoredResult[] {
  const result: StoredResult[] = [];
  if (!Array.isArray(rawResults)) return result;
  // One past the cap is enough to know the list is too long; the rest is never turned into objects.
  for (const item of rawResults.slice(0, MAX_RESULTS_PER_JOB + 1)) {
    if (!isRecord(item)) continue;
    const name = pick(item, 'name');
    const storedPath = pick(item, 'path');
    const size = pick(item, 'size');
    const url = pick(item, 'url');
    const stored: StoredResult = {
      name: typeof name === 'string' ? name : '',
      path: typeof storedPath === 'string' ? storedPath : '',
      size: typeof size === 'number' ? size : Number(size ?? 0) || 0,
    };
    if (typeof url === 'string') stored.url = url;
    result.push(stored);
  }
  return result;
}
