import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './git-fixture.ts';

const workflowsDir = path.join(repoRoot, '.github/workflows');

async function workflowFiles(): Promise<string[]> {
  return (await readdir(workflowsDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
}

describe('the workflows of this repository', () => {
  it('run actions of other repositories only at a full commit SHA, the release named in a comment', async () => {
    const files = await workflowFiles();
    assert.ok(files.includes('release.yml') && files.includes('ci.yml') && files.includes('codeql.yml'));
    for (const file of files) {
      const text = await readFile(path.join(workflowsDir, file), 'utf8');
      for (const [line, ref] of text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+).*$/gm)) {
        if ((ref as string).startsWith('./')) continue;
        assert.match(
          line,
          /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
          `${file}: "${line.trim()}" is not pinned by commit SHA with its version in a comment`,
        );
      }
    }
  });

  it('give write access to contents only in the release job that publishes, after the checks pass', async () => {
    for (const file of await workflowFiles()) {
      const workflow = parse(await readFile(path.join(workflowsDir, file), 'utf8')) as {
        permissions?: Record<string, string>;
        jobs: Record<string, { permissions?: Record<string, string>; needs?: string | string[] }>;
      };
      assert.notEqual(workflow.permissions?.contents, 'write', `${file} grants contents: write to every job`);
      for (const [id, job] of Object.entries(workflow.jobs)) {
        if (job.permissions?.contents !== 'write') continue;
        assert.equal(`${file}:${id}`, 'release.yml:publish', `${file}:${id} may write contents`);
        assert.equal(job.needs, 'verify', 'publishing waits for the checks');
      }
    }
  });
});

describe('.github/dependabot.yml', () => {
  it('checks npm and github-actions weekly, grouping minor and patch updates into one pull request each', async () => {
    const config = parse(await readFile(path.join(repoRoot, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: {
        'package-ecosystem': string;
        directory: string;
        schedule: { interval: string };
        groups?: Record<string, { 'update-types'?: string[]; patterns?: string[] }>;
      }[];
    };
    assert.equal(config.version, 2);
    assert.deepEqual(config.updates.map((update) => update['package-ecosystem']).sort(), [
      'github-actions',
      'npm',
    ]);
    for (const update of config.updates) {
      assert.equal(update.directory, '/');
      assert.equal(update.schedule.interval, 'weekly');
      const groups = Object.values(update.groups ?? {});
      assert.equal(groups.length, 1, `${update['package-ecosystem']}: one group`);
      assert.deepEqual(groups[0]?.['update-types']?.sort(), ['minor', 'patch']);
      assert.equal(groups[0]?.patterns, undefined, 'the group takes every dependency');
    }
  });
});
