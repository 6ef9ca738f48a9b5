// Preloaded with `node --import` into the action's process: writes the largest young generation it had (sampled
// every 10 ms and at exit) to YOUNG_GENERATION_FILE as {"start", "largest"} in bytes.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const young = () =>
  v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
const start = young();
let largest = start;
setInterval(() => {
  largest = Math.max(largest, young());
}, 10).unref();
process.on('exit', () => {
  const file = process.env.YOUNG_GENERATION_FILE;
  if (file) writeFileSync(file, JSON.stringify({ start, largest: Math.max(largest, young()) }));
});
