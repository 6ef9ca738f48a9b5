/** The account of billed calls to the conversion service, as an output and a line of the job summary. */
import * as core from '@actions/core';
import { API_CALL_KINDS, type ApiCallCounts } from '../convert/engines/groupdocs/call-account.ts';

/** Output `api-calls`: `{"token":1,"formats":1,"upload":3,…,"total":N}`. */
export function setApiCallsOutput(counts: ApiCallCounts): void {
  core.setOutput('api-calls', JSON.stringify(counts));
}

/** `**12 calls** to the conversion service: token 1 · formats 1 · upload 2 · …` (kinds with no call left out). */
export function apiCallsLine(counts: ApiCallCounts): string {
  const parts = API_CALL_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${kind} ${counts[kind]}`);
  const total = `**${counts.total} call${counts.total === 1 ? '' : 's'}** to the conversion service`;
  return parts.length === 0 ? total : `${total}: ${parts.join(' · ')}`;
}

/** Appends the account to the job summary written before. */
export async function writeApiCallsSummary(counts: ApiCallCounts): Promise<void> {
  await core.summary
    .addRaw(`${apiCallsLine(counts)} (each attempt counts; GroupDocs bills every call).\n\n`)
    .write();
}
