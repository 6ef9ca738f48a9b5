import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DownloadBudget } from '../../../../src/convert/download-budget.ts';
import type { ConversionEngine } from '../../../../src/convert/engines/engine.ts';
import { confinementWith } from '../../../../src/convert/engines/libreoffice/confinement.ts';
import { LibreOfficeEngine } from '../../../../src/convert/engines/libreoffice/engine.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { isAlive, scriptedSoffice } from './fake-soffice.ts';

let root = '';

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lo-engine-'));
});
after(() => rm(root, { recursive: true, force: true }));

let jobCount = 0;

async function jobFor(name: string, format = 'pdf'): Promise<ConversionJob> {
  const source = path.join(root, name);
  await writeFile(source, 'a document');
  const stem = path.parse(name).name;
  return {
    id: `${jobCount++}-${format}`,
    documentIndex: 0,
    source: {
      absolutePath: source,
      workspacePath: `docs/${name}`,
      outputSubdir: '',
      stem,
      extension: path.extname(name).slice(1),
      sizeBytes: 10,
    },
    format,
    outputDirectory: path.join(root, 'converted'),
    expectedOutput: `converted/${stem}.${format}`,
  };
}

const GIB = 1024 ** 3;

async function engineWith(
  body: string,
  options: { documentTimeLimitMs?: number; serverBody?: string; env?: Record<string, string> } = {},
) {
  const temporaryRoot = await mkdtemp(path.join(root, 'temp-'));
  const soffice = await scriptedSoffice(
    await mkdtemp(path.join(root, 'bin-')),
    body,
    options.serverBody ?? '',
  );
  const engine = new LibreOfficeEngine({
    soffice,
    temporaryRoot,
    fonts: undefined,
    documentTimeLimitMs: options.documentTimeLimitMs ?? 30_000,
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    downloads: new DownloadBudget({ maxDownloadBytes: GIB, maxTotalDownloadBytes: GIB }),
    // `env` stands in for the namespace (the tests run where user namespaces may be missing): these tests are about
    // the engine's processes, and where no namespace exists the engine would first check each stand-in document for
    // links (that is tested in confinement.test.ts, external-references/ and the end-to-end tests).
    confinement: confinementWith(['env'], process.geteuid?.() ?? 0),
  });
  return { engine, temporaryRoot };
}

async function convert(engine: ConversionEngine, job: ConversionJob, signal = new AbortController().signal) {
  const id = await engine.submit(job, signal);
  return engine.settled?.(id, signal);
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).trim().split('\n');
}

describe('LibreOfficeEngine with a stand-in soffice', () => {
  it('moves the one result to the planned name and removes its temporary folder on cleanup', async () => {
    const { engine, temporaryRoot } = await engineWith(
      'printf "%%PDF-1.4 from %s" "$source" > "$outdir/whatever.pdf"',
    );
    const job = await jobFor('report.docx');
    const state = await convert(engine, job);
    assert.equal(state?.state, 'finished');
    const written = await engine.collect(job, state?.state === 'finished' ? state.outputs : []);
    assert.deepEqual(written, [path.join(root, 'converted', 'report.pdf')]);
    assert.match(await readFile(written[0] as string, 'utf8'), /from .*report\.docx/);
    assert.equal(await engine.cleanup(), false, 'nothing was on a service');
    assert.deepEqual(await readdir(temporaryRoot), []);
  });

  it('takes the file with the target’s extension when an export writes companions beside it', async () => {
    const { engine } = await engineWith(
      'echo img > "$outdir/a_html_1.png"\necho page > "$outdir/whatever.html"',
    );
    const job = await jobFor('page.docx', 'html');
    const state = await convert(engine, job);
    assert.equal(state?.state, 'finished');
    const outputs = state?.state === 'finished' ? state.outputs : [];
    assert.deepEqual(
      outputs.map((o) => [o.name, path.basename(o.path)]),
      [['page.html', 'whatever.html']],
    );
    await engine.cleanup();
  });

  it('fails a document it could not open with LibreOffice’s reason, cleaned of noise and workflow commands', async () => {
    const { engine } = await engineWith(
      'echo "Warning: failed to launch javaldx - java may not function correctly" >&2\n' +
        'echo "::error::Error: source file could not be loaded" >&2',
    );
    const state = await convert(engine, await jobFor('broken.docx'));
    assert.deepEqual(state, {
      state: 'failed',
      error: 'LibreOffice could not convert it: : :error: :Error: source file could not be loaded',
    });
    await engine.cleanup();
  });

  it('fails a document whose LibreOffice exits with an error code', async () => {
    const { engine } = await engineWith('echo "General Error." >&2\nexit 81');
    assert.deepEqual(await convert(engine, await jobFor('odd.docx')), {
      state: 'failed',
      error: 'LibreOffice ended with exit code 81: General Error.',
    });
    await engine.cleanup();
  });

  it('starts one LibreOffice per worker and hands it every document, reporting the starts', async () => {
    const servers = path.join(root, 'one-server.log');
    const { engine } = await engineWith('touch "$outdir/x.pdf"', {
      serverBody: `echo "$$" >> '${servers}'`,
    });
    for (const name of ['a.docx', 'b.odt', 'c.xlsx', 'd.pptx', 'e.docx']) {
      assert.equal((await convert(engine, await jobFor(name)))?.state, 'finished');
    }
    assert.equal((await lines(servers)).length, 1, 'five documents, one LibreOffice');
    const report = engine.reports?.()[0];
    assert.equal(report?.engine, 'LibreOffice');
    assert.equal(report?.documents, 5);
    assert.equal(report?.processStarts, 1);
    await engine.cleanup();
  });

  it('stops a document that hangs in a session at its own time limit, kills both process groups, and converts the next on a fresh LibreOffice', async () => {
    const pids = path.join(root, 'limit-pids');
    const servers = path.join(root, 'limit-servers');
    const { engine } = await engineWith(
      `case "$source" in *slow*) sleep 600 >/dev/null 2>&1 & echo "$$ $!" > '${pids}'; wait ;; esac\ntouch "$outdir/x.pdf"`,
      { documentTimeLimitMs: 500, serverBody: `echo "$$" >> '${servers}'` },
    );
    assert.equal((await convert(engine, await jobFor('first.docx')))?.state, 'finished');
    const state = await convert(engine, await jobFor('slow.docx'));
    assert.equal(state?.state, 'failed');
    assert.match(state?.state === 'failed' ? state.error : '', /did not finish within 500ms; it was stopped/);
    const [client, sleeper] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
    assert.equal(isAlive(client as number), false, 'the --convert-to process is gone');
    assert.equal(isAlive(sleeper as number), false, 'and its child');
    const [firstServer] = (await lines(servers)).map(Number);
    assert.equal(isAlive(firstServer as number), false, 'the LibreOffice it was handed to is gone');
    assert.equal((await convert(engine, await jobFor('after.docx')))?.state, 'finished');
    assert.equal((await lines(servers)).length, 2, 'the next document ran on a fresh LibreOffice');
    await engine.cleanup();
  });

  it('fails only the document in flight when its LibreOffice crashes, and converts the rest on a fresh one', async () => {
    const servers = path.join(root, 'crash-servers');
    const { engine } = await engineWith(
      `case "$source" in *crash*) kill -KILL "$(tail -n 1 '${servers}')"; sleep 5 ;; esac\ntouch "$outdir/x.pdf"`,
      { serverBody: `echo "$$" >> '${servers}'` },
    );
    const states = [];
    for (const name of ['a.docx', 'crash.docx', 'b.docx', 'c.docx']) {
      states.push((await convert(engine, await jobFor(name)))?.state);
    }
    assert.deepEqual(states, ['finished', 'failed', 'finished', 'finished']);
    assert.equal((await lines(servers)).length, 2);
    assert.equal(engine.reports?.()[0]?.processStarts, 2);
    await engine.cleanup();
  });

  it('rejects (so the scheduler reports timed-out) when the run’s deadline stops a conversion, leaving no process', async () => {
    const servers = path.join(root, 'deadline-servers');
    const { engine } = await engineWith('sleep 600 >/dev/null 2>&1 &\nwait', {
      serverBody: `echo "$$" >> '${servers}'`,
    });
    const deadline = new AbortController();
    const settled = convert(engine, await jobFor('late.docx'), deadline.signal);
    setTimeout(() => deadline.abort(new Error('the timeout (1s) passed before it finished')), 200);
    await assert.rejects(settled, /the timeout \(1s\) passed/);
    const [server] = (await lines(servers)).map(Number);
    assert.equal(isAlive(server as number), false);
    await engine.cleanup();
  });

  it('fails the document with LibreOffice’s reason when its LibreOffice ends before it is ready', async () => {
    const { engine } = await engineWith('touch "$outdir/x.pdf"', {
      serverBody: 'echo "Fatal: the profile cannot be written" >&2\nexit 1',
    });
    assert.deepEqual(await convert(engine, await jobFor('a.docx')), {
      state: 'failed',
      error: 'LibreOffice ended with exit code 1 while converting it: Fatal: the profile cannot be written',
    });
    await engine.cleanup();
  });

  it('never lets two conversions in flight share a profile, nor two live LibreOffices', async () => {
    // Each --convert-to waits (bounded) until two are in flight, so the two always overlap: the test does not
    // depend on timing to see them side by side.
    const barrier = await mkdtemp(path.join(root, 'barrier-'));
    const log = path.join(root, 'profiles.log');
    const { engine } = await engineWith(
      `echo "convert $profile" >> '${log}'
: > '${barrier}/'$$
n=0
while [ "$(ls '${barrier}' | wc -l)" -lt 2 ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n+1)); done
echo "together $(ls '${barrier}' | wc -l)" >> '${log}'
touch "$outdir/x.pdf"`,
      { serverBody: `echo "server $profile" >> '${log}'` },
    );
    const jobs = await Promise.all(['a.docx', 'b.docx'].map((name) => jobFor(name)));
    const together = await Promise.all(jobs.map((job) => convert(engine, job)));
    assert.deepEqual(
      together.map((state) => state?.state),
      ['finished', 'finished'],
    );
    assert.equal((await convert(engine, await jobFor('c.docx')))?.state, 'finished');
    const events = await lines(log);
    const of = (kind: string) =>
      events.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));
    assert.deepEqual(of('together').slice(0, 2), ['2', '2'], 'the first two conversions overlapped');
    const [first, second, third] = of('convert');
    assert.notEqual(first, second, 'two conversions at once never share a profile');
    const servers = of('server');
    assert.equal(servers.length, 2);
    assert.notEqual(servers[0], servers[1], 'two live LibreOffices never share a profile');
    assert.ok([first, second].includes(third as string), 'a later conversion reuses a free profile');
    await engine.cleanup();
  });

  it('gives LibreOffice only an allowlisted environment: no token, no input, a home of its own', async () => {
    const environ = path.join(root, 'environ');
    const { engine, temporaryRoot } = await engineWith(`env > "${environ}.client"\ntouch "$outdir/x.pdf"`, {
      serverBody: `env > '${environ}.server'`,
      env: {
        PATH: process.env.PATH ?? '',
        LANG: 'C.UTF-8',
        GITHUB_TOKEN: 'ghs_secret',
        ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
        INPUT_CLIENT_SECRET: 'input-secret',
        HOME: '/home/runner',
      },
    });
    assert.equal((await convert(engine, await jobFor('a.docx')))?.state, 'finished');
    for (const role of ['server', 'client']) {
      const variables = Object.fromEntries(
        (await lines(`${environ}.${role}`)).map((line) => [
          line.slice(0, line.indexOf('=')),
          line.slice(line.indexOf('=') + 1),
        ]),
      );
      const names = Object.keys(variables).filter((name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name));
      assert.deepEqual(names.sort(), ['HOME', 'LANG', 'PATH', 'TMPDIR'], role);
      assert.ok(variables.HOME?.startsWith(temporaryRoot), `${role}: HOME ${variables.HOME}`);
      assert.ok(variables.TMPDIR?.startsWith(temporaryRoot), `${role}: TMPDIR ${variables.TMPDIR}`);
    }
    await engine.cleanup();
  });
});
