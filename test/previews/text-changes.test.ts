import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findSoffice } from '../../src/convert/engines/libreoffice/soffice.ts';
import { DocumentSandbox } from '../../src/pdf/sandbox.ts';
import { writeChangesFile } from '../../src/previews/changes-file.ts';
import { renderPreviewSection } from '../../src/previews/markdown.ts';
import type { PageChange } from '../../src/previews/page-diff.ts';
import { comparePdfPages, type PageText } from '../../src/previews/render.ts';
import { diffPageWords } from '../../src/previews/text-diff.ts';
import type { DocumentPreview, PreviewReport } from '../../src/previews/types.ts';
import { renderCommentBody } from '../../src/publish/pr-comment.ts';
import { pdfDocument } from '../emulator/outputs.ts';
import { makeEnvironment, makeSettings, makeWorkspace, result } from '../publish/helpers.ts';

/** Pages of prose that read and look different: 12 to 20 lines a page, of lengths that vary. */
function prose(pages: number): string[][] {
  return Array.from({ length: pages }, (_, p) =>
    Array.from(
      { length: 12 + ((p * 5) % 9) },
      (_, l) =>
        `Section ${p + 1}.${l + 1} covers topic ${(p * 7 + l) % 13} in plain words.${' More.'.repeat((p * 3 + l) % 7)}`,
    ),
  );
}

function reportOf(
  document: Partial<DocumentPreview> & Pick<DocumentPreview, 'changes' | 'texts'>,
): PreviewReport {
  return {
    documents: [{ path: 'docs/a.docx', state: 'modified', images: [], truncated: false, ...document }],
    omittedDocuments: 0,
    maxPages: 50,
  };
}

describe('text changes of real PDFs, read by PDFium in the sandbox', { timeout: 120_000 }, () => {
  let dir: string;
  const sandbox = new DocumentSandbox();
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'text-changes-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  /** Compares two versions (pages of lines, as the emulator lays them out) and renders the section. */
  async function compare(base: string[][], head: string[][]) {
    const work = path.join(dir, String(n++));
    await mkdir(work);
    await writeFile(path.join(work, 'base.pdf'), pdfDocument([], base));
    await writeFile(path.join(work, 'head.pdf'), pdfDocument([], head));
    const compared = await comparePdfPages(path.join(work, 'base.pdf'), path.join(work, 'head.pdf'), work, {
      sandbox,
      widthPx: 300,
      maxPages: 50,
      maxPagesWithImages: 10,
    });
    const section = renderPreviewSection(
      reportOf({ changes: compared.changes, texts: compared.texts }),
      65_536,
    );
    return { ...compared, section };
  }

  it('a changed word: the comment strikes the old word and bolds the new one, with context', async () => {
    const head = prose(3);
    (head[1] as string[])[4] = (head[1] as string[])[4]?.replace('plain', 'simple') as string;
    const { changes, texts, section } = await compare(prose(3), head);
    assert.deepEqual(changes, [{ kind: 'changed', base: 2, head: 2 }]);
    assert.equal(texts[0]?.kind, 'changed');
    assert.match(
      section,
      /^- \*\*Page 2\*\* · 1 word changed: … covers topic 11 in ~~plain~~ \*\*simple\*\* words\\\. Section 2\\\.6 covers …$/m,
    );
  });

  it('a moved paragraph: its words are struck where it was and bold where it went', async () => {
    const base = prose(2);
    const head = prose(2);
    const page = head[0] as string[];
    const [moved] = page.splice(2, 1);
    page.push(moved as string);
    const { changes, section } = await compare(base, head);
    assert.deepEqual(changes, [{ kind: 'changed', base: 1, head: 1 }]);
    const item = section.split('\n').find((line) => line.startsWith('- **Page 1**')) ?? '';
    assert.match(item, /^- \*\*Page 1\*\* · 10 words added, 10 removed: /);
    assert.match(item, /~~Section 1\\\.3 covers topic 2 in plain words\\\. More\\\. More\\\.~~/);
    assert.match(item, /\*\*Section 1\\\.3 covers topic 2 in plain words\\\. More\\\. More\\\.\*\*$/);
  });

  it('an inserted page and a deleted page show their first lines', async () => {
    const base = prose(4);
    const inserted = [['A NEW PAGE begins here', 'with a second line', 'a third', 'and a fourth']];
    const head = [base[0] as string[], ...inserted, base[1] as string[], base[3] as string[]];
    const { changes, section } = await compare(base, head);
    assert.deepEqual(changes, [
      { kind: 'added', head: 2 },
      { kind: 'removed', base: 3 },
    ]);
    assert.match(
      section,
      /^- \*\*Page 2\*\* · added, 4 lines: A NEW PAGE begins here \/ with a second line \/ a third \(\+1 more lines\)$/m,
    );
    assert.match(
      section,
      /^- \*\*Page 3 of the base\*\* · removed, 13 lines: Section 3\\\.1 covers topic 1 in plain words\\\.( More\\\.){6} \/ Section 3\\\.2 covers topic 2 in plain words\\\. \/ Section 3\\\.3 covers topic 3 in plain words\\\. More\\\. \(\+10 more lines\)$/m,
    );
  });

  it('hostile text stays text: no markup, mention, link, fence or workflow command, and long words are cut', async () => {
    const hostile = [
      '@everyone please look',
      '</details> <img src=x onerror=alert(1)> [click](https://evil.example/x)',
      '``` fenced',
      '::set-output name=owned::yes',
      `${'W'.repeat(5000)} #1 www.evil.example`,
    ];
    const base = prose(1);
    const head = [[...(base[0] as string[]), ...hostile]];
    const { section, changes, texts } = await compare(base, head);
    const file = await writeChangesFile(reportOf({ changes, texts }), dir, undefined);
    for (const shown of [section, await readFile(file, 'utf8')]) {
      assert.ok(!shown.includes('@everyone'), 'no mention GitHub would resolve');
      assert.ok(
        shown.includes('**\\@\u200beveryone please look'),
        'the @ is escaped and broken by an invisible space',
      );
      assert.ok(
        shown.includes('\\<\\/details\\> \\<img src\\=x onerror\\=alert\\(1\\)\\>'),
        'HTML shown as text',
      );
      assert.ok(!shown.includes('</details>') && !shown.includes('<img src=x'), 'no HTML from the document');
      assert.ok(
        shown.includes('\\[click\\]\\(https\\:\u200b\\/\\/evil\\.example\\/x\\)'),
        'a link shown as text',
      );
      assert.ok(
        !/\]\(https?:/.test(shown) && !/https?:\/\/evil|www\.evil/.test(shown),
        'no link GitHub would make',
      );
      assert.ok(
        shown.includes('\\`\\`\\` fenced \\:\\:set\\-output name\\=owned\\:\\:yes'),
        'fences and commands as text',
      );
      assert.ok(!shown.split('\n').some((line) => line.startsWith('```') || line.startsWith('::')));
      assert.ok(shown.includes('\\#\u200b1'), 'an issue reference stays plain text');
    }
    assert.ok(
      section.includes(`${'W'.repeat(39)}… \\#`),
      'a 5,000-character word is cut to 40 in the comment',
    );
    assert.ok(!section.includes('W'.repeat(40)));
  });
});

const soffice = findSoffice(process.env.PATH ?? '');

describe('text changes of PDFs made by LibreOffice', { timeout: 180_000 }, () => {
  it('a changed word and a moved paragraph, exactly', {
    // Under CI=true a missing soffice fails the test: .ci/run installs LibreOffice.
    skip:
      soffice === undefined && process.env.CI !== 'true'
        ? 'soffice is not installed (apt-get install libreoffice-writer-nogui)'
        : false,
  }, async () => {
    assert.ok(soffice, 'soffice is not installed, and CI=true: .ci/run must install it');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'text-changes-lo-'));
    const sandbox = new DocumentSandbox();
    try {
      const paragraphs = [
        'The committee met on Tuesday to review the annual budget.',
        'Travel costs rose sharply after the new office opened.',
        'Printing costs fell because most reports are now digital.',
        'The committee will meet again in the spring.',
      ];
      // The second paragraph moves after the third; one word of the last changes.
      const head = [paragraphs[0], paragraphs[2], paragraphs[1], paragraphs[3]?.replace('spring', 'autumn')];
      await writeFile(path.join(dir, 'base.txt'), `${paragraphs.join('\n\n')}\n`);
      await writeFile(path.join(dir, 'head.txt'), `${head.join('\n\n')}\n`);
      await new Promise<void>((resolve, reject) =>
        execFile(
          soffice,
          [
            `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            path.join(dir, 'base.txt'),
            path.join(dir, 'head.txt'),
          ],
          { timeout: 150_000 },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
      const compared = await comparePdfPages(path.join(dir, 'base.pdf'), path.join(dir, 'head.pdf'), dir, {
        sandbox,
        widthPx: 400,
        maxPages: 5,
        maxPagesWithImages: 1,
      });
      assert.deepEqual(compared.changes, [{ kind: 'changed', base: 1, head: 1 }]);
      const section = renderPreviewSection(
        reportOf({ changes: compared.changes, texts: compared.texts }),
        65_536,
      );
      const item = section.split('\n').find((line) => line.startsWith('- **Page 1**')) ?? '';
      assert.equal(
        item,
        '- **Page 1** · 1 word changed, 9 added, 9 removed: … review the annual budget\\. ' +
          '~~Travel costs rose sharply after the new office opened\\.~~ ' +
          'Printing costs fell because … reports are now digital\\. ' +
          '**Travel costs rose sharply after the new office opened\\.** ' +
          'The committee will meet again in the ~~spring\\.~~ **autumn\\.**',
      );
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('text changes within the limits', () => {
  /** A 500-page document whose every page changed: a few words per page, real word diffs. */
  function everyPageChanged(pages: number): { changes: PageChange[]; texts: PageText[] } {
    const changes: PageChange[] = [];
    const texts: PageText[] = [];
    for (let page = 1; page <= pages; page++) {
      changes.push({ kind: 'changed', base: page, head: page });
      const line = (word: string) =>
        Array.from(
          { length: 30 },
          (_, l) => `Line ${l} of page ${page} says ${l === 7 ? word : 'nothing'} here.`,
        ).join('\n');
      texts.push({ kind: 'changed', diff: diffPageWords(line('before'), line(`after${page}`)) });
    }
    return { changes, texts };
  }

  it("a 500-page document with every page changed stays within the comment's 65,536 characters; the file has every page", async () => {
    const ws = await makeWorkspace();
    const previews = reportOf(everyPageChanged(500));
    const body = renderCommentBody(
      [result(ws, 'docs/a.docx', 'pdf', 'converted', [])],
      {
        fileLinks: new Map(),
        failures: [],
        notices: [],
        artifactUrl: 'https://github.com/octo/docs/actions/runs/1/artifacts/9',
      },
      makeEnvironment(),
      makeSettings(ws),
      { ...previews, changesFile: path.join(ws.workspace, 'converted', 'document-changes.md') },
    );
    assert.ok(body.length <= 65_536, `${body.length} characters`);
    assert.match(
      body,
      /^- \*\*Page 1\*\* · 1 word changed: … of page 1 says ~~before~~ \*\*after1\*\* here\\\. Line 8 of …$/m,
    );
    assert.match(body, /^- …and \d+ more page\(s\): every change is in the file named above\.$/m);
    assert.match(
      body,
      /Every text and cell change: \[document\\-changes\\\.md\]\(https:\/\/github\.com\/octo\/docs\/actions\/runs\/1\/artifacts\/9\) in the run's artifact\./,
    );

    const file = await writeChangesFile(previews, path.join(ws.workspace, 'converted'), undefined);
    const text = await readFile(file, 'utf8');
    for (const page of [1, 250, 500]) {
      assert.ok(
        text.includes(
          `- **Page ${page}** · 1 word changed: … nothing here\\. Line 7 of page ${page} says ~~before~~ **after${page}** here\\. Line 8 of page ${page} says nothing …`,
        ),
        `page ${page}`,
      );
    }
    assert.equal(text.match(/^- \*\*Page \d+\*\*/gm)?.length, 500);
  });

  it('the file is written as a new file of its own: a link the repository put at its path is replaced, not followed', async () => {
    const ws = await makeWorkspace();
    const outside = path.join(ws.workspace, 'outside.txt');
    await writeFile(outside, 'keep me');
    const output = path.join(ws.workspace, 'converted');
    await mkdir(output, { recursive: true });
    await symlink(outside, path.join(output, 'document-changes.md'));
    const file = await writeChangesFile(reportOf(everyPageChanged(1)), output, undefined);
    assert.equal(await readFile(outside, 'utf8'), 'keep me');
    assert.match(await readFile(file, 'utf8'), /Page 1/);
    assert.deepEqual((await readdir(output)).sort(), ['document-changes.md']);
  });
});
