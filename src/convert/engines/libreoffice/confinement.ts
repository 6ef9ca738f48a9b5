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
  /** The user id LibreOffice sees (0 inside a user namespace): it names LibreOffice's pipes in /tmp. */
  pipeUid: number;
  /** The command and arguments that run `command args` confined. */
  wrap(command: string, args: readonly string[]): { command: string; args: string[] };
}

/** `ulimit -v` takes KiB; exec keeps the process id, so the process group is still the one the engine kills. */
function memoryLimited(command: string, args: readonly string[], limitBytes: number): string[] {
  const kib = Math.floor(limitBytes / 1024);
  return ['-c', `ulimit -v ${kib} && exec "$0" "$@"`, command, ...args];
}

export function confinementWith(
  namespacePrefix: readonly string[] | undefined,
  pipeUid: number,
  limitBytes = MEMORY_LIMIT_BYTES,
): Confinement {
  return {
    network: namespacePrefix ? 'namespace' : 'shared',
    pipeUid,
    wrap(command, args) {
      const limited = memoryLimited(command, args, limitBytes);
      if (!namespacePrefix) return { command: '/bin/sh', args: limited };
      const [first, ...rest] = namespacePrefix;
      return { command: first as string, args: [...rest, '/bin/sh', ...limited] };
    },
  };
}

/**
 * The strongest confinement this runner allows: an unprivileged user namespace with its own network (most Linux
 * runners), else, as root, a network namespace alone; else none (the caller refuses what would reach out).
 */
export async function probeConfinement(env: Readonly<Record<string, string>>): Promise<Confinement> {
  const euid = process.geteuid?.() ?? -1;
  const candidates: { prefix: string[]; uid: number }[] = [
    { prefix: ['unshare', '--net', '--map-root-user', '--'], uid: 0 },
  ];
  if (euid === 0) candidates.push({ prefix: ['unshare', '--net', '--'], uid: 0 });
  for (const candidate of candidates) {
    if (await succeeds(candidate.prefix, env)) return confinementWith(candidate.prefix, candidate.uid);
  }
  return confinementWith(undefined, euid);
}

function succeeds(prefix: readonly string[], env: Readonly<Record<string, string>>): Promise<boolean> {
  const [command, ...args] = prefix;
  return new Promise((resolve) => {
    execFile(command as string, [...args, '/bin/sh', '-c', 'exit 0'], { env, timeout: 10_000 }, (error) =>
      resolve(error === null),
    );
  });
}
