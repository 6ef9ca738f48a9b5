/**
 * Stand-ins for `soffice` on PATH, as shell scripts in a folder of their own: one that hangs (with a child of its
 * own, like soffice.bin under oosplash) and one that wraps the real soffice and logs each process's start and end.
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A soffice that never finishes: it records its own pid and its child's, then waits. */
export async function hangingSoffice(folder: string, pidsFile: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const script = path.join(folder, 'soffice');
  await writeFile(
    script,
    `#!/bin/sh\n# The child lets go of the output pipes, so only a kill of the whole group (not the end of the pipes) stops it.\nsleep 600 >/dev/null 2>&1 &\necho "$$ $!" >> '${pidsFile}'\nwait\n`,
  );
  await chmod(script, 0o755);
  return folder;
}

/**
 * A soffice that logs around the real one, so that a test can see from the order of the lines which LibreOffice
 * processes were alive at once and on which profile: `server <pid> <profile>` for a long-lived instance (its end is
 * not logged: it is killed), `start <pid> <profile>` and `end <pid>` around each `--convert-to` command.
 */
export async function loggingSoffice(folder: string, realSoffice: string, logFile: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const script = path.join(folder, 'soffice');
  await writeFile(
    script,
    `#!/bin/sh
profile=$(printf '%s\\n' "$@" | grep -- '-env:UserInstallation=' | head -n 1)
if ! printf '%s\\n' "$@" | grep -q -- '^--convert-to$'; then
  echo "server $$ $profile" >> '${logFile}'
  exec '${realSoffice}' "$@"
fi
echo "start $$ $profile" >> '${logFile}'
'${realSoffice}' "$@"
code=$?
echo "end $$" >> '${logFile}'
exit $code
`,
  );
  await chmod(script, 0o755);
  return folder;
}

/**
 * A soffice made of shell snippets, playing both parts the engine starts: the long-lived instance (no
 * `--convert-to`: it runs `serverBody`, then says it is ready as LibreOffice does, by the accept pipe appearing in
 * /tmp, and waits until killed) and the `--convert-to` command handed to it (`body`). In both, `$profile` is the
 * `-env:UserInstallation` URL and `$all` holds every argument; in `body`, `$outdir` and `$source` are set from the
 * arguments as LibreOffice reads them.
 */
export async function scriptedSoffice(folder: string, body: string, serverBody = ''): Promise<string> {
  await mkdir(folder, { recursive: true });
  const script = path.join(folder, 'soffice');
  await writeFile(
    script,
    `#!/bin/sh
all="$*"
profile=""
accept=""
convert=""
for argument in "$@"; do
  case "$argument" in
    -env:UserInstallation=*) profile="\${argument#-env:UserInstallation=}" ;;
    --accept=pipe,name=*) accept="\${argument#--accept=pipe,name=}"; accept="\${accept%%;*}" ;;
    --convert-to) convert=yes ;;
  esac
done
if [ -z "$convert" ]; then
${serverBody}
  : > "/tmp/OSL_PIPE_$(id -u)_$accept"
  sleep 600 >/dev/null 2>&1 &
  wait
  exit 0
fi
while [ $# -gt 1 ]; do
  if [ "$1" = "--outdir" ]; then outdir="$2"; fi
  shift
done
source="$1"
${body}
`,
  );
  await chmod(script, 0o755);
  return script;
}

/**
 * True while a process with this id runs. A killed process whose parent died stays a zombie until something reaps
 * it (a container's first process may never do so): on Linux that state counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * A soffice that wraps the real one and sabotages the LibreOffice a document is handed to: the long-lived instance
 * logs its process group to `serverLog`; a `--convert-to` of a file named `victim` first sends `signal` (KILL: a
 * crash; STOP: a hang) to the whole group of the last instance started, then goes on as the real command.
 */
export async function sabotagingSoffice(
  folder: string,
  realSoffice: string,
  serverLog: string,
  victim: string,
  signal: 'KILL' | 'STOP',
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const script = path.join(folder, 'soffice');
  await writeFile(
    script,
    `#!/bin/sh
if ! printf '%s\\n' "$@" | grep -q -- '^--convert-to$'; then
  echo "$$" >> '${serverLog}'
  exec '${realSoffice}' "$@"
fi
for argument in "$@"; do last="$argument"; done
case "$last" in
  */${victim}) kill -${signal} "-$(tail -n 1 '${serverLog}')" ;;
esac
exec '${realSoffice}' "$@"
`,
  );
  await chmod(script, 0o755);
  return folder;
}

/**
 * A `python` beside a stand-in soffice, where the engine looks for an official build's own Python: it runs the
 * system's Python (the one with `python3-uno`), logs `bridge <pid>` when it starts the engine's UNO helper, and,
 * given a victim, sends `signal` to the newest LibreOffice in `serverLog` (see sabotagingSoffice) as the request for
 * the victim passes through to the helper.
 */
export async function unoPythonBeside(
  folder: string,
  bridgeLog: string,
  sabotage?: { serverLog: string; victim: string; signal: 'KILL' | 'STOP' },
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const script = path.join(folder, 'python');
  const onVictim = sabotage
    ? `case "$line" in *'/${sabotage.victim}"'*) kill -${sabotage.signal} "-$(tail -n 1 '${sabotage.serverLog}')" ;; esac`
    : ':';
  await writeFile(
    script,
    `#!/bin/sh
if [ "$1" = "-c" ]; then exec /usr/bin/python3 "$@"; fi
echo "bridge $$" >> '${bridgeLog}'
while IFS= read -r line; do
  ${onVictim}
  printf '%s\\n' "$line"
done | /usr/bin/python3 "$@"
`,
  );
  await chmod(script, 0o755);
  return script;
}
