/** The plan judges every matched file by where it really leads: never into `.git`, into a hidden place only when named. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { readSettings } from '../../src/settings/index.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { runnerInputs } from '../e2e/run-action.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A workspace with a checkout's `.git/config` (holding a credential), the given files and symlinks. */
function workspaceWith(files: string[], links: Record<string, string>): string {
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-hidden-')));
  roots.push(workspace);
  for (const file of ['.git/config', '.git/HEAD', ...files]) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), 'extraheader = AUTHORIZATION: basic c2VjcmV0');
  }
  for (const [link, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(workspace, link)), { recursive: true });
    fs.symlinkSync(target, path.join(workspace, link));
  }
  return workspace;
}

/** Settings read from action.yml's defaults, as a runner gives them, with these inputs. */
async function planFor(workspace: string, inputs: Record<string, string>) {
  const env = await runnerInputs({ 'dry-run': 'true', format: 'pdf', ...inputs });
  const settings = readSettings(
    (name) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim(),
    readRunnerEnvironment({ GITHUB_WORKSPACE: workspace }),
  );
  const plan = await buildPlan(settings);
  return { sources: plan.documents.map((d) => d.workspacePath), skipped: plan.skipped ?? [] };
}

describe('buildPlan: where a matched path really leads', () => {
  it('skips a symlink into .git with a message, and converts the rest', async () => {
    const workspace = workspaceWith(['docs/guide.docx'], { 'docs/notes.md': '../.git/config' });
    const { sources, skipped } = await planFor(workspace, { path: 'docs' });
    assert.deepEqual(sources, ['docs/guide.docx']);
    assert.equal(skipped.length, 1);
    assert.match(
      skipped[0] ?? '',
      /^"docs\/notes\.md" matched by input "path" was skipped: it leads to "\.git\/config", inside the repository's \.git directory/,
    );
  });

  it('skips a file reached through a symlinked directory that leads into .git', async () => {
    const workspace = workspaceWith(['docs/guide.docx'], { 'docs/meta': '../.git' });
    const { sources, skipped } = await planFor(workspace, { path: 'docs/**/*' });
    assert.deepEqual(sources, ['docs/guide.docx']);
    assert.deepEqual(skipped.map((message) => /^"([^"]+)"/.exec(message)?.[1]).sort(), [
      'docs/meta/HEAD',
      'docs/meta/config',
    ]);
  });

  it('never reads .git, even when a pattern names it', async () => {
    const workspace = workspaceWith([], {});
    const { sources, skipped } = await planFor(workspace, { path: '.git/config' });
    assert.deepEqual(sources, []);
    assert.equal(skipped.length, 1);
  });

  it('skips a symlink into a hidden folder no pattern names, and follows it when one does', async () => {
    const workspace = workspaceWith(['.private/plan.md', 'docs/a.md'], {
      'docs/plan.md': '../.private/plan.md',
    });
    const unnamed = await planFor(workspace, { path: 'docs' });
    assert.deepEqual(unnamed.sources, ['docs/a.md']);
    assert.match(
      unnamed.skipped[0] ?? '',
      /leads to "\.private\/plan\.md", inside the hidden "\.private", which no pattern names/,
    );

    const named = await planFor(workspace, { path: 'docs\n.private' });
    assert.deepEqual(named.sources, ['.private/plan.md', 'docs/a.md']);
    assert.deepEqual(named.skipped, []);
  });

  it('leaves ordinary symlinks inside the workspace alone', async () => {
    const workspace = workspaceWith(['shared/logo.md'], { 'docs/logo.md': '../shared/logo.md' });
    const { sources, skipped } = await planFor(workspace, { path: 'docs' });
    assert.deepEqual(sources, ['docs/logo.md']);
    assert.deepEqual(skipped, []);
  });
});
