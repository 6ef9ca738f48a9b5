/** The account of billed calls to the conversion service, as output `api-calls` and a line of the job summary. */
import type { ReportSection } from '../common/report-section.ts';
import { API_CALL_KINDS, type ApiCallCounts } from './engines/groupdocs/call-account.ts';

/** `**12 calls** to the conversion service: token 1 · formats 1 · upload 2 · …` (kinds with no call left out). */
export function apiCallsLine(counts: ApiCallCounts): string {
  const parts = API_CALL_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${kind} ${counts[kind]}`);
  const total = `**${counts.total} call${counts.total === 1 ? '' : 's'}** to the conversion service`;
  return parts.length === 0 ? total : `${total}: ${parts.join(' · ')}`;
}

/** Output `api-calls` (`{"token":1,"formats":1,"upload":3,…,"total":N}`); the summary line only when asked. */
export function apiCallsSection(counts: ApiCallCounts, inSummary: boolean): ReportSection {
  return {
    summary: inSummary
      ? `${apiCallsLine(counts)} (each attempt counts; GroupDocs bills every call).\n\n`
      : '',
    outputs: { 'api-calls': JSON.stringify(counts) },
  };
}
