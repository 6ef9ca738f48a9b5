/**
 * One plan spread over a matrix of jobs. Every job plans the same documents from the same checkout, then keeps its
 * share: documents are placed largest first onto the shard with the fewest bytes so far (then the fewest
 * documents, then the lowest number), sizes tied by path in byte order — so every process computes the same split
 * without talking to the others, each document lands in exactly one shard, and the shards carry about equal bytes.
 * A document's formats stay together, so it is uploaded once.
 */

import type { Shard } from '../settings/sharding.ts';
import type { PublishSettings, Settings } from '../settings/types.ts';
import type { Plan, SourceDocument } from './types.ts';

/** The shard (0-based) of each document, in the order given. */
export function assignShards(
  documents: readonly Pick<SourceDocument, 'sizeBytes' | 'workspacePath'>[],
  count: number,
): number[] {
  const order = documents.map((_, index) => index);
  const keys = documents.map((document) => Buffer.from(document.workspacePath, 'utf8'));
  order.sort(
    (a, b) =>
      (documents[b]?.sizeBytes ?? 0) - (documents[a]?.sizeBytes ?? 0) ||
      Buffer.compare(keys[a] as Buffer, keys[b] as Buffer),
  );
  const bytes = new Array<number>(count).fill(0);
  const documentsIn = new Array<number>(count).fill(0);
  const assigned = new Array<number>(documents.length);
  for (const index of order) {
    let lightest = 0;
    for (let shard = 1; shard < count; shard++) {
      const lighter =
        (bytes[shard] as number) - (bytes[lightest] as number) ||
        (documentsIn[shard] as number) - (documentsIn[lightest] as number);
      if (lighter < 0) lightest = shard;
    }
    assigned[index] = lightest;
    bytes[lightest] = (bytes[lightest] as number) + (documents[index]?.sizeBytes ?? 0);
    documentsIn[lightest] = (documentsIn[lightest] as number) + 1;
  }
  return assigned;
}

/** This job's share of the plan. Jobs keep their ids, so storage keys stay unique across the matrix. */
export function shareOf(plan: Plan, shard: Shard): Plan {
  const assigned = assignShards(plan.documents, shard.count);
  const mine = new Set(plan.documents.filter((_, index) => assigned[index] === shard.index - 1));
  return {
    documents: plan.documents.filter((document) => mine.has(document)),
    jobs: plan.jobs.filter((job) => mine.has(job.source)),
  };
}

/** The artifact a shard uploads its outputs and report under, e.g. `converted-documents-shard-2-of-4`. */
export function shardArtifactName(artifactName: string, shard: Shard): string {
  return `${artifactName}-shard-${shard.index}-of-${shard.count}`;
}

/**
 * What a converting shard publishes: its outputs and its report as an artifact of its own, for the publishing job
 * to download. A commit, release assets and the comment would come once per shard, so they are left to that job.
 */
export function shardPublishing(
  publish: PublishSettings,
  shard: Shard,
): { publish: PublishSettings; notice: string | undefined } {
  const leftOut: string[] = [...publish.targets].filter((target) => target !== 'artifact');
  if (publish.prComment === 'always') leftOut.push('pr-comment');
  const notice =
    leftOut.length === 0
      ? undefined
      : `shard ${shard.index}/${shard.count}: ${leftOut.join(', ')} are left to the publish-only job, which publishes every shard's results once`;
  return {
    publish: {
      ...publish,
      targets: new Set(['artifact']),
      artifactName: shardArtifactName(publish.artifactName, shard),
      artifactPerFile: false,
      prComment: 'never',
    },
    notice,
  };
}

/** The settings publishing runs with: as given, or a shard's (see shardPublishing), with its notice. */
export function publishingFor(settings: Settings): { settings: Settings; notice: string | undefined } {
  const shard = settings.sharding.shard;
  if (!shard) return { settings, notice: undefined };
  const { publish, notice } = shardPublishing(settings.publish, shard);
  return { settings: { ...settings, publish }, notice };
}
