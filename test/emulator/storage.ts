/**
 * The emulated cloud storage: files on disk under <root>/storages/<storageName|default>/<key>.
 * Like S3, folders exist only while they hold files (emptied folders are pruned).
 * Working files live beside it: <root>/tmp (uploads in flight), <root>/direct/<operation id> (direct conversions).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ApiError, missingKeyMessage, normalizeStorageKey } from './http-util.ts';

export class Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async prepare(): Promise<void> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    await mkdir(join(this.root, 'direct'), { recursive: true });
    await mkdir(this.storageDir(''), { recursive: true });
  }

  storageDir(storageName: string): string {
    if (storageName === '') return join(this.root, 'storages', 'default');
    const normalized = normalizeStorageKey(storageName);
    if (normalized !== storageName || normalized === '' || normalized.includes('/')) {
      throw new ApiError(400, 'InvalidStorageName', `Storage name '${storageName}' is not valid.`);
    }
    return join(this.root, 'storages', storageName);
  }

  /** Disk path of a storage key (already checked by normalizeStorageKey / storageKeyFromSegments). */
  pathOf(key: string, storageName: string): string {
    return key === '' ? this.storageDir(storageName) : join(this.storageDir(storageName), ...key.split('/'));
  }

  tempPath(): string {
    return join(this.root, 'tmp', `${randomUUID()}.part`);
  }

  directDir(operationId: string): string {
    return join(this.root, 'direct', operationId);
  }

  /** Moves a finished temp file to `key`, replacing any file there. */
  async commit(tempFile: string, key: string, storageName: string): Promise<number> {
    const target = this.pathOf(key, storageName);
    const parent = join(target, '..');
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(parent, { recursive: true });
        await rename(tempFile, target);
        return (await stat(target)).size;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A concurrent delete may prune the folder between mkdir and rename.
        if (code === 'ENOENT' && attempt < 3) continue;
        if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
          throw new ApiError(409, 'PathConflict', `A file and a folder cannot share the name '${key}'.`);
        }
        throw error;
      }
    }
  }

  /** Size of the file at `key`, or undefined when there is no such file. */
  async fileSize(key: string, storageName: string): Promise<number | undefined> {
    try {
      const info = await stat(this.pathOf(key, storageName));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  async exists(key: string, storageName: string): Promise<{ exists: boolean; isFolder: boolean }> {
    try {
      const info = await stat(this.pathOf(key, storageName));
      return { exists: true, isFolder: info.isDirectory() };
    } catch {
      return { exists: false, isFolder: false };
    }
  }

  async deleteFile(key: string, storageName: string): Promise<void> {
    if ((await this.fileSize(key, storageName)) === undefined) {
      throw new ApiError(404, 'ItemNotFound', missingKeyMessage);
    }
    await unlink(this.pathOf(key, storageName));
    await this.pruneEmptyFolders(key, storageName);
  }

  async deleteFolder(key: string, storageName: string, recursive: boolean): Promise<void> {
    if (key === '') throw new ApiError(400, 'InvalidPath', 'Refusing to delete the storage root.');
    const { exists, isFolder } = await this.exists(key, storageName);
    if (!exists || !isFolder) throw new ApiError(404, 'ItemNotFound', missingKeyMessage);
    const dir = this.pathOf(key, storageName);
    if (!recursive && (await readdir(dir)).length > 0) {
      throw new ApiError(400, 'FolderNotEmpty', `Folder '${key}' is not empty; pass recursive=true.`);
    }
    await rm(dir, { recursive: true, force: true });
    await this.pruneEmptyFolders(key, storageName);
  }

  async list(prefix: string, storageName: string): Promise<string[]> {
    const folder = normalizeStorageKey(prefix);
    const base = this.storageDir(storageName);
    const start = this.pathOf(folder, storageName);
    let entries: Awaited<ReturnType<typeof readdirFiles>>;
    try {
      const info = await stat(start);
      if (info.isFile()) return [folder];
      entries = await readdirFiles(start);
    } catch {
      return [];
    }
    return entries.map((file) => relative(base, file).split(sep).join('/')).sort();
  }

  private async pruneEmptyFolders(key: string, storageName: string): Promise<void> {
    const segments = key.split('/');
    for (let depth = segments.length - 1; depth > 0; depth--) {
      try {
        await rmdir(this.pathOf(segments.slice(0, depth).join('/'), storageName));
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }
}

async function readdirFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
