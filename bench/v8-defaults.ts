// Preloaded with `node --import` before the bundle: skips the action's heap settings (src/run/heap-tuning.ts), so
// the benchmark can show a run with V8's own sizing beside one with them.
import v8 from 'node:v8';

v8.setFlagsFromString = () => undefined;
