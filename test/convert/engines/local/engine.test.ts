import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ConversionEngine,
  OperationState,
  RemoteOutput,
} from '../../../../src/convert/engines/engine.ts';
import { LocalEngine } from '../../../../src/convert/engines/local/engine.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { jobOf } from '../../../job-fixture.ts';

/** An engine that says which one it is in every answer, and records what it was asked. */
class NamedEngine implements ConversionEngine {
  readonly calls: string[] = [];
  cleanedUp = false;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    return new Map();
  }
  async submit(job: ConversionJob): Promise<string> {
    this.calls.push(`submit ${job.source.extension}`);
    return `${this.name}:${job.id}`;
  }
  async check(): Promise<OperationState> {
    return { state: 'pending' };
  }
  async settled(operationId: string): Promise<OperationState> {
    this.calls.push(`settled ${operationId}`);
    return { state: 'finished', outputs: [{ name: this.name, path: operationId, size: 1 }] };
  }
  async collect(job: ConversionJob, outputs: readonly RemoteOutput[]): Promise<string[]> {
    this.calls.push(`collect ${job.source.extension}`);
    return outputs.map((output) => `${this.name}/${output.path}`);
  }
  async cleanup(): Promise<boolean> {
    this.cleanedUp = true;
    return false;
  }
  notices(): readonly string[] {
    return [`${this.name} notice`];
  }
}

function engines() {
  const made: Record<string, NamedEngine> = {};
  const local = new LocalEngine({
    browser: () => {
      made.browser = new NamedEngine('browser');
      return made.browser;
    },
    libreoffice: () => {
      made.libreoffice = new NamedEngine('libreoffice');
      return made.libreoffice;
    },
  });
  return { local, made };
}

const signal = new AbortController().signal;

async function convert(local: LocalEngine, job: ConversionJob): Promise<string[]> {
  const id = await local.submit(job, signal);
  const state = await local.settled(id, signal);
  assert.equal(state.state, 'finished');
  return local.collect(job, state.state === 'finished' ? state.outputs : [], signal);
}

describe('engine local', () => {
  it('converts Markdown and HTML with the browser and the rest with LibreOffice, each step by the same engine', async () => {
    const { local, made } = engines();
    assert.deepEqual(await convert(local, jobOf('md', 'pdf')), ['browser/browser:0-pdf']);
    assert.deepEqual(await convert(local, jobOf('docx', 'pdf')), ['libreoffice/libreoffice:0-pdf']);
    assert.deepEqual(await convert(local, jobOf('htm', 'png')), ['browser/browser:0-png']);
    assert.deepEqual(made.browser?.calls, [
      'submit md',
      'settled browser:0-pdf',
      'collect md',
      'submit htm',
      'settled browser:0-png',
      'collect htm',
    ]);
    assert.deepEqual(made.libreoffice?.calls, ['submit docx', 'settled libreoffice:0-pdf', 'collect docx']);
  });

  it('starts no browser for a run without Markdown or HTML, and no LibreOffice for one with only those', async () => {
    const { local, made } = engines();
    await convert(local, jobOf('xlsx', 'pdf'));
    assert.equal(made.browser, undefined);
    const other = engines();
    await convert(other.local, jobOf('markdown', 'html'));
    assert.equal(other.made.libreoffice, undefined);
  });

  it('cleans up and reports the notices of the engines it started', async () => {
    const { local, made } = engines();
    await convert(local, jobOf('md', 'pdf'));
    await convert(local, jobOf('odt', 'pdf'));
    assert.deepEqual(local.notices(), ['browser notice', 'libreoffice notice']);
    await local.cleanup(signal);
    assert.equal(made.browser?.cleanedUp, true);
    assert.equal(made.libreoffice?.cleanedUp, true);
  });

  it('fails a document whose program was not prepared (the plan did not need it)', async () => {
    const local = new LocalEngine({ libreoffice: () => new NamedEngine('libreoffice') });
    await assert.rejects(local.submit(jobOf('md', 'pdf'), signal), /no browser was prepared/);
  });

  it('offers the browser’s targets for Markdown and HTML and LibreOffice’s for the rest', async () => {
    const targets = await new LocalEngine({}).supportedTargets();
    assert.deepEqual(targets.get('md'), ['pdf', 'png', 'jpg', 'jpeg', 'html']);
    assert.deepEqual(targets.get('html'), ['pdf', 'png', 'jpg', 'jpeg']);
    assert.ok(targets.get('docx')?.includes('odt'));
    assert.ok(targets.get('xlsx')?.includes('csv'));
  });
});
