/**
 * Runs the emulator as a process for the demo and for manual tries:
 *   node_modules/.bin/node test/emulator/cli.ts [--port 8080] [--fixed-ms 50] [--per-kb-ms 0] [--jitter-ms 0]
 *     [--capacity 8] [--token-lifetime 3600] [--seed 1] [--pages 3] [--storage-dir DIR] [--large-outputs] [--verbose]
 *     [--omit-path] [--url-form storage-prefixed|key|full] [--numeric-status] [--bare-text-ids]
 * Stops on SIGINT / SIGTERM. Never prints tokens.
 */
import { parseArgs } from 'node:util';
import { defaultClientId, defaultClientSecret, startEmulator } from './server.ts';
import type { EmulatorOptions } from './types.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'fixed-ms': { type: 'string' },
    'per-kb-ms': { type: 'string' },
    'jitter-ms': { type: 'string' },
    capacity: { type: 'string' },
    'token-lifetime': { type: 'string' },
    seed: { type: 'string' },
    pages: { type: 'string' },
    'storage-dir': { type: 'string' },
    'large-outputs': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'omit-path': { type: 'boolean', default: false },
    'url-form': { type: 'string' },
    'numeric-status': { type: 'boolean', default: false },
    'bare-text-ids': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'Usage: node test/emulator/cli.ts [--port 8080] [--fixed-ms N] [--per-kb-ms N] [--jitter-ms N] [--capacity N]\n' +
      '  [--token-lifetime SECONDS] [--seed N] [--pages N] [--storage-dir DIR] [--large-outputs] [--verbose]\n' +
      '  [--omit-path] [--url-form storage-prefixed|key|full] [--numeric-status] [--bare-text-ids]',
  );
  process.exit(0);
}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a non-negative number, got '${raw}'`);
    process.exit(2);
  }
  return value;
}

const urlForms = ['storage-prefixed', 'key', 'full'] as const;
const urlForm = values['url-form'];
if (urlForm !== undefined && !urlForms.some((form) => form === urlForm)) {
  console.error(`--url-form must be one of ${urlForms.join(', ')}, got '${urlForm}'`);
  process.exit(2);
}

const options: EmulatorOptions = {
  answers: {
    omitPath: values['omit-path'],
    url: urlForms.find((form) => form === urlForm),
    numericStatus: values['numeric-status'],
    bareTextIds: values['bare-text-ids'],
  },
  port: numberOption('port', values.port),
  conversion: {
    fixedMs: numberOption('fixed-ms', values['fixed-ms']),
    perKbMs: numberOption('per-kb-ms', values['per-kb-ms']),
    jitterMs: numberOption('jitter-ms', values['jitter-ms']),
  },
  capacity: numberOption('capacity', values.capacity),
  tokenLifetimeSeconds: numberOption('token-lifetime', values['token-lifetime']),
  seed: numberOption('seed', values.seed),
  pages: numberOption('pages', values.pages),
  storageDir: values['storage-dir'],
  largeOutputs: values['large-outputs'],
  log: values.verbose ? (line) => console.log(line) : undefined,
};

const emulator = await startEmulator(options);
console.log(`GroupDocs emulator listening on ${emulator.url}`);
console.log(`Accepted client id: ${defaultClientId} (demo secret: ${defaultClientSecret})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
