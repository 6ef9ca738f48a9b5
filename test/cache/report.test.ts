/** What a user reads about cached results: the comment, the summary table and the files that get published. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConvertedFiles } from '../../src/publish/files.ts';
import { renderCommentBody } from '../../src/publish/pr-comment.ts';
import { failureReason } from '../../src/report/index.ts';
import {
  makeEnvironment,
  makeSettings,
  makeWorkspace,
  result,
  unescapeMarkdown,
} from '../publish/helpers.ts';

test('a cached result is shown with its outputs, counted apart, published, and is no failure', async () => {
  const ws = await makeWorkspace();
  const fresh = await ws.write('converted/new.pdf', 'new');
  const reused = await ws.write('converted/old.pdf', 'old');
  const results = [
    result(ws, 'docs/new.docx', 'pdf', 'converted', [fresh]),
    result(ws, 'docs/old.docx', 'pdf', 'cached', [reused]),
  ];
  const body = unescapeMarkdown(
    renderCommentBody(
      results,
      { fileLinks: new Map(), failures: [], notices: [] },
      makeEnvironment(),
      makeSettings(ws),
    ),
  );
  assert.match(body, /\*\*1 converted\*\*, 1 cached, 0 failed, 0 timed out/);
  assert.match(body, /\| docs\/old.docx \| pdf \| ♻️ cached \| converted\/old.pdf \|/);
  const { files } = await collectConvertedFiles(results, ws.workspace, ws.outputDir);
  assert.deepEqual(
    files.map((file) => file.workspacePath),
    ['converted/new.pdf', 'converted/old.pdf'],
  );
  assert.equal(failureReason(results), undefined);
});
