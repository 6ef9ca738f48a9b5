/** A throwaway workspace on disk for the Markdown renderer's tests. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The first bytes of a real 1×1 PNG, enough for the renderer's type check. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface Workspace {
  root: string;
  /** Writes `content` at `relative` inside the workspace (folders made) and returns its absolute path. */
  write(relative: string, content: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}

export async function makeWorkspace(): Promise<Workspace> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'markdown-page-'));
  const root = path.join(parent, 'repo');
  await fs.mkdir(path.join(root, '.git'), { recursive: true });
  await fs.writeFile(path.join(root, '.git', 'config'), '[core]\n\tbare = false\n');
  return {
    root,
    async write(relative, content) {
      const target = path.join(root, relative);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
      return target;
    },
    remove: () => fs.rm(parent, { recursive: true, force: true }),
  };
}
