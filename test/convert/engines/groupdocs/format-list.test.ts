/** The format list is data from a server: bounded in bytes and entries, and only format names are kept. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import nock from 'nock';
import { GroupDocsClient } from '../../../../src/convert/engines/groupdocs/client.ts';
import { checkFormatPairs } from '../../../../src/convert/format-check.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const FORMATS = '/v2.0/conversion/formats';
const signal = () => new AbortController().signal;

function client(): GroupDocsClient {
  return new GroupDocsClient({ baseUrl: BASE, clientId: 'id', clientSecret: 'secret', random: () => 0.5 });
}

before(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
after(() => nock.enableNetConnect());

describe('the supported-formats list', () => {
  it('keeps format names and drops anything else an entry holds', async () => {
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('formats')));
    nock(BASE)
      .get(FORMATS)
      .reply(200, [
        { sourceFormat: 'docx', targetFormats: ['pdf', '\n::error ::pwned', 'x'.repeat(5000), 7, 'html5'] },
        { sourceFormat: '\n::stop-commands::zz', targetFormats: ['pdf'] },
      ]);
    assert.deepEqual(await client().getSupportedFormats(signal()), [
      { sourceFormat: 'docx', targetFormats: ['pdf', 'html5'] },
    ]);
  });

  it('refuses a list over 1 MiB without reading the rest, and one with too many targets', async () => {
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('formats')));
    const huge = JSON.stringify([
      { sourceFormat: 'docx', targetFormats: Array.from({ length: 200_000 }, (_, i) => `t${i}`) },
    ]);
    nock(BASE).get(FORMATS).reply(200, huge);
    await assert.rejects(
      client().getSupportedFormats(signal()),
      /list formats failed: the server sent an answer larger than 1048576 bytes/,
    );

    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('formats')));
    const many = [{ sourceFormat: 'docx', targetFormats: Array.from({ length: 1001 }, (_, i) => `t${i}`) }];
    nock(BASE).get(FORMATS).reply(200, many);
    await assert.rejects(
      client().getSupportedFormats(signal()),
      /a format list with more than 1000 target formats for one source format/,
    );
  });

  it('names at most 40 of the targets when a pair is refused', () => {
    const job = { source: { extension: 'docx' }, format: 'pdf' } as ConversionJob;
    const targets = Array.from({ length: 500 }, (_, i) => `t${i}`);
    const { rejected } = checkFormatPairs([job], new Map([['docx', targets]]));
    assert.match(rejected[0]?.error ?? '', /it can convert \.docx to: t0, t1, .*, t39 and 460 more$/);
  });
});
