/** The split of a plan over a matrix: complete, disjoint, the same in every process, and balanced by bytes. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { assignShards, shardPublishing, shareOf } from '../../src/plan/shard.ts';
import type { ConversionJob, Plan, SourceDocument } from '../../src/plan/types.ts';
import type { PublishSettings } from '../../src/settings/types.ts';
import { seededRandom } from '../emulator/random.ts';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Documents of mixed sizes, 1 KiB to 4 MiB spread evenly on a log scale, some of equal size. */
function randomPlan(seed: number, count: number, formats = ['pdf']): Plan {
  const random = seededRandom(seed);
  const documents: SourceDocument[] = Array.from({ length: count }, (_, i) => {
    const sizeBytes = random() < 0.1 ? 50 * KIB : Math.round(KIB * 4096 ** random());
    const workspacePath = `docs/${Math.floor(random() * 50)}/doc-${i}-${Math.floor(random() * 1e6)}.docx`;
    return {
      absolutePath: `/ws/${workspacePath}`,
      workspacePath,
      outputSubdir: '',
      stem: `doc-${i}`,
      extension: 'docx',
      sizeBytes,
    };
  });
  const jobs: ConversionJob[] = documents.flatMap((source, documentIndex) =>
    formats.map((format) => ({
      id: `${documentIndex}-${format}`,
      documentIndex,
      source,
      format,
      outputDirectory: '/ws/converted',
      expectedOutput: `converted/doc-${documentIndex}.${format}`,
    })),
  );
  return { documents, jobs };
}

const bytesOf = (plan: Plan) => plan.documents.reduce((sum, d) => sum + d.sizeBytes, 0);

describe('shareOf', () => {
  for (const [seed, count, shards] of [
    [1, 2_000, 2],
    [2, 2_000, 3],
    [3, 5_000, 4],
    [4, 5_000, 7],
    [5, 10_000, 20],
  ] as const) {
    it(`splits ${count} random documents into ${shards} shards: complete, disjoint, balanced (seed ${seed})`, () => {
      const plan = randomPlan(seed, count, ['pdf', 'html']);
      const shares = Array.from({ length: shards }, (_, i) => shareOf(plan, { index: i + 1, count: shards }));

      const seen = new Map<string, number>();
      for (const [i, share] of shares.entries()) {
        for (const job of share.jobs) {
          assert.ok(!seen.has(job.id), `${job.id} is in shards ${seen.get(job.id)} and ${i + 1}`);
          seen.set(job.id, i + 1);
        }
        const documents = new Set(share.documents);
        for (const job of share.jobs) assert.ok(documents.has(job.source), 'a job comes with its document');
      }
      assert.deepEqual([...seen.keys()].sort(), plan.jobs.map((j) => j.id).sort(), 'the union is the plan');

      const mean = bytesOf(plan) / shards;
      const largest = Math.max(...shares.map(bytesOf));
      assert.ok(largest <= mean * 1.03, `largest shard ${(largest / mean).toFixed(4)}× the mean`);
    });
  }

  /** Documents of these sizes (in MiB), named so that their path order is neither their size order nor its reverse. */
  const sized = (mebibytes: readonly number[]): Plan => {
    const documents: SourceDocument[] = mebibytes.map((size, i) => ({
      absolutePath: `/ws/docs/${(i * 7) % 10}-${i}.docx`,
      workspacePath: `docs/${(i * 7) % 10}-${i}.docx`,
      outputSubdir: '',
      stem: `${(i * 7) % 10}-${i}`,
      extension: 'docx',
      sizeBytes: size * MIB,
    }));
    const jobs: ConversionJob[] = documents.map((source, documentIndex) => ({
      id: `${documentIndex}-pdf`,
      documentIndex,
      source,
      format: 'pdf',
      outputDirectory: '/ws/converted',
      expectedOutput: `converted/${source.stem}.pdf`,
    }));
    return { documents, jobs };
  };
  const shareBytes = (plan: Plan, count: number) =>
    Array.from({ length: count }, (_, i) => bytesOf(shareOf(plan, { index: i + 1, count })) / MIB);
  /** The sizes as given, smallest first, largest first, and shuffled. */
  const orders = (sizes: readonly number[]): [string, number[]][] => {
    const random = seededRandom(21);
    return [
      ['as given', [...sizes]],
      ['smallest first', [...sizes].sort((a, b) => a - b)],
      ['largest first', [...sizes].sort((a, b) => b - a)],
      ['shuffled', [...sizes].sort(() => random() - 0.5)],
    ];
  };

  it('balances skewed sizes whatever their order: one 10 MiB document and nine of 1 MiB over two shards', () => {
    for (const [order, sizes] of orders([10, 1, 1, 1, 1, 1, 1, 1, 1, 1])) {
      const shares = shareBytes(sized(sizes), 2);
      // The best split there is: the big document alone (10 MiB, 5 % over the 9.5 MiB mean), the rest together.
      assert.deepEqual(
        [...shares].sort((a, b) => b - a),
        [10, 9],
        `${order}: shards of ${shares.join(', ')} MiB`,
      );
    }
  });

  for (const [name, sizes, count] of [
    ['two large and many small documents over three shards', [8, 8, ...Array<number>(40).fill(0.5)], 3],
    [
      'sizes doubling from 1 to 256 MiB with 100 documents of 1 MiB over four shards',
      [...Array.from({ length: 9 }, (_, i) => 2 ** i), ...Array<number>(100).fill(1)],
      4,
    ],
    ['one document half the total over two shards', [30, ...Array<number>(30).fill(1)], 2],
  ] as const) {
    it(`keeps the largest shard within 3 % of the mean (or at the largest document): ${name}`, () => {
      for (const [order, ordered] of orders(sizes)) {
        const shares = shareBytes(sized(ordered), count);
        const mean = shares.reduce((sum, bytes) => sum + bytes, 0) / count;
        const bound = Math.max(mean * 1.03, Math.max(...sizes));
        assert.ok(
          Math.max(...shares) <= bound,
          `${order}: shards of ${shares.map((s) => s.toFixed(1)).join(', ')} MiB, mean ${mean.toFixed(1)}`,
        );
      }
    });
  }

  it('gives a shard with no documents an empty share when there are more shards than documents', () => {
    const plan = randomPlan(9, 3);
    const shares = Array.from({ length: 5 }, (_, i) => shareOf(plan, { index: i + 1, count: 5 }));
    assert.deepEqual(
      shares.map((s) => s.jobs.length),
      [1, 1, 1, 0, 0],
    );
  });

  it('spreads documents of zero bytes by count', () => {
    const documents = Array.from({ length: 8 }, (_, i) => ({ sizeBytes: 0, workspacePath: `e-${i}.md` }));
    assert.deepEqual(assignShards(documents, 4).sort(), [0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('the split is the same in every process', () => {
  it('two processes given the documents in different orders assign each to the same shard', async () => {
    const plan = randomPlan(11, 3_000);
    const documents = plan.documents.map(({ sizeBytes, workspacePath }) => ({ sizeBytes, workspacePath }));
    const random = seededRandom(12);
    const shuffled = [...documents].sort(() => random() - 0.5);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shard-'));
    try {
      const script = path.join(dir, 'split.ts');
      const shardModule = path.resolve(import.meta.dirname, '../../src/plan/shard.ts');
      await writeFile(
        script,
        `import { readFileSync } from 'node:fs';
import { assignShards } from ${JSON.stringify(shardModule)};
const documents = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const shards = assignShards(documents, 6);
process.stdout.write(JSON.stringify(Object.fromEntries(documents.map((d, i) => [d.workspacePath, shards[i]]))));
`,
      );
      const inOrder = path.join(dir, 'a.json');
      const reordered = path.join(dir, 'b.json');
      await writeFile(inOrder, JSON.stringify(documents));
      await writeFile(reordered, JSON.stringify(shuffled));
      const run = promisify(execFile);
      const [a, b] = await Promise.all(
        [inOrder, reordered].map(async (file) =>
          JSON.parse((await run(process.execPath, [script, file])).stdout),
        ),
      );
      assert.equal(Object.keys(a).length, documents.length);
      assert.deepEqual(a, b);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('shardPublishing', () => {
  it('uploads the shard under its own artifact name and leaves the rest to the publishing job, saying so', () => {
    const publish: PublishSettings = {
      targets: new Set(['artifact', 'commit']),
      artifactName: 'docs',
      artifactPerFile: true,
      retentionDays: 3,
      commitBranch: undefined,
      commitMessage: 'm',
      releaseTag: undefined,
      prComment: 'always',
      githubToken: 't',
    };
    const { publish: shard, notice } = shardPublishing(publish, { index: 2, count: 4 });
    assert.deepEqual([...shard.targets], ['artifact']);
    assert.equal(shard.artifactName, 'docs-shard-2-of-4');
    assert.equal(shard.artifactPerFile, false);
    assert.equal(shard.prComment, 'never');
    assert.equal(shard.retentionDays, 3);
    assert.equal(
      notice,
      "shard 2/4: commit, pr-comment are left to the publish-only job, which publishes every shard's results once",
    );
  });
});
