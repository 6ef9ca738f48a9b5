import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Awkward but legal names: spaces, #, %, +, non-ASCII, and the same name in different folders. */
export const AWKWARD_NAMES = [
  'a #1.docx',
  '50% off.docx',
  'c++ notes.md',
  'Überblick ñ 日本.docx',
  'plain.docx',
  'report v1.2.final.docx',
  'it’s quoted.odt',
  'tabs and  spaces.rtf',
  'sheet & more.xlsx',
  'slides (draft).pptx',
];

/** Writes `count` documents in nested folders (same file names repeat across folders) and returns their relative paths. */
export async function writeDocumentTree(root: string, count: number, folder = 'docs'): Promise<string[]> {
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = path.join(folder, `section ${i % 3}`, i % 2 ? 'sub #2' : '');
    const name = AWKWARD_NAMES[i % AWKWARD_NAMES.length] as string;
    const relative = path.join(dir, name);
    await mkdir(path.join(root, dir), { recursive: true });
    await writeFile(path.join(root, relative), `document ${i}: ${relative}\n${'x'.repeat(100 + i * 37)}`);
    written.push(relative.split(path.sep).join('/'));
  }
  return [...new Set(written)];
}

export async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** Every file below `dir`, relative to it, with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The files in an output-dir, less the run's report (`conversion-report.json`), which every run writes there. */
export async function listOutputs(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((file) => file !== 'conversion-report.json');
}

/** Writes each file (path relative to `root` → content), making its folders. */
export async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}
