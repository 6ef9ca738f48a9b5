/** Moving an on-runner engine's results from its temporary folder to their planned names in output-dir. */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { copyFileReplacing } from '../../common/safe-files.ts';
import type { ConversionJob } from '../../plan/types.ts';
import type { RemoteOutput } from './engine.ts';

/** Rename, or copy and delete when the temporary folder is on another file system than the output. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // A fresh name, created exclusively, then renamed: a link planted at `<to>.part` is never written through.
    await copyFileReplacing(from, to);
    await rm(from, { force: true });
  }
}

/**
 * `collect` of an engine that runs on the runner: each result (named by the engine itself, the planned name or
 * `<stem>-page-<n>.<format>`) moves into the job's output folder; on a failure the ones moved are removed again.
 */
export async function collectLocalOutputs(
  job: ConversionJob,
  outputs: readonly RemoteOutput[],
): Promise<string[]> {
  await mkdir(job.outputDirectory, { recursive: true });
  const written: string[] = [];
  try {
    for (const output of outputs) {
      const target = path.join(job.outputDirectory, output.name);
      await moveFile(output.path, target);
      written.push(target);
    }
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    throw error;
  }
  return written;
}
