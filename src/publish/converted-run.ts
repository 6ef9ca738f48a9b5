import type { CommitChanges } from '../cache/index.ts';
import type { JobResult } from '../convert/results.ts';
import type { PreviewReport } from '../previews/build-previews.ts';

/** What the stages before publishing hand it: one result per planned job, and what the cache and previews add. */
export interface ConvertedRun {
  results: JobResult[];
  /** The runner cancelled the job (or the deadline passed) while converting: nothing is published. */
  cancelled: boolean;
  /** Lines for the job summary (which shard this is, what was merged). */
  notes: string[];
  previews?: PreviewReport | undefined;
  /** In commit mode: the cache's manifest to commit with the outputs, and outputs of deleted sources to remove. */
  commitChanges?: CommitChanges | undefined;
}
