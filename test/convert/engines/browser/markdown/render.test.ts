import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type RenderedPage,
  renderMarkdownPage,
} from '../../../../../src/convert/engines/browser/markdown/index.ts';
import { makeWorkspace, PNG_BYTES, type Workspace } from './workspace.ts';

/** The page's body: what came from the document (the head holds GitHub's stylesheet). */
function article(page: RenderedPage): string {
  const start = page.html.indexOf('<article class="markdown-body">');
  assert.notEqual(start, -1, 'the body is in <article class="markdown-body">');
  return page.html.slice(start, page.html.lastIndexOf('</article>'));
}

/** Text a reader sees: tags dropped, MathML's TeX annotation (not rendered) dropped. */
function visibleText(html: string): string {
  return html.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]*>/g, '');
}

describe('renderMarkdownPage', () => {
  let ws: Workspace;
  const render = async (markdown: string, file = 'docs/page.md'): Promise<RenderedPage> => {
    const sourcePath = await ws.write(file, markdown);
    return renderMarkdownPage({ sourcePath, workspace: ws.root, title: 'Page' });
  };
  before(async () => {
    ws = await makeWorkspace();
    await ws.write('docs/img/logo.png', PNG_BYTES);
    await ws.write(
      'docs/img/icon.svg',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    );
    await ws.write('docs/img/fake.png', 'not an image');
    await fs.symlink(path.join(ws.root, '.git', 'config'), path.join(ws.root, 'docs', 'img', 'git.png'));
  });
  after(() => ws.remove());

  it('is a complete page: doctype, title, GitHub light stylesheet inlined, body in article.markdown-body', async () => {
    const sourcePath = await ws.write('docs/title.md', '# Hello');
    const page = await renderMarkdownPage({ sourcePath, workspace: ws.root, title: 'Q3 <report> & "notes"' });
    assert.match(page.html, /^<!doctype html>/);
    assert.match(page.html, /<title>Q3 &#x3C;report> &#x26; "notes"<\/title>/);
    assert.match(page.html, /<style>[\s\S]*\.markdown-body \.pl-k[\s\S]*<\/style>/);
    assert.match(page.html, /color-scheme: light/);
    assert.match(article(page), /<h1 id="user-content-hello">Hello<\/h1>/);
    assert.deepEqual([page.warnings, page.remoteLeftOut, page.needsMermaid], [[], [], false]);
  });

  it('renders GitHub-flavoured tables, task lists, strikethrough and autolinks', async () => {
    const body = article(
      await render(
        '| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n\n- [x] done\n- [ ] todo\n\nsee www.example.com/x\n',
      ),
    );
    assert.match(body, /<table>[\s\S]*<th>a<\/th>[\s\S]*<td align="center"><del>2<\/del><\/td>/);
    assert.match(body, /<th align="center">b<\/th>/);
    assert.match(body, /<ul class="contains-task-list">/);
    assert.match(body, /<li class="task-list-item"><input type="checkbox" checked disabled> done<\/li>/);
    assert.match(body, /<li class="task-list-item"><input type="checkbox" disabled> todo<\/li>/);
    assert.match(body, /<a href="http:\/\/www.example.com\/x">www.example.com\/x<\/a>/);
  });

  it('gives headings GitHub ids and keeps in-page links and footnotes pointing at them', async () => {
    const body = article(
      await render(
        '# Intro\n\nSee [setup](#set-up-now) and a note[^n].\n\n## Set up, now!\n\n[^n]: The note.\n',
      ),
    );
    assert.match(body, /<h2 id="user-content-set-up-now">Set up, now!<\/h2>/);
    assert.match(body, /<a href="#user-content-set-up-now">setup<\/a>/);
    assert.match(body, /<a href="#user-content-fn-n" id="user-content-fnref-n"/);
    assert.match(body, /<li id="user-content-fn-n">[\s\S]*The note\.[\s\S]*<a href="#user-content-fnref-n"/);
  });

  it('turns all five alerts into GitHub alert boxes with their titles', async () => {
    const kinds = ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'];
    const body = article(await render(kinds.map((kind) => `> [!${kind}]\n> About ${kind}.\n`).join('\n')));
    for (const kind of kinds) {
      const title = kind[0] + kind.slice(1).toLowerCase();
      const box = new RegExp(
        `<div class="markdown-alert markdown-alert-${kind.toLowerCase()}"><p class="markdown-alert-title"><svg[^]*?</svg>${title}</p><p>About ${kind}.</p>`,
      );
      assert.match(body, box);
    }
    assert.doesNotMatch(body, /\[!/);
  });

  it('typesets inline, display and fenced math as MathML with no $ left', async () => {
    const body = article(
      await render('Inline $a^2 + b^2$ here.\n\n$$\n\\sum_{i=1}^n x_i\n$$\n\n```math\n\\frac{1}{2}\n```\n'),
    );
    assert.equal(body.match(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/g)?.length, 3);
    assert.equal(body.match(/<math [^>]*display="block"/g)?.length, 2);
    assert.match(body, /<msup><mi>a<\/mi><mn>2<\/mn><\/msup>/);
    assert.match(body, /<mfrac><mn>1<\/mn><mn>2<\/mn><\/mfrac>/);
    assert.doesNotMatch(visibleText(body), /\$|\\sum|\\frac/);
  });

  it('turns a mermaid block into pre.mermaid holding its source escaped, and says the page needs mermaid', async () => {
    const page = await render('```mermaid\ngraph TD\n  A["<img src=x onerror=alert(1)>"] --> B\n```\n');
    const body = article(page);
    assert.match(
      body,
      /<pre class="mermaid">graph TD\n {2}A\["&#x3C;img src=x onerror=alert\(1\)>"\] --> B\n<\/pre>/,
    );
    assert.doesNotMatch(body, /<code|<img/);
    assert.equal(page.needsMermaid, true);
  });

  it('highlights code whose language is named, with GitHub pl-* classes, and leaves other code plain', async () => {
    const body = article(
      await render('```python\ndef f():\n    return "x"  # done\n```\n\n```\nplain = 1\n```\n'),
    );
    assert.match(body, /<span class="pl-k">def<\/span> <span class="pl-en">f<\/span>/);
    assert.match(body, /<span class="pl-s">"x"<\/span>/);
    assert.match(body, /<span class="pl-c"># done<\/span>/);
    assert.match(body, /<pre><code>plain = 1\n<\/code><\/pre>/);
  });

  it('inlines a relative image as a data: URL of its bytes', async () => {
    const page = await render('![Logo](img/logo.png) ![Icon](./img/icon.svg)');
    const body = article(page);
    assert.match(
      body,
      new RegExp(`<img src="data:image/png;base64,${PNG_BYTES.toString('base64')}" alt="Logo">`),
    );
    assert.match(body, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Icon">/);
    assert.deepEqual(page.warnings, []);
  });

  it('warns about a missing image, naming it, and shows its alt text', async () => {
    const page = await render('Before ![Missing chart](img/chart.png) after.');
    assert.deepEqual(page.warnings, ['Image img/chart.png was left out (not found); its alt text is shown.']);
    assert.match(article(page), /<p>Before Missing chart after\.<\/p>/);
  });

  it('embeds nothing for ../../../etc/passwd, a symlink to .git/config or a non-image, and warns for each', async () => {
    const page = await render(
      '![pw](../../../../../../../../etc/passwd) ![git](img/git.png) ![cfg](../.git/config) ![fake](img/fake.png)',
    );
    const body = article(page);
    assert.doesNotMatch(body, /<img/);
    assert.match(body, /pw git cfg fake/);
    assert.deepEqual(page.warnings, [
      'Image ../../../../../../../../etc/passwd was left out (outside the workspace); its alt text is shown.',
      'Image img/git.png was left out (a symbolic link leads into .git); its alt text is shown.',
      'Image ../.git/config was left out (inside .git); its alt text is shown.',
      'Image img/fake.png was left out (not a PNG, JPEG, GIF, WebP or SVG image); its alt text is shown.',
    ]);
    assert.doesNotMatch(page.html, /root:|bare = false/);
  });

  it('leaves remote images out, lists them once, and shows their alt text', async () => {
    const page = await render(
      '![Build](https://img.shields.io/badge.svg) ![again](https://img.shields.io/badge.svg)\n\n<img src="//cdn.example/x.png" alt="cdn">\n\n<picture><source srcset="https://example.com/dark.png"><img src="img/logo.png" alt="L"></picture>',
    );
    const body = article(page);
    assert.deepEqual(page.remoteLeftOut, [
      'https://example.com/dark.png',
      'https://img.shields.io/badge.svg',
      '//cdn.example/x.png',
    ]);
    assert.doesNotMatch(body, /shields|cdn\.example|example\.com|<source/);
    assert.match(body, /Build again/);
    assert.match(body, /<img src="data:image\/png;base64,[^"]+" alt="L">/);
  });

  it('keeps nothing of hostile HTML that could run or load: script, onerror, iframe, style url(), object', async () => {
    const hostile = [
      '<script>fetch("http://127.0.0.1:9/s")</script>',
      '<img src="img/logo.png" onerror="fetch(\'http://127.0.0.1:9/e\')" alt="x">',
      '<iframe src="http://127.0.0.1:9/i"></iframe>',
      '<div style="background:url(http://127.0.0.1:9/css)">styled</div>',
      '<style>body{background:url(http://127.0.0.1:9/sheet)}</style>',
      '<object data="http://127.0.0.1:9/o"></object><embed src="http://127.0.0.1:9/m">',
      '<link rel="stylesheet" href="http://127.0.0.1:9/l"><base href="http://127.0.0.1:9/">',
      '<video poster="http://127.0.0.1:9/p"></video><svg><image href="http://127.0.0.1:9/svg"/></svg>',
      '<a href="javascript:alert(1)">js</a> <a href="http://127.0.0.1:8080/">local server</a>',
    ].join('\n\n');
    const page = await render(hostile);
    const body = article(page);
    assert.doesNotMatch(body, /<(script|iframe|object|embed|link|base|style|video|image|svg)\b/i);
    assert.doesNotMatch(body, /\son\w+=/i);
    assert.doesNotMatch(body, /javascript:/i);
    assert.doesNotMatch(body, /style=/i);
    // The one attribute left holding an address is a link's, which printing never loads (a click in the PDF
    // would). A <style>'s text stays as text, as on GitHub.
    assert.deepEqual(body.match(/\s[\w-]+="[^"]*127\.0\.0\.1[^"]*"/g), [' href="http://127.0.0.1:8080/"']);
    assert.match(body, /\nbody\{background:url\(http:\/\/127.0.0.1:9\/sheet\)\}\n/);
    assert.match(body, /<a href="http:\/\/127.0.0.1:8080\/">local server<\/a>/);
    assert.match(body, /<div>styled<\/div>/);
    assert.doesNotMatch(page.html, /<script/i);
  });

  it('refuses a Markdown file past the size limit before reading it', async () => {
    const sourcePath = await ws.write('docs/huge.md', '');
    await fs.truncate(sourcePath, 16 * 1024 * 1024 + 1);
    await assert.rejects(
      renderMarkdownPage({ sourcePath, workspace: ws.root, title: 'x' }),
      /at most 16777216 bytes/,
    );
  });
});
