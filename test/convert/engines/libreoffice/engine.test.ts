import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConversionEngine } from '../../../../src/convert/engines/engine.ts';
import { LibreOfficeEngine } from '../../../../src/convert/engines/libreoffice/engine.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { isAlive, scriptedSoffice } from './fake-soffice.ts';

let root = '';

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lo-engine-'));
});
after(() => rm(root, { recursive: true, force: true }));

async function jobFor(name: string, format = 'pdf'): Promise<ConversionJob> {
  const source = path.join(root, name);
  await writeFile(source, 'a document');
  const stem = path.parse(name).name;
  return {
    id: `0-${format}`,
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

async function engineWith(body: string, documentTimeLimitMs = 30_000) {
  const temporaryRoot = await mkdtemp(path.join(root, 'temp-'));
  const soffice = await scriptedSoffice(await mkdtemp(path.join(root, 'bin-')), body);
  const engine = new LibreOfficeEngine({
    soffice,
    temporaryRoot,
    fonts: undefined,
    documentTimeLimitMs,
    env: {},
  });
  return { engine, temporaryRoot };
}

async function convert(engine: ConversionEngine, job: ConversionJob, signal = new AbortController().signal) {
  const id = await engine.submit(job, signal);
  return engine.settled?.(id, signal);
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
  });

  it('fails a document whose LibreOffice exits with an error code', async () => {
    const { engine } = await engineWith('echo "General Error." >&2\nexit 81');
    assert.deepEqual(await convert(engine, await jobFor('odd.docx')), {
      state: 'failed',
      error: 'LibreOffice ended with exit code 81: General Error.',
    });
  });

  it('stops one document at its own time limit, kills its process group, and fails only that document', async () => {
    const pids = path.join(root, 'limit-pids');
    const { engine } = await engineWith(`sleep 600 >/dev/null 2>&1 &\necho "$$ $!" > '${pids}'\nwait`, 300);
    const state = await convert(engine, await jobFor('slow.docx'));
    assert.equal(state?.state, 'failed');
    assert.match(state?.state === 'failed' ? state.error : '', /did not finish within 300ms; it was stopped/);
    const [shell, sleeper] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
    assert.equal(isAlive(shell as number), false);
    assert.equal(isAlive(sleeper as number), false);
  });

  it('rejects (so the scheduler reports timed-out) when the run’s deadline stops a conversion', async () => {
    const { engine } = await engineWith('sleep 600 >/dev/null 2>&1 &\nwait');
    const deadline = new AbortController();
    const settled = convert(engine, await jobFor('late.docx'), deadline.signal);
    setTimeout(() => deadline.abort(new Error('the timeout (1s) passed before it finished')), 200);
    await assert.rejects(settled, /the timeout \(1s\) passed/);
  });

  it('gives each conversion in flight its own profile and reuses a free one', async () => {
    const log = path.join(root, 'profiles.log');
    const { engine } = await engineWith(
      `echo "$all" | grep -o 'UserInstallation=[^ ]*' >> '${log}'\nsleep 0.3\ntouch "$outdir/x.pdf"`,
    );
    const jobs = await Promise.all(
      ['a.docx', 'b.docx', 'c.docx'].map((name, i) =>
        jobFor(name).then((job) => ({ ...job, id: `${i}-pdf` })),
      ),
    );
    const together = await Promise.all(jobs.slice(0, 2).map((job) => convert(engine, job)));
    assert.deepEqual(
      together.map((state) => state?.state),
      ['finished', 'finished'],
    );
    assert.equal((await convert(engine, jobs[2] as ConversionJob))?.state, 'finished');
    const profiles = (await readFile(log, 'utf8')).trim().split('\n');
    assert.equal(profiles.length, 3);
    assert.notEqual(profiles[0], profiles[1], 'two conversions at once never share a profile');
    assert.ok(
      profiles.slice(0, 2).includes(profiles[2] as string),
      'a later conversion reuses a free profile',
    );
    await engine.cleanup();
  });
});
