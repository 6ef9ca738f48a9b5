/** The message of anything thrown, for a log line (pass it through untrustedText before showing it). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
