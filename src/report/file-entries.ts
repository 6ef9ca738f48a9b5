/** One entry per conversion, as the `files` output and the report file list them. */
import path from 'node:path';
import { untrustedText } from '../common/untrusted-text.ts';
import type { JobResult, JobStatus } from '../convert/results.ts';
import type { Plan } from '../plan/types.ts';
import type { PublishOutcome } from '../publish/outcome.ts';
import type { Settings } from '../settings/types.ts';

function toWorkspacePath(settings: Pick<Settings, 'workspace'>, absolute: string): string {
  return path.relative(settings.workspace, absolute).split(path.sep).join('/');
}

type FileLinks = { artifact?: string; commit?: string; release?: string };

export interface FileEntry {
  source: string;
  format: string;
  status: JobStatus | 'planned';
  outputs: string[];
  error?: string;
  'duration-ms': number;
  links?: Record<string, string>;
}

export function fileEntries(
  results: readonly JobResult[],
  settings: Pick<Settings, 'workspace'>,
  publish?: Pick<PublishOutcome, 'fileLinks'>,
): FileEntry[] {
  return results.map((r) => {
    const links: Record<string, string> = {};
    for (const output of r.outputs) {
      const fileLinks: FileLinks | undefined = publish?.fileLinks.get(output);
      for (const [kind, url] of Object.entries(fileLinks ?? {})) {
        if (url && !(kind in links)) links[kind] = url;
      }
    }
    return {
      source: r.job.source.workspacePath,
      format: r.job.format,
      status: r.status,
      outputs: r.outputs.map((o) => toWorkspacePath(settings, o)),
      ...(r.error === undefined ? {} : { error: untrustedText(r.error) }),
      'duration-ms': r.durationMs,
      ...(Object.keys(links).length > 0 ? { links } : {}),
    };
  });
}

export function plannedEntries(plan: Plan): FileEntry[] {
  return plan.jobs.map((job) => ({
    source: job.source.workspacePath,
    format: job.format,
    status: 'planned',
    outputs: [job.expectedOutput],
    'duration-ms': 0,
  }));
}
