/**
 * The bundle converting real Markdown and HTML with the runner's own Chromium (engine: local). The checks read the
 * PDFs with poppler (pdftotext, pdfimages, pdfinfo, pdftohtml, pdffonts). Without a browser or poppler these tests skip with a
 * reason; under CI=true they fail instead, because .ci/run installs both.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findBrowser } from '../../src/convert/engines/browser/find-browser.ts';
import { encodePng } from '../../src/pdf/pages.ts';
import {
  type ActionRun,
  explain,
  type FileEntry,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  warningsOf,
} from './run-action.ts';

const browser = findBrowser(process.env.CHROME_PATH ?? '', process.env.PATH ?? '');
const poppler = ['pdftotext', 'pdfimages', 'pdfinfo', 'pdftohtml', 'pdffonts'].every((tool) => onPath(tool));

function onPath(name: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((folder) => folder !== '' && readdirSafe(folder).includes(name));
}

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** `false` to run; a reason to skip. Under CI the test runs anyway and fails on the missing tool. */
const skip: false | string =
  (browser !== undefined && poppler) || process.env.CI === 'true'
    ? false
    : 'needs Chromium (apt-get install chromium, or CHROME_PATH) and poppler-utils';

function assertTools(): void {
  assert.ok(browser, 'no Chrome or Chromium, and CI=true: .ci/run must install chromium');
  assert.ok(poppler, 'poppler-utils is not installed, and CI=true: .ci/run must install it');
}

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
const pageSize = (file: string) =>
  /Page size:\s+(.*)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? '';
/** Images drawn on the pages (soft masks, which only give another image its transparency, not counted). */
const imageCount = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line)).length;
/** The PDF's outline (bookmarks) as `depth:title` lines, from pdftohtml's XML. */
function outlineOf(file: string): string[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', file], { encoding: 'utf8' });
  const items: string[] = [];
  let depth = 0;
  for (const match of xml.matchAll(/<outline>|<\/outline>|<item[^>]*>([^<]*)<\/item>/g)) {
    if (match[0] === '<outline>') depth++;
    else if (match[0] === '</outline>') depth--;
    else items.push(`${depth}:${match[1]}`);
  }
  return items;
}
/** URIs of the PDF's link annotations. */
const linksOf = (file: string) =>
  [...readFileSync(file, 'latin1').matchAll(/\/URI\s*\(([^)]*)\)/g)].map((match) => match[1]);

/** The job summary without its Markdown escapes and the zero-width spaces that keep URLs from autolinking. */
const plainSummary = (run: ActionRun) => run.summary.replace(/[\\\u200b]/g, '');

function entry(run: ActionRun, source: string, format: string): FileEntry {
  const found = filesOf(run).find((e) => e.source === source && e.format === format);
  assert.ok(found, `no entry for ${source} → ${format}\n${explain(run)}`);
  return found;
}

const RED_PNG = encodePng({ width: 40, height: 30, rgba: new Uint8Array(40 * 30 * 4).fill(200) });

async function write(workspace: string, file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
  await writeFile(path.join(workspace, file), content);
}

const localInputs = (extra: Record<string, string> = {}) => ({
  engine: 'local',
  publish: 'none',
  'pr-comment': 'false',
  previews: 'false',
  cache: 'false',
  ...extra,
});

/** A server on 127.0.0.1 that counts every request it gets: a page that leaked would be seen here. */
async function countingServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('leaked');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An HTML table of `rows` rows: about 90 bytes a row, and minutes for a browser to lay out at 120,000. */
function hugeHtml(rows: number): string {
  const body = Array.from(
    { length: rows },
    (_, i) => `<tr><td>row ${i}</td><td>cell ${i} with words</td></tr>`,
  );
  return `<!doctype html><html><body><table>${body.join('')}</table></body></html>`;
}

after(() => removeTempWorkspaces());

describe('engine local: Markdown as GitHub renders it', { skip }, () => {
  let run: ActionRun;
  let workspace = '';
  const out = (file: string) => path.join(workspace, 'converted', file);

  before(async () => {
    if (process.env.CI === 'true') assertTools();
    workspace = await tempWorkspace();
    await write(workspace, 'docs/img/square.png', RED_PNG);
    await write(
      workspace,
      'docs/guide.md',
      [
        '# Guide title',
        '',
        'Read the [other page](other.md), the [section below](#math-section) or [the web](https://example.com/page).',
        '',
        '![a square](img/square.png)',
        '',
        '## Diagram section',
        '',
        '```mermaid',
        'graph TD',
        '  Alphanode --> Bravonode',
        '```',
        '',
        '## Math section',
        '',
        'Inline $E = mc^2$ and a block:',
        '',
        '$$',
        '\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}',
        '$$',
        '',
        '### Notes and tasks',
        '',
        '> [!WARNING]',
        '> Mind the gap.',
        '',
        '- [x] finished task',
        '- [ ] open task',
        '',
        '![missing picture](img/nope.png)',
        '![remote picture](https://example.com/remote.png)',
        '',
      ].join('\n'),
    );
    await write(workspace, 'docs/other.md', '# Other\n');
    run = await runAction({
      workspace,
      inputs: localInputs({ path: 'docs/guide.md', format: 'pdf, png, html', 'base-dir': 'docs' }),
    });
  });

  it('converts it to PDF, page images and HTML, with no call to any service', () => {
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(entry(run, 'docs/guide.md', 'pdf').status, 'converted');
    assert.equal(entry(run, 'docs/guide.md', 'html').status, 'converted');
    const pages = entry(run, 'docs/guide.md', 'png').outputs;
    assert.equal(pages.length, pageCount(out('guide.pdf')));
    assert.ok(pages[0]?.endsWith('guide-page-1.png'), pages.join());
    assert.equal(JSON.parse(run.outputs['api-calls'] ?? '{}').total, 0);
  });

  it('prints the text on A4 by default, with the image from a relative path embedded', () => {
    const text = pdfText(out('guide.pdf'));
    assert.match(text, /Guide title/);
    assert.match(pageSize(out('guide.pdf')), /\(A4\)/);
    assert.equal(imageCount(out('guide.pdf')), 1);
  });

  it('draws the mermaid diagram: its labels are text of the PDF, its source is not', () => {
    const text = pdfText(out('guide.pdf'));
    assert.match(text, /Alphanode/);
    assert.match(text, /Bravonode/);
    assert.doesNotMatch(text, /graph TD|-->/);
  });

  it('typesets math: no $ delimiter is left', () => {
    const text = pdfText(out('guide.pdf'));
    assert.doesNotMatch(text, /\$/);
    assert.doesNotMatch(text, /\\frac|\\sum/);
  });

  it('renders the alert and the task list', () => {
    const text = pdfText(out('guide.pdf'));
    assert.match(text, /Warning\s+Mind the gap/);
    assert.doesNotMatch(text, /\[!WARNING\]|\[x\]|\[ \]/);
    assert.match(text, /finished task/);
  });

  it('makes the headings the PDF’s outline, nested by level', () => {
    assert.deepEqual(outlineOf(out('guide.pdf')), [
      '1:Guide title',
      '2:Diagram section',
      '2:Math section',
      '3:Notes and tasks',
    ]);
  });

  it('keeps links clickable: the web link as it is, the repository file at its place on GitHub', () => {
    const links = linksOf(out('guide.pdf'));
    assert.ok(links.includes('https://example.com/page'), links.join('\n'));
    assert.ok(
      links.some((link) =>
        /\/octo\/docs\/blob\/0123456789abcdef0123456789abcdef01234567\/docs\/other\.md$/.test(link ?? ''),
      ),
      links.join('\n'),
    );
    assert.ok(!links.some((link) => link?.includes('document.invalid')), links.join('\n'));
  });

  it('warns about the missing image by name and prints its alt text', () => {
    const warnings = warningsOf(run).join('\n');
    assert.match(warnings, /docs\/guide\.md: Image img\/nope\.png was left out \(not found\)/);
    assert.match(pdfText(out('guide.pdf')), /missing picture/);
  });

  it('fetches no remote image and says in the summary which was left out', () => {
    assert.match(plainSummary(run), /guide\.md.*remote resource.*https:\/\/example\.com\/remote\.png/);
    assert.match(pdfText(out('guide.pdf')), /remote picture/);
  });

  it('saves the HTML self-contained: styles, the image and the diagram inside, no script, nothing remote', async () => {
    const html = await readFile(out('guide.html'), 'utf8');
    assert.match(html, /<style>[\s\S]*\.markdown-body/);
    assert.match(html, /<img[^>]+src="data:image\/png;base64,/);
    assert.match(html, /<svg[\s\S]*Alphanode/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /src="https?:/);
  });
});

describe('engine local: HTML printed as it is, and hostile documents', { skip }, () => {
  let run: ActionRun;
  let workspace = '';
  let server: Awaited<ReturnType<typeof countingServer>>;
  const out = (file: string) => path.join(workspace, 'converted', file);

  before(async () => {
    if (process.env.CI === 'true') assertTools();
    server = await countingServer();
    const remote = server.url;
    workspace = await tempWorkspace();
    await write(workspace, '.git/config', '[core]\n\tsecret-marker = from-git-config\n');
    await write(workspace, 'site/img/square.png', RED_PNG);
    await write(workspace, 'site/style.css', '.shout { text-transform: uppercase; }');
    await symlink(path.join(workspace, '.git/config'), path.join(workspace, 'site/img/config.png'));
    await write(
      workspace,
      'site/page.html',
      `<!doctype html><html><head><title>Page</title><link rel="stylesheet" href="style.css"></head>
<body><h1>Plain heading</h1><p class="shout">quiet words</p><img src="img/square.png" alt="square">
<script>document.body.innerHTML = 'SCRIPT RAN';</script></body></html>`,
    );
    const hostile: Record<string, string> = {
      'script.html': `<p>script page</p><script>fetch('${remote}/script'); document.title='ran'; document.body.append('SCRIPT RAN')</script>`,
      'onerror.html': `<p>onerror page</p><img src="nope.png" alt="broken" onerror="fetch('${remote}/onerror')">`,
      'iframe.html': `<p>iframe page</p><iframe src="${remote}/iframe"></iframe>`,
      'remote-image.html': `<p>remote image page</p><img src="${remote}/image.png" alt="remote alt">`,
      'css-url.html': `<style>body { background: url('${remote}/css-url.png') } @import url('${remote}/import.css');</style><p>css page</p><div style="background-image:url(${remote}/inline.png)">x</div>`,
      'link.html': `<p><a href="${remote}/link">a link to a local server</a></p><link rel="prefetch" href="${remote}/prefetch"><meta http-equiv="refresh" content="0; url=${remote}/refresh">`,
      'passwd.html': `<p>passwd page</p><img src="../../../../../../../../etc/passwd" alt="passwd alt">`,
      'git-config.html': `<p>git page</p><img src="../img/config.png" alt="config alt"><img src="../../.git/config" alt="direct alt">`,
    };
    for (const [name, html] of Object.entries(hostile)) await write(workspace, `site/hostile/${name}`, html);
    await write(
      workspace,
      'site/hostile/markdown.md',
      [
        '# Hostile Markdown',
        '',
        `<script>fetch('${remote}/md-script')</script>`,
        `<img src="x" onerror="fetch('${remote}/md-onerror')">`,
        `<iframe src="${remote}/md-iframe"></iframe>`,
        `![remote](${remote}/md-image.png)`,
        `<div style="background:url(${remote}/md-css.png)">styled</div>`,
        `[a local server](${remote}/md-link)`,
        '![passwd](../../../../../../etc/passwd)',
        '![config](../img/config.png)',
        '',
      ].join('\n\n'),
    );
    run = await runAction({
      workspace,
      inputs: localInputs({
        path: 'site/**/*.html\nsite/**/*.md',
        format: 'pdf',
        'base-dir': 'site',
        'fail-on-error': 'false',
      }),
    });
  });

  after(() => server?.close());

  it('converts every document, hostile ones included', () => {
    assert.equal(run.exitCode, 0, explain(run));
    for (const file of filesOf(run)) assert.equal(file.status, 'converted', `${file.source}: ${file.error}`);
    assert.equal(filesOf(run).length, 10, explain(run));
  });

  it('prints an HTML source with its local stylesheet and image, and runs none of its scripts', () => {
    const text = pdfText(out('page.pdf'));
    assert.match(text, /Plain heading/);
    assert.match(text, /QUIET WORDS/);
    assert.doesNotMatch(text, /SCRIPT RAN/);
    assert.equal(imageCount(out('page.pdf')), 1);
  });

  it('lets no page reach the local server: no script, handler, frame, image, CSS url(), link or refresh', () => {
    assert.deepEqual(server.requests, []);
    assert.doesNotMatch(pdfText(out('hostile/script.pdf')), /SCRIPT RAN/);
    for (const name of ['iframe', 'remote-image', 'css-url', 'link', 'markdown']) {
      assert.doesNotMatch(pdfText(out(`hostile/${name}.pdf`)), /leaked/, name);
    }
  });

  it('embeds nothing from outside the workspace or from .git, and warns naming each', () => {
    for (const name of ['passwd', 'git-config', 'markdown']) {
      assert.equal(imageCount(out(`hostile/${name}.pdf`)), 0, name);
      assert.doesNotMatch(pdfText(out(`hostile/${name}.pdf`)), /root:|secret-marker/, name);
    }
    assert.match(pdfText(out('hostile/passwd.pdf')), /passwd alt/);
    const warnings = warningsOf(run).join('\n');
    assert.match(warnings, /site\/hostile\/passwd\.html: etc\/passwd was left out \(not found\)/);
    assert.match(
      warnings,
      /site\/hostile\/git-config\.html: site\/img\/config\.png was left out \(a symbolic link leads into \.git\)/,
    );
    assert.match(warnings, /site\/hostile\/git-config\.html: \.git\/config was left out \(inside \.git\)/);
    assert.doesNotMatch(warnings, /secret-marker|root:/);
    assert.match(
      warnings,
      /site\/hostile\/markdown\.md: Image \.\.\/img\/config\.png was left out \(a symbolic link leads into \.git\)/,
    );
    assert.match(
      warnings,
      /site\/hostile\/markdown\.md: Image \.\.\/\.\.\/.*etc\/passwd was left out \(outside the workspace\)/,
    );
  });

  it('lists the remote resources left out in the summary', () => {
    assert.match(plainSummary(run), /remote-image\.html.*image\.png/);
    assert.match(plainSummary(run), /css-url\.html.*css-url\.png/);
    assert.match(plainSummary(run), /iframe\.html.*iframe/);
  });
});

describe('engine local: paper, a missing browser, the deadline and a crash', { skip }, () => {
  before(() => {
    if (process.env.CI === 'true') assertTools();
  });

  it('prints on Letter when page-size says so', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'notes.md', '# Letter paper\n\nText.\n');
    const run = await runAction({
      workspace,
      inputs: localInputs({ path: 'notes.md', format: 'pdf', 'page-size': 'Letter' }),
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(pageSize(path.join(workspace, 'converted/notes.pdf')), /612 x 792 pts \(letter\)/);
  });

  it('prints with a font found only in fonts-dir (and falls back to another without fonts-dir)', async () => {
    const bangers = path.resolve('node_modules/@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf');
    const page = '<html><body><p style="font-family: Bangers">Our brand, in our font</p></body></html>\n';
    const fontsOf = (pdf: string) => execFileSync('pdffonts', [pdf], { encoding: 'utf8' });

    const withFonts = await tempWorkspace();
    await write(withFonts, 'brand.html', page);
    await mkdir(path.join(withFonts, 'brand-fonts'));
    await copyFile(bangers, path.join(withFonts, 'brand-fonts/Bangers-Regular.ttf'));
    const run = await runAction({
      workspace: withFonts,
      inputs: localInputs({ path: 'brand.html', format: 'pdf', 'fonts-dir': 'brand-fonts' }),
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(fontsOf(path.join(withFonts, 'converted/brand.pdf')), /Bangers/);

    // The control: the same page without fonts-dir finds the font nowhere else on the runner.
    const without = await tempWorkspace();
    await write(without, 'brand.html', page);
    const plain = await runAction({
      workspace: without,
      inputs: localInputs({ path: 'brand.html', format: 'pdf' }),
    });
    assert.equal(plain.exitCode, 0, explain(plain));
    assert.doesNotMatch(fontsOf(path.join(without, 'converted/brand.pdf')), /Bangers/);
  });

  it('stops before converting anything, with one error naming what to install, when no browser is there', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'notes.md', '# Notes\n');
    await write(workspace, 'page.html', '<p>page</p>');
    const emptyBin = await mkdtemp(path.join(os.tmpdir(), 'no-browser-'));
    try {
      const run = await runAction({
        workspace,
        inputs: localInputs({ path: '.', format: 'pdf' }),
        env: { PATH: emptyBin },
      });
      assert.equal(run.exitCode, 1, explain(run));
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
      assert.equal(errors.length, 1, explain(run));
      assert.match(
        errors[0] ?? '',
        /Input "engine" is "local".*Chrome or Chromium.*apt-get install -y chromium/,
      );
      assert.doesNotMatch(errors[0] ?? '', /soffice/);
      assert.doesNotMatch(run.stdout, /✓|✗/);
      assert.equal(readdirSafe(path.join(workspace, 'converted')).length, 0);
    } finally {
      await rm(emptyBin, { recursive: true, force: true });
    }
  });

  it('stops a page still loading at the deadline: the document times out, the run ends, no browser is left', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'huge.html', hugeHtml(120_000));
    const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'browser-deadline-'));
    try {
      const run = await runAction({
        workspace,
        inputs: localInputs({ path: 'huge.html', format: 'pdf', timeout: '8s', 'fail-on-error': 'false' }),
        env: { RUNNER_TEMP: runnerTemp },
      });
      assert.equal(run.exitCode, 0, explain(run));
      const huge = entry(run, 'huge.html', 'pdf');
      assert.equal(huge.status, 'timed-out', explain(run));
      assert.match(huge.error ?? '', /timeout \(8s\) passed/);
      assert.deepEqual(processesMentioning(runnerTemp), []);
      assert.deepEqual(readdirSafe(runnerTemp), []);
    } finally {
      await rm(runnerTemp, { recursive: true, force: true });
    }
  });

  it('fails only the documents in flight when the browser crashes, and converts the rest with a new one', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'big-1.html', hugeHtml(120_000));
    await write(workspace, 'big-2.html', hugeHtml(110_000));
    await write(workspace, 'small-1.md', '# Small one\n');
    await write(workspace, 'small-2.md', '# Small two\n');
    let killed: number | undefined;
    const run = await runAction({
      workspace,
      inputs: localInputs({ path: '.', format: 'pdf', concurrency: '2', 'fail-on-error': 'false' }),
      // Once both big documents have their pages, the browser is killed, as a crash would end it.
      onOutput: (stdout) => {
        if (killed !== undefined) return;
        const opened = stdout.match(/::debug::big-\d\.html → pdf: page opened/g) ?? [];
        const pid = Number(/Started .* \(pid (\d+)\)/.exec(stdout)?.[1]);
        if (opened.length < 2 || !Number.isInteger(pid)) return;
        killed = pid;
        process.kill(pid, 'SIGKILL');
      },
    });
    assert.ok(killed, explain(run));
    assert.equal(run.exitCode, 0, explain(run));
    for (const big of ['big-1.html', 'big-2.html']) {
      assert.equal(entry(run, big, 'pdf').status, 'failed', explain(run));
      assert.match(
        entry(run, big, 'pdf').error ?? '',
        /the browser crashed while it was converting this document/,
      );
    }
    for (const small of ['small-1.md', 'small-2.md']) {
      assert.equal(entry(run, small, 'pdf').status, 'converted', explain(run));
    }
    assert.equal(run.stdout.match(/^Started .* \(pid \d+\)/gm)?.length, 2, explain(run));
  });
});

describe('engine local: one page handed from document to document, and the summary line', { skip }, () => {
  let run: ActionRun;
  let workspace = '';
  const out = (file: string) => path.join(workspace, 'converted', file);

  before(async () => {
    if (process.env.CI === 'true') assertTools();
    workspace = await tempWorkspace();
    // One page at a time, largest first: the diagram's page (scripts on for mermaid) is reused by the HTML source.
    const filler = 'Words about the diagram. '.repeat(40);
    await write(
      workspace,
      'a-diagram.md',
      `# Diagram\n\n${filler}\n\n\`\`\`mermaid\ngraph TD\n  Alpha --> Omega\n\`\`\`\n`,
    );
    await write(
      workspace,
      'b-page.html',
      `<!doctype html><html><body><p>html page</p><script>document.body.append('SCRIPT RAN', typeof mermaid)</script></body></html>`,
    );
    await write(workspace, 'c-notes.md', '# Notes\n\nPlain text.\n');
    run = await runAction({ workspace, inputs: localInputs({ path: '.', format: 'pdf', concurrency: '1' }) });
  });

  it('hands a page on to the next document with nothing of the last one: no diagram, no script setting', () => {
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(run.stdout, /a-diagram\.md → pdf: page opened/, explain(run));
    assert.match(run.stdout, /b-page\.html → pdf: page reused/, explain(run));
    assert.match(run.stdout, /c-notes\.md → pdf: page reused/, explain(run));
    assert.match(pdfText(out('a-diagram.pdf')), /Alpha/);
    const page = pdfText(out('b-page.pdf'));
    assert.match(page, /html page/);
    assert.doesNotMatch(page, /SCRIPT RAN|Alpha|Omega|Diagram/);
    const notes = pdfText(out('c-notes.pdf'));
    assert.match(notes, /Plain text/);
    assert.doesNotMatch(notes, /html page|Alpha|Diagram/);
  });

  it('says in the job summary how many documents the browser converted, in what time, and its starts', () => {
    assert.match(
      plainSummary(run),
      /Browser: 3 documents in \d+\.\d s; 1 Browser process started in \d+\.\d s/,
      explain(run),
    );
  });
});

describe('engine local: a Markdown page written over the last one, with nothing of it left', { skip }, () => {
  let run: ActionRun;
  let workspace = '';
  const out = (file: string) => path.join(workspace, 'converted', file);
  /** How the document came into its page, from the engine's debug line. */
  const howLoaded = (file: string) =>
    new RegExp(`::debug::${file.replace('.', '\\.')} → pdf: (navigated|written over)`).exec(run.stdout)?.[1];

  before(async () => {
    if (process.env.CI === 'true') assertTools();
    workspace = await tempWorkspace();
    await write(workspace, 'img/square.png', RED_PNG);
    // One page at a time, largest first: the padding sets the order.
    const pad = (bytes: number) => `\n\n<!-- ${'p'.repeat(bytes)} -->\n`;
    await write(
      workspace,
      'sub/a-first.md',
      `# Alpha heading\n\nSee [the next file](next.md) and [the top](#alpha-heading).${pad(5000)}`,
    );
    await write(
      workspace,
      'b-second.md',
      `# Bravo heading\n\nSee [the next file](next.md) and [the top](#bravo-heading).${pad(4000)}`,
    );
    // An HTML source may leave things in its window (here a policy that blocks images): the page is navigated after it.
    await write(
      workspace,
      'c-third.html',
      `<!doctype html><html><head><title>Third</title><meta http-equiv="Content-Security-Policy" content="img-src 'none'"><style>p { color: red }</style></head><body><p>html words</p></body></html>${pad(3000)}`,
    );
    await write(workspace, 'd-fourth.md', `# Delta heading\n\n![a square](img/square.png)${pad(2000)}`);
    await write(workspace, 'e-fifth.md', `# Echo heading\n\n![a square](img/square.png)${pad(1000)}`);
    run = await runAction({
      workspace,
      inputs: localInputs({ path: '**/*.md\n**/*.html', format: 'pdf', concurrency: '1' }),
    });
  });

  it('writes a Markdown page over the last one only when every page before it in that window was Markdown', () => {
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(howLoaded('sub/a-first.md'), 'navigated', explain(run));
    assert.equal(howLoaded('b-second.md'), 'written over', explain(run));
    assert.equal(howLoaded('c-third.html'), 'navigated', explain(run));
    assert.equal(howLoaded('d-fourth.md'), 'navigated', explain(run));
    assert.equal(howLoaded('e-fifth.md'), 'written over', explain(run));
  });

  it('prints a written-over page as its own: text, title, outline, links from its own folder', () => {
    const text = pdfText(out('b-second.pdf'));
    assert.match(text, /Bravo heading/);
    assert.doesNotMatch(text, /Alpha/);
    assert.match(
      execFileSync('pdfinfo', [out('b-second.pdf')], { encoding: 'utf8' }),
      /Title:\s+b-second\.md/,
    );
    assert.deepEqual(outlineOf(out('b-second.pdf')), ['1:Bravo heading']);
    const links = linksOf(out('b-second.pdf'));
    // next.md from the root, not from sub/ where the page's last document was; #bravo-heading stays in the PDF.
    assert.ok(
      links.some((link) => /\/blob\/0123456789abcdef0123456789abcdef01234567\/next\.md$/.test(link ?? '')),
      links.join('\n'),
    );
    assert.ok(!links.some((link) => /sub\/next\.md|#|document\.invalid/.test(link ?? '')), links.join('\n'));
    assert.ok(linksOf(out('sub/a-first.pdf')).some((link) => /\/sub\/next\.md$/.test(link ?? '')));
  });

  it('keeps nothing of an HTML source for the pages after it: their images print', () => {
    assert.equal(imageCount(out('d-fourth.pdf')), 1);
    assert.equal(imageCount(out('e-fifth.pdf')), 1);
    assert.doesNotMatch(pdfText(out('e-fifth.pdf')), /Delta|html words/);
  });
});

/** Processes whose command line names `text` (the browser's profile lives under the run's temporary folder). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSafe('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (command.includes(text)) found.push(`${pid}: ${command.slice(0, 200)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
