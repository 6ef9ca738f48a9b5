import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertValidPdf, pngChunks } from './file-checks.ts';
import { plannedOutputs, renderOutput } from './outputs.ts';

const sha = 'ab'.repeat(32);
const awkward = 'docs/Résumé (final) \\ 100% & <b> --> 文档.docx';
const lines = [`source: ${awkward}`, `sha256: ${sha}`];

describe('renderOutput', () => {
  it('pdf: a structurally valid one-page PDF whose page text and comments carry the lines', () => {
    const pdf = renderOutput('pdf', lines);
    assert.equal(assertValidPdf(pdf), 5);
    assert.ok(pdf.includes(`% source: ${awkward}\n`), 'verbatim UTF-8 comment');
    const text = pdf.toString('latin1');
    assert.match(text, /\(source: docs\/R\\351sum\\351 \\\(final\\\) \\\\ 100% & <b> --> \?\?\.docx\) Tj/);
    assert.ok(text.includes(`(sha256: ${sha}) Tj`));
  });

  it('png: valid chunks, the lines in a tEXt Comment as UTF-8', () => {
    const chunks = pngChunks(renderOutput('png', [...lines, 'page: 2']));
    const text = chunks.get('tEXt')?.[0];
    assert.ok(text);
    assert.equal(text.toString('utf8'), `Comment\0${lines.join('\n')}\npage: 2`);
  });

  it('html: escaped in the page; verbatim in a comment only when the comment would stay intact', () => {
    const html = renderOutput('html', lines).toString('utf8');
    assert.ok(html.includes('Résumé (final) \\ 100% &amp; &lt;b&gt; --&gt; 文档.docx'));
    assert.ok(!html.includes('<!--'), 'a path containing --> must not be put inside a comment');
    const plain = renderOutput('html', ['source: a b.docx', `sha256: ${sha}`]).toString('utf8');
    assert.ok(plain.includes(`<!--\nsource: a b.docx\nsha256: ${sha}\n-->`));
  });

  it('text formats: the lines as plain text', () => {
    assert.ok(
      renderOutput('docx', lines)
        .toString('utf8')
        .includes(`${lines.join('\n')}\n`),
    );
  });
});

describe('plannedOutputs', () => {
  it('names one output after the stem, or one per page for image targets', () => {
    assert.deepEqual(plannedOutputs('report', 'pdf', 3), [{ name: 'report.pdf' }]);
    assert.deepEqual(plannedOutputs('report', 'jpg', 2), [
      { name: 'report-page-1.jpg', page: 1 },
      { name: 'report-page-2.jpg', page: 2 },
    ]);
  });
});
