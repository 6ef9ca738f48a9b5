import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPlan, type FileFinder, globFinder, PlanError } from '../../src/plan/build-plan.ts';
import type { Settings } from '../../src/settings/types.ts';

const roots: string[] = [];

after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh temp folder holding `workspace/` (with the given files) and `outside/`. */
function workspaceWith(files: Record<string, string> | string[], name = 'workspace'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-test-')));
  roots.push(root);
  const workspace = path.join(root, name);
  fs.mkdirSync(workspace);
  fs.mkdirSync(path.join(root, 'outside'));
  const entries = Array.isArray(files) ? files.map((file) => [file, 'x'] as const) : Object.entries(files);
  for (const [file, content] of entries) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), content);
  }
  return workspace;
}

function outsideOf(workspace: string): string {
  return path.join(path.dirname(workspace), 'outside');
}

function settingsFor(
  workspace: string,
  options: { patterns: string[]; formats?: string[]; outputDir?: string; baseDir?: string },
): Settings {
  return {
    workspace,
    patterns: options.patterns,
    formats: options.formats ?? ['pdf'],
    outputDir: path.join(workspace, options.outputDir ?? 'converted'),
    baseDir: path.join(workspace, options.baseDir ?? ''),
    credentials: undefined,
    apiBaseUrl: 'http://127.0.0.1:1',
    storageName: '',
    concurrency: 1,
    timeoutMs: 1_000,
    pollIntervalMs: 50,
    engine: { engine: 'groupdocs', fonts: undefined, pageSize: 'A4', installLibreOffice: true },
    loadOptions: undefined,
    convertOptions: undefined,
    ifNoFilesFound: 'warn',
    failOnError: true,
    dryRun: true,
    cache: { enabled: true, maxBytes: 500e6 },
    changedOnly: { mode: 'never' },
    sharding: { shard: undefined, publishOnly: false },
    publish: {
      targets: new Set(),
      artifactName: 'converted-documents',
      artifactPerFile: false,
      retentionDays: undefined,
      commitBranch: undefined,
      commitMessage: 'Convert documents',
      releaseTag: undefined,
      prComment: 'never',
      githubToken: '',
    },
    previews: { mode: 'off', maxPages: 30, widthPx: 800, branchPrefix: 'document-previews/' },
    downloadLimits: { maxDownloadBytes: 2 * 1024 ** 3, maxTotalDownloadBytes: 10 * 1024 ** 3 },
  };
}

async function sourcesOf(settings: Settings, finder?: FileFinder): Promise<string[]> {
  const plan = await buildPlan(settings, finder);
  return plan.documents.map((document) => document.workspacePath);
}

async function planError(settings: Settings, finder?: FileFinder): Promise<PlanError> {
  try {
    await buildPlan(settings, finder);
  } catch (error) {
    assert.ok(error instanceof PlanError, `expected a PlanError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a PlanError');
}

describe('buildPlan: documents and jobs', () => {
  it('mirrors the folders below base-dir into output-dir, one job per document and format', async () => {
    const workspace = workspaceWith({ 'docs/a/b.docx': 'hello', 'docs/c.md': '# c\n', 'other/x.txt': 'x' });
    const plan = await buildPlan(
      settingsFor(workspace, { patterns: ['docs'], baseDir: 'docs', formats: ['pdf', 'html'] }),
    );
    const b = {
      absolutePath: path.join(workspace, 'docs/a/b.docx'),
      workspacePath: 'docs/a/b.docx',
      outputSubdir: 'a',
      stem: 'b',
      extension: 'docx',
      sizeBytes: 5,
    };
    const c = {
      absolutePath: path.join(workspace, 'docs/c.md'),
      workspacePath: 'docs/c.md',
      outputSubdir: '',
      stem: 'c',
      extension: 'md',
      sizeBytes: 4,
    };
    assert.deepEqual(plan.documents, [b, c]);
    const converted = path.join(workspace, 'converted');
    assert.deepEqual(plan.jobs, [
      {
        id: '0-pdf',
        documentIndex: 0,
        source: b,
        format: 'pdf',
        outputDirectory: path.join(converted, 'a'),
        expectedOutput: 'converted/a/b.pdf',
      },
      {
        id: '0-html',
        documentIndex: 0,
        source: b,
        format: 'html',
        outputDirectory: path.join(converted, 'a'),
        expectedOutput: 'converted/a/b.html',
      },
      {
        id: '1-pdf',
        documentIndex: 1,
        source: c,
        format: 'pdf',
        outputDirectory: converted,
        expectedOutput: 'converted/c.pdf',
      },
      {
        id: '1-html',
        documentIndex: 1,
        source: c,
        format: 'html',
        outputDirectory: converted,
        expectedOutput: 'converted/c.html',
      },
    ]);
  });

  it('keeps the whole workspace path below output-dir when base-dir is the workspace', async () => {
    const workspace = workspaceWith(['docs/a/b.docx']);
    const plan = await buildPlan(
      settingsFor(workspace, { patterns: ['docs/a/b.docx'], outputDir: 'out/site' }),
    );
    assert.equal(plan.documents[0]?.outputSubdir, 'docs/a');
    assert.equal(plan.jobs[0]?.outputDirectory, path.join(workspace, 'out/site/docs/a'));
    assert.equal(plan.jobs[0]?.expectedOutput, 'out/site/docs/a/b.pdf');
  });

  it('keeps files of the same name in different folders apart', async () => {
    const workspace = workspaceWith(['docs/en/guide.docx', 'docs/fr/guide.docx', 'docs/guide.docx']);
    const plan = await buildPlan(settingsFor(workspace, { patterns: ['docs'], baseDir: 'docs' }));
    assert.deepEqual(
      plan.jobs.map((job) => job.expectedOutput),
      ['converted/en/guide.pdf', 'converted/fr/guide.pdf', 'converted/guide.pdf'],
    );
  });

  it('takes names with spaces, #, %, +, inner dots and non-ASCII letters as they are', async () => {
    const names = [
      'four pages #1.docx',
      '100% done+final.docx',
      'Résumé 文档.docx',
      'v1.2.final.DOCX',
      'README',
    ];
    const workspace = workspaceWith(names.map((name) => `docs/${name}`));
    const plan = await buildPlan(settingsFor(workspace, { patterns: ['docs'], baseDir: 'docs' }));
    assert.deepEqual(
      plan.documents.map(({ stem, extension }) => [stem, extension]),
      [
        ['100% done+final', 'docx'],
        ['README', ''],
        ['Résumé 文档', 'docx'],
        ['four pages #1', 'docx'],
        ['v1.2.final', 'docx'],
      ],
    );
    assert.deepEqual(
      plan.jobs.map((job) => job.expectedOutput),
      [
        'converted/100% done+final.pdf',
        'converted/README.pdf',
        'converted/Résumé 文档.pdf',
        'converted/four pages #1.pdf',
        'converted/v1.2.final.pdf',
      ],
    );
  });

  it('sorts documents by workspace path in byte order, whatever order they are found in', async () => {
    const files = ['c.docx', 'B.docx', 'a/z.docx', 'a.docx', 'é.docx', '_x.docx', 'z.docx'];
    const workspace = workspaceWith(files);
    const reversed: FileFinder = {
      async find(patterns, root) {
        return (await globFinder.find(patterns, root)).reverse();
      },
    };
    const expected = ['B.docx', '_x.docx', 'a.docx', 'a/z.docx', 'c.docx', 'z.docx', 'é.docx'];
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.'] })), expected);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.'] }), reversed), expected);
  });

  it('expects page-numbered outputs for image targets', async () => {
    const workspace = workspaceWith(['slides.pptx']);
    const plan = await buildPlan(
      settingsFor(workspace, { patterns: ['slides.pptx'], formats: ['png', 'pdf', 'jpeg'] }),
    );
    assert.deepEqual(
      plan.jobs.map((job) => job.expectedOutput),
      ['converted/slides-page-1.png', 'converted/slides.pdf', 'converted/slides-page-1.jpeg'],
    );
  });

  it('allows converting a file to its own format', async () => {
    const workspace = workspaceWith(['report.pdf']);
    const plan = await buildPlan(settingsFor(workspace, { patterns: ['report.pdf'] }));
    assert.deepEqual(
      plan.jobs.map((job) => [job.source.workspacePath, job.expectedOutput]),
      [['report.pdf', 'converted/report.pdf']],
    );
  });

  it('returns an empty plan when nothing matches', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    assert.deepEqual(await buildPlan(settingsFor(workspace, { patterns: ['nothing/here/*.docx'] })), {
      documents: [],
      jobs: [],
    });
  });
});

describe('buildPlan: matching', () => {
  it('takes a directory line as every file below it, at any depth, with or without a trailing slash', async () => {
    const workspace = workspaceWith(['docs/a.docx', 'docs/x/y/z.md', 'notes.txt']);
    const expected = ['docs/a.docx', 'docs/x/y/z.md'];
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs'] })), expected);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs/'] })), expected);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['./docs/x/../'] })), expected);
  });

  it('matches globs and excludes with "!" lines', async () => {
    const workspace = workspaceWith([
      'docs/keep.docx',
      'docs/old.doc',
      'docs/drafts/skip.docx',
      'docs/sub/keep.md',
    ]);
    const patterns = ['docs', '!docs/drafts', '!**/*.doc'];
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns })), [
      'docs/keep.docx',
      'docs/sub/keep.md',
    ]);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['**/*.docx'] })), [
      'docs/drafts/skip.docx',
      'docs/keep.docx',
    ]);
  });

  it('takes relative patterns against the workspace, not the current directory', async () => {
    // The current directory (the repository) has a src/ folder; the workspace does not.
    assert.ok(fs.existsSync(path.join(process.cwd(), 'src')));
    const workspace = workspaceWith(['elsewhere/a.docx']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['src'] })), []);
  });

  it('takes a line starting with "#" as a file name, not a comment', async () => {
    const workspace = workspaceWith(['#1 notes.md', 'other.md']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['#1 notes.md'] })), ['#1 notes.md']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['*.md', '!#1 notes.md'] })), [
      'other.md',
    ]);
  });

  it('accepts absolute patterns inside the workspace', async () => {
    const workspace = workspaceWith(['docs/a.docx', 'docs/b.md']);
    const patterns = [path.join(workspace, 'docs', '*.docx')];
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns })), ['docs/a.docx']);
  });

  it('takes glob characters in the workspace path literally', async () => {
    const workspace = workspaceWith(['docs/a.md', 'docs/b.txt'], 'ws [1] *?');
    fs.mkdirSync(path.join(path.dirname(workspace), 'ws 1 xx', 'docs'), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(workspace), 'ws 1 xx', 'docs', 'decoy.md'), 'x');
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs/*.md'] })), ['docs/a.md']);
  });

  it('skips hidden files and folders unless a pattern names them', async () => {
    const workspace = workspaceWith(['.git/config', '.github/docs/x.md', 'docs/.draft.md', 'docs/a.md']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.'] })), ['docs/a.md']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['**/*.md'] })), ['docs/a.md']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.github/docs'] })), [
      '.github/docs/x.md',
    ]);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs/.draft.md'] })), [
      'docs/.draft.md',
    ]);
  });

  it('finds files in a workspace whose own name starts with a dot', async () => {
    const workspace = workspaceWith(['docs/a.md'], '.github');
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.'] })), ['docs/a.md']);
  });

  it('never takes earlier outputs inside output-dir as sources', async () => {
    const workspace = workspaceWith(['converted/docs/a.pdf', 'docs/a.pdf', 'docs/out/b.pdf']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['**/*.pdf'] })), [
      'docs/a.pdf',
      'docs/out/b.pdf',
    ]);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs'], outputDir: 'docs/out' })), [
      'docs/a.pdf',
    ]);
  });

  it('lists each file once, even when several patterns or names reach it', async () => {
    const workspace = workspaceWith(['other/real.docx', 'docs/a.docx']);
    fs.symlinkSync(path.join(workspace, 'other/real.docx'), path.join(workspace, 'docs/alias.docx'));
    const plan = await buildPlan(settingsFor(workspace, { patterns: ['docs', 'docs/*.docx', 'other'] }));
    assert.deepEqual(
      plan.documents.map((document) => [document.workspacePath, document.absolutePath]),
      [
        ['docs/a.docx', path.join(workspace, 'docs/a.docx')],
        ['docs/alias.docx', path.join(workspace, 'other/real.docx')],
      ],
    );
  });

  it('skips directories, duplicates and vanished files a finder returns', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    const finder: FileFinder = {
      async find() {
        return [
          path.join(workspace, 'docs/a.docx'),
          path.join(workspace, 'docs'),
          'docs/a.docx',
          path.join(workspace, 'docs/gone.docx'),
        ];
      },
    };
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs'] }), finder), [
      'docs/a.docx',
    ]);
  });

  it('ignores broken symbolic links', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    fs.symlinkSync(path.join(workspace, 'missing.docx'), path.join(workspace, 'docs/broken.docx'));
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs'] })), ['docs/a.docx']);
  });
});

describe('buildPlan: refusals', () => {
  it('refuses a pattern that leaves the workspace, naming it', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    fs.writeFileSync(path.join(outsideOf(workspace), 'secret.docx'), 'x');
    for (const pattern of [
      '../outside/*.docx',
      'docs/../../outside',
      path.join(outsideOf(workspace), 'secret.docx'),
    ]) {
      const error = await planError(settingsFor(workspace, { patterns: ['docs', pattern] }));
      assert.equal(error.problems.length, 1);
      assert.ok(
        error.message.includes(`Input "path" has the pattern ${JSON.stringify(pattern)}`),
        error.message,
      );
      assert.match(error.message, /outside the workspace/);
    }
  });

  it('accepts an exclude line outside the workspace: it excludes nothing', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs', '!../outside'] })), [
      'docs/a.docx',
    ]);
  });

  it('refuses a symbolic link to a file outside the workspace', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    const secret = path.join(outsideOf(workspace), 'secret.docx');
    fs.writeFileSync(secret, 'x');
    fs.symlinkSync(secret, path.join(workspace, 'docs/link.docx'));
    const error = await planError(settingsFor(workspace, { patterns: ['docs'] }));
    assert.equal(
      error.message,
      `"docs/link.docx" matched by input "path" leads to ${JSON.stringify(secret)}, outside the workspace. ` +
        'Only files inside the workspace can be converted; exclude it with a "!" line.',
    );
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['docs', '!docs/link.docx'] })), [
      'docs/a.docx',
    ]);
  });

  it('refuses files reached through a symbolic link to a folder outside the workspace', async () => {
    const workspace = workspaceWith(['docs/a.docx']);
    fs.writeFileSync(path.join(outsideOf(workspace), 'one.docx'), 'x');
    fs.writeFileSync(path.join(outsideOf(workspace), 'two.docx'), 'x');
    fs.symlinkSync(outsideOf(workspace), path.join(workspace, 'docs/shared'));
    const error = await planError(settingsFor(workspace, { patterns: ['docs'] }));
    assert.equal(error.problems.length, 2);
    assert.match(
      error.problems[0] ?? '',
      /^"docs\/shared\/one.docx" matched by input "path" leads to .*outside/,
    );
    assert.match(error.problems[1] ?? '', /^"docs\/shared\/two.docx"/);
  });

  it('refuses sources outside base-dir', async () => {
    const workspace = workspaceWith(['docs/a.docx', 'docs2/x.docx']);
    const error = await planError(settingsFor(workspace, { patterns: ['docs', 'docs2'], baseDir: 'docs' }));
    assert.equal(error.problems.length, 1);
    assert.match(error.message, /^"docs2\/x.docx" is not below base-dir "docs"\./);
  });

  it('refuses two sources that would give the same output, naming both and the exclude that fixes it', async () => {
    const workspace = workspaceWith(['a/b.docx', 'a/b.doc', 'a/c.docx']);
    const error = await planError(settingsFor(workspace, { patterns: ['a'], formats: ['pdf', 'html'] }));
    assert.equal(error.problems.length, 1);
    assert.equal(
      error.message,
      '"a/b.doc" and "a/b.docx" would both be converted to "converted/a/b.pdf". ' +
        'Exclude one of them, e.g. add the line "!a/b.docx" to input "path".',
    );
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['a', '!a/b.docx'] })), [
      'a/b.doc',
      'a/c.docx',
    ]);
  });

  it('refuses a source whose output would collide with a converted pdf of the same name', async () => {
    const workspace = workspaceWith(['r/report.pdf', 'r/report.docx']);
    const error = await planError(settingsFor(workspace, { patterns: ['r'] }));
    assert.match(
      error.message,
      /"r\/report.docx" and "r\/report.pdf" would both be converted to "converted\/r\/report.pdf"/,
    );
  });

  it('escapes glob characters in the exclude it suggests', async () => {
    const workspace = workspaceWith(['[draft] b.docx', '[draft] b.doc']);
    const error = await planError(settingsFor(workspace, { patterns: ['.'] }));
    assert.match(error.message, /add the line "!\[\[\]draft\] b.docx"/);
    assert.deepEqual(await sourcesOf(settingsFor(workspace, { patterns: ['.', '![[]draft] b.docx'] })), [
      '[draft] b.doc',
    ]);
  });

  it('refuses to write through a folder in output-dir that links outside it', async () => {
    const workspace = workspaceWith(['docs/a/b.docx', 'docs/c.docx']);
    fs.mkdirSync(path.join(workspace, 'converted'));
    fs.symlinkSync(outsideOf(workspace), path.join(workspace, 'converted/a'));
    const error = await planError(settingsFor(workspace, { patterns: ['docs'], baseDir: 'docs' }));
    assert.equal(error.problems.length, 1);
    assert.match(
      error.message,
      /^"docs\/a\/b.docx" would be written to ".*converted\/a\/b.pdf", outside output-dir "converted"/,
    );
  });

  it('lists every problem, cutting a long message but keeping all in problems', async () => {
    const files = Array.from({ length: 25 }, (_, index) => [
      `n${String(index).padStart(2, '0')}.docx`,
      `n${String(index).padStart(2, '0')}.doc`,
    ]).flat();
    const workspace = workspaceWith(files);
    const error = await planError(settingsFor(workspace, { patterns: ['.'] }));
    assert.equal(error.problems.length, 25);
    assert.equal(error.message.split('\n').length, 21);
    assert.match(error.message, /…and 5 more\.$/);
  });
});
