/**
 * Keeps the heap close to what the run holds live. Imported first by the entry point, so it applies before the
 * bundle's modules allocate anything.
 *
 * A runner starts `node dist/index.js` with no flags, and V8 sizes its heap for a throughput server: under the
 * allocation rate of many requests in flight it grows the young generation to 128 MB (two semi-spaces) and lets
 * the old generation reach three to four times its live size between full collections. Converting 10,000 documents
 * then peaked at ~330 MB while the live heap was 25–30 MB. These two V8 flags are read at every collection, so
 * unlike `--max-semi-space-size` they take effect when set at run time:
 * - `--semi-space-growth-factor=1`: the young generation stays at its starting size (1 MB semi-spaces);
 * - `--heap-growing-percent=50`: the next full collection comes when the old generation is 1.5× what survived
 *   the last one.
 * Peak RSS for 10,000 documents falls to ~160 MB at the price of more collections (about a quarter more CPU when
 * the server converts in a millisecond, negligible when conversions take seconds). `npm run bench` measures it.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--semi-space-growth-factor=1');
v8.setFlagsFromString('--heap-growing-percent=50');
