/**
 * What every LibreOffice process runs inside: a memory limit, and a network namespace of its own (no interface but
 * loopback) where the kernel lets one be made, so a document's external image, link or style sheet cannot be
 * fetched, and nothing on the runner's network can be reached from a document.
 */
import { execFile } from 'node:child_process';

/** Address space per process: a normal conversion maps about 0.6 GB; one that swells past this is stopped. */
export const MEMORY_LIMIT_BYTES = 3 * 1024 ** 3;

export interface Confinement {
  /** 'namespace': no network at all; 'shared': the runner's network (no namespace could be made). */
  network: 'namespace' | 'shared';
  /** How the namespace is made: a user namespace or root's `unshare`, or sudo (root makes it, then drops back). */
  route: 'unshare' | 'sudo' | 'none';
  /** The user id LibreOffice sees (0 inside a user namespace): it names LibreOffice's pipes in /tmp. */
  pipeUid: number;
  /** The command and arguments that run `command args` confined, with `env` (the environment it is spawned with). */
  wrap(
    command: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
  ): { command: string; args: string[] };
}

/** `ulimit -v` takes KiB; exec keeps the process id, so the process group is still the one the engine kills. */
function memoryLimited(command: string, args: readonly string[], limitBytes: number): string[] {
  const kib = Math.floor(limitBytes / 1024);
  return ['-c', `ulimit -v ${kib} && exec "$0" "$@"`, command, ...args];
}

/** What runs a command in a network namespace: fixed, or made for the environment the command gets. */
export type NamespacePrefix = readonly string[] | ((env: Readonly<Record<string, string>>) => string[]);

export function confinementWith(
  namespacePrefix: NamespacePrefix | undefined,
  pipeUid: number,
  limitBytes = MEMORY_LIMIT_BYTES,
  route: 'unshare' | 'sudo' = 'unshare',
): Confinement {
  return {
    network: namespacePrefix ? 'namespace' : 'shared',
    route: namespacePrefix ? route : 'none',
    pipeUid,
    wrap(command, args, env) {
      const limited = memoryLimited(command, args, limitBytes);
      if (!namespacePrefix) return { command: '/bin/sh', args: limited };
      const [first, ...rest] = typeof namespacePrefix === 'function' ? namespacePrefix(env) : namespacePrefix;
      return { command: first as string, args: [...rest, '/bin/sh', ...limited] };
    },
  };
}

/** Who the engine runs as, and whether it may ask sudo (GitHub-hosted runners give the runner user sudo without a password). */
export interface ProbeContext {
  uid: number;
  gid: number;
  /** Try `sudo -n` for a network namespace. Only on GitHub-hosted runners: elsewhere a refused sudo may mail an admin. */
  sudo: boolean;
}

export function processIdentity(): { uid: number; gid: number } {
  return { uid: process.geteuid?.() ?? -1, gid: process.getegid?.() ?? -1 };
}

/**
 * Root makes the network namespace, then drops straight back to the runner's own user and groups before anything
 * else runs. sudo resets the environment, so the allowlisted one is set again with `env -i`; no-new-privs keeps a
 * LibreOffice from calling sudo itself. Without a terminal sudo keeps its command in its own process group, so the
 * engine's group kill still reaches every LibreOffice process (they run as the runner's user).
 */
export function sudoNamespacePrefix(
  uid: number,
  gid: number,
  env: Readonly<Record<string, string>>,
): string[] {
  return [
    'sudo',
    '-n',
    '--',
    'unshare',
    '--net',
    '--',
    'setpriv',
    `--reuid=${uid}`,
    `--regid=${gid}`,
    '--init-groups',
    '--no-new-privs',
    '--',
    'env',
    '-i',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
  ];
}

/**
 * The strongest confinement this runner allows: an unprivileged user namespace with its own network (most Linux
 * runners); else, as root, a network namespace alone; else, where sudo works without a password (GitHub-hosted
 * Ubuntu 24.04 restricts unprivileged user namespaces), a namespace made by root for a LibreOffice that runs as the
 * runner's user; else none (the engine then refuses documents that would reach out, see external-references/).
 */
export async function probeConfinement(
  env: Readonly<Record<string, string>>,
  context: ProbeContext = { ...processIdentity(), sudo: false },
): Promise<Confinement> {
  const candidates: { prefix: string[]; uid: number }[] = [
    { prefix: ['unshare', '--net', '--map-root-user', '--'], uid: 0 },
  ];
  if (context.uid === 0) candidates.push({ prefix: ['unshare', '--net', '--'], uid: 0 });
  for (const candidate of candidates) {
    if (await succeeds(candidate.prefix, env)) return confinementWith(candidate.prefix, candidate.uid);
  }
  if (context.uid !== 0 && context.sudo && (await succeeds(['sudo', '-n', '--'], env, 'true'))) {
    const prefixFor = (childEnv: Readonly<Record<string, string>>) =>
      sudoNamespacePrefix(context.uid, context.gid, childEnv);
    if (await succeeds(prefixFor(env), env))
      return confinementWith(prefixFor, context.uid, MEMORY_LIMIT_BYTES, 'sudo');
  }
  return confinementWith(undefined, context.uid);
}

/** Whether `prefix` runs a command: a shell that exits 0, or `command` alone. */
function succeeds(
  prefix: readonly string[],
  env: Readonly<Record<string, string>>,
  command?: string,
): Promise<boolean> {
  const [first, ...args] = prefix;
  const rest = command === undefined ? ['/bin/sh', '-c', 'exit 0'] : [command];
  return new Promise((resolve) => {
    execFile(first as string, [...args, ...rest], { env, timeout: 10_000 }, (error) =>
      resolve(error === null),
    );
  });
}
