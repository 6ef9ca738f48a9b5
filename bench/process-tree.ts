/**
 * Peak resident memory of a process tree, sampled cheaply so the sampler does not take the cores it measures: one
 * pass over /proc per sample (each process's parent from its stat line, its RSS from statm), samples one after the
 * other (never overlapping), every 250 ms. The reads are synchronous: /proc answers from memory, and ~200 small
 * reads through promises took ~35 ms of CPU a sample (a tenth of a core, taken from what was measured), against
 * ~5 ms this way.
 */
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 250;
const PAGE_KB = 4;

/** Resident memory of `root` and of it with all its descendants, in KiB (0 where /proc cannot be read). */
export async function treeRssKb(root: number): Promise<{ root: number; total: number }> {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after its closing one are fixed.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
      rss.set(pid, pages * PAGE_KB);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // The process ended between two reads.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return { root: rss.get(root) ?? 0, total };
}

/** The highest tree RSS (KiB) seen while `running` lasts; `pid` may be unknown for a while (undefined). */
export async function peakTreeRssWhile(
  pid: () => number | undefined,
  running: Promise<unknown>,
): Promise<{ rootKb: number; totalKb: number; withoutRootKb: number }> {
  const peak = { rootKb: 0, totalKb: 0, withoutRootKb: 0 };
  let done = false;
  const finished = running.finally(() => {
    done = true;
  });
  finished.catch(() => {});
  while (!done) {
    const root = pid();
    if (root !== undefined) {
      const tree = await treeRssKb(root);
      peak.rootKb = Math.max(peak.rootKb, tree.root);
      peak.totalKb = Math.max(peak.totalKb, tree.total);
      peak.withoutRootKb = Math.max(peak.withoutRootKb, tree.total - tree.root);
    }
    await Promise.race([finished.catch(() => {}), new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))]);
  }
  await finished;
  return peak;
}
