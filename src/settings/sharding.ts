/** The inputs that spread one plan over a matrix of jobs: `shard` (this job's share) and `publish-only`. */

import { type InputReader, quote, type Report, readBoolean } from './input-readers.ts';

/** Shards in a matrix: GitHub runs at most 256 jobs per matrix. */
export const MAX_SHARDS = 256;

/** This job's share: shard `index` of `count`, both counted from 1. */
export interface Shard {
  index: number;
  count: number;
}

export interface ShardingSettings {
  /** undefined = the whole plan in this job. */
  shard: Shard | undefined;
  /** Convert nothing; publish the outputs and the shards' reports already in output-dir. */
  publishOnly: boolean;
}

export function readSharding(input: InputReader, report: Report): ShardingSettings {
  const shard = readShard(input('shard'), report);
  const publishOnly = readBoolean('publish-only', input('publish-only'), report) ?? false;
  if (publishOnly && shard !== undefined) {
    report(
      `Input "publish-only" is "true" and input "shard" is ${quote(input('shard'))}: the publishing job takes ` +
        'no shard; set shard only on the converting jobs.',
    );
  }
  if (publishOnly && readBoolean('dry-run', input('dry-run'), () => {}) === true) {
    report('Input "publish-only" is "true" and input "dry-run" is "true": choose one.');
  }
  return { shard, publishOnly };
}

function readShard(raw: string, report: Report): Shard | undefined {
  if (raw === '') return undefined;
  const match = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(index >= 1 && index <= count && count <= MAX_SHARDS)) {
    report(`Input "shard" is ${quote(raw)}: expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, like 1/4.`);
    return undefined;
  }
  return { index, count };
}

/** `2/4`, as users write it. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
