/** Building blocks for the publishing tests: a workspace on disk, settings, results and a run environment. */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { JobResult, JobStatus } from '../../src/convert/results.ts';
import { type RunnerEnvironment, readRunnerEnvironment } from '../../src/settings/runner.ts';
import type { PublishSettings, PublishTarget, Settings } from '../../src/settings/types.ts';

export interface Workspace {
  workspace: string;
  outputDir: string;
  /** Absolute path of a workspace-relative path. */
  at(relative: string): string;
  write(relative: string, content: string | Buffer): Promise<string>;
}

const workspaces: string[] = [];
process.once('exit', () => {
  for (const workspace of workspaces) rmSync(workspace, { recursive: true, force: true });
});

/** A temporary workspace with an empty output-dir `converted`; removed when the test process exits. */
export async function makeWorkspace(files: Record<string, string | Buffer> = {}): Promise<Workspace> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'publish-test-'));
  workspaces.push(workspace);
  const outputDir = path.join(workspace, 'converted');
  await mkdir(outputDir, { recursive: true });
  const at = (relative: string) => path.join(workspace, ...relative.split('/'));
  const write = async (relative: string, content: string | Buffer) => {
    const file = at(relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  for (const [relative, content] of Object.entries(files)) await write(relative, content);
  return { workspace, outputDir, at, write };
}

export function makeSettings(
  ws: Pick<Workspace, 'workspace' | 'outputDir'>,
  publish: Partial<Omit<PublishSettings, 'targets'>> & { targets?: PublishTarget[] } = {},
): Settings {
  const { targets = [], ...rest } = publish;
  return {
    workspace: ws.workspace,
    patterns: ['docs/**'],
    formats: ['pdf'],
    outputDir: ws.outputDir,
    baseDir: ws.workspace,
    credentials: undefined,
    apiBaseUrl: 'http://127.0.0.1:1',
    storageName: '',
    concurrency: 2,
    timeoutMs: 60_000,
    pollIntervalMs: 10,
    engine: { engine: 'groupdocs', fonts: undefined, pageSize: 'A4', installLibreOffice: true },
    loadOptions: undefined,
    convertOptions: undefined,
    ifNoFilesFound: 'warn',
    failOnError: true,
    dryRun: false,
    cache: { enabled: true, maxBytes: 500e6 },
    changedOnly: { mode: 'never' },
    sharding: { shard: undefined, publishOnly: false },
    publish: {
      targets: new Set(targets),
      artifactName: 'converted-documents',
      artifactPerFile: false,
      retentionDays: undefined,
      commitBranch: undefined,
      commitMessage: 'Convert documents [skip ci]',
      releaseTag: undefined,
      prComment: 'never',
      githubToken: '',
      ...rest,
    },
    previews: { mode: 'off', maxPages: 30, widthPx: 800, branchPrefix: 'document-previews/' },
    downloadLimits: { maxDownloadBytes: 2 * 1024 ** 3, maxTotalDownloadBytes: 10 * 1024 ** 3 },
  };
}

let documentIndex = 0;

/** A result for `source` (workspace-relative) with absolute `outputs`. */
export function result(
  ws: Pick<Workspace, 'workspace' | 'outputDir'>,
  source: string,
  format: string,
  status: JobStatus,
  outputs: readonly string[] = [],
  error?: string,
): JobResult {
  const index = documentIndex++;
  const base = path.posix.basename(source);
  const dot = base.lastIndexOf('.');
  const job = {
    id: `${index}-${format}`,
    documentIndex: index,
    source: {
      absolutePath: path.join(ws.workspace, source),
      workspacePath: source,
      outputSubdir: '',
      stem: dot > 0 ? base.slice(0, dot) : base,
      extension: dot > 0 ? base.slice(dot + 1).toLowerCase() : '',
      sizeBytes: 10,
    },
    format,
    outputDirectory: ws.outputDir,
    expectedOutput: `converted/${base}.${format}`,
  };
  const value: JobResult = { job, status, outputs, durationMs: 5 };
  if (error !== undefined) value.error = error;
  return value;
}

export function makeEnvironment(overrides: Partial<RunnerEnvironment> = {}): RunnerEnvironment {
  return {
    ...readRunnerEnvironment({}),
    eventName: 'push',
    repository: { owner: 'octo', repo: 'docs' },
    sha: '',
    ref: 'refs/heads/main',
    serverUrl: 'https://github.com',
    apiUrl: 'http://127.0.0.1:1',
    runId: 42,
    runAttempt: 1,
    workflow: 'Docs',
    artifactServiceAvailable: false,
    ...overrides,
  };
}

/** The files in a zip archive, read from its central directory (stored or deflated entries; no zip64). */
export function readZipEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Markdown source with its backslash escapes removed: the text a reader sees. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * Workflow commands (`::warning::…`, `::notice::…`) written while `run` runs, as `[command, message]`; the
 * runner turns each into one annotation. Other output passes through.
 */
export async function captureAnnotations<T>(
  run: () => Promise<T>,
): Promise<{ value: T; annotations: string[][] }> {
  const annotations: string[][] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const match = typeof chunk === 'string' ? chunk.match(/^::(\w+)[^:]*::(.*)\r?\n?$/s) : null;
    if (match) {
      annotations.push([match[1] as string, (match[2] as string).trimEnd()]);
      return true;
    }
    return (original as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return { value: await run(), annotations };
  } finally {
    process.stdout.write = original;
  }
}
