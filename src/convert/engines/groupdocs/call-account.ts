/**
 * The account of requests sent to the conversion service, by kind. GroupDocs bills every call, so every attempt
 * counts: a retried upload is two uploads on the bill. A direct conversion (the document sent with the start) counts
 * as a start, and fetching its result as a download.
 */

export const API_CALL_KINDS = [
  'token',
  'formats',
  'upload',
  'start',
  'status',
  'download',
  'exists',
  'delete',
] as const;

export type ApiCallKind = (typeof API_CALL_KINDS)[number];

export type ApiCallCounts = Record<ApiCallKind, number> & { total: number };

export class ApiCallAccount {
  readonly #counts = new Map<ApiCallKind, number>(API_CALL_KINDS.map((kind) => [kind, 0]));

  /** One request of `kind` is about to be sent. */
  count(kind: ApiCallKind): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
  }

  /** The counts so far, every kind present (0 when none), plus their total. */
  snapshot(): ApiCallCounts {
    const counts = Object.fromEntries(API_CALL_KINDS.map((kind) => [kind, this.#counts.get(kind) ?? 0]));
    const total = API_CALL_KINDS.reduce((sum, kind) => sum + (this.#counts.get(kind) ?? 0), 0);
    return { ...counts, total } as ApiCallCounts;
  }
}
