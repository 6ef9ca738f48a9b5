import { copyFile, rename, rm } from 'node:fs/promises';

/** Rename, or copy and delete when the temporary folder is on another file system than the output. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const partial = `${to}.part`;
    await copyFile(from, partial);
    await rename(partial, to);
    await rm(from, { force: true });
  }
}
