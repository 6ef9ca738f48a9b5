import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from './server.ts';

describe('emulator: ConvertSettings.fontsPath', () => {
  let emulator: Emulator;
  let api: (path: string, init?: RequestInit) => Promise<Response>;

  before(async () => {
    emulator = await startEmulator({ clientId: 'fonts-id', clientSecret: 'fonts-secret' });
    const answer = await fetch(`${emulator.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=fonts-id&client_secret=fonts-secret',
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    api = (path, init = {}) =>
      fetch(`${emulator.url}/v2.0/conversion${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    for (const key of ['docs/a.docx', 'fonts/set/Brand.ttf']) {
      const form = new FormData();
      form.append('File', new Blob(['bytes']), key.split('/').pop());
      assert.equal((await api(`/storage/file/${key}`, { method: 'PUT', body: form })).status, 200);
    }
  });
  after(() => emulator.close());

  const start = (fontsPath: string) =>
    api('/async', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filePath: 'docs/a.docx', format: 'pdf', outputPath: 'out', fontsPath }),
    });

  it('accepts a folder that is in storage and records it on the operation', async () => {
    const response = await start('fonts/set');
    assert.equal(response.status, 200);
    const id = (await response.json()) as string;
    assert.equal(emulator.stats().operations.find((o) => o.id === id)?.fontsPath, 'fonts/set');
  });

  it('answers 404 for a folder that is not in storage, like the service', async () => {
    const response = await start('fonts/missing');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /ItemNotFound/);
  });
});
