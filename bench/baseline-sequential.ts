/**
 * The seed tutorial's way, as a baseline: one document at a time — upload, start, poll every second, download —
 * the way the official SDK's examples do it (whole file read into memory, fixed 1 s polling, no parallelism).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BaselineOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Absolute paths of the documents. */
  files: readonly string[];
  format: string;
  outputDir: string;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export async function convertSequentially(options: BaselineOptions): Promise<void> {
  const tokenResponse = await fetch(`${options.baseUrl}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const api = `${options.baseUrl}/v2.0/conversion`;

  for (const [index, file] of options.files.entries()) {
    const key = `baseline/${index}/${path.basename(file)}`;
    const form = new FormData();
    form.append('File', new Blob([await readFile(file)]), path.basename(file));
    await check(
      await fetch(`${api}/storage/file/${encodeKey(key)}`, { method: 'PUT', headers: auth, body: form }),
    );

    const start = await fetch(`${api}/async`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ filePath: key, format: options.format, outputPath: `baseline/out/${index}` }),
    });
    const id = (await (await check(start)).json()) as string;

    let operation: { status: string; result?: { name: string; path: string }[] };
    do {
      await sleep(1000);
      operation = (await (
        await check(await fetch(`${api}/async?id=${id}`, { headers: auth }))
      ).json()) as typeof operation;
    } while (operation.status !== 'Finished' && operation.status !== 'Failed');

    for (const result of operation.result ?? []) {
      const download = await check(
        await fetch(`${api}/storage/file/${encodeKey(result.path)}`, { headers: auth }),
      );
      await mkdir(options.outputDir, { recursive: true });
      await writeFile(
        path.join(options.outputDir, `${index}-${result.name}`),
        Buffer.from(await download.arrayBuffer()),
      );
    }
  }
}

async function check(response: Response): Promise<Response> {
  if (!response.ok) throw new Error(`HTTP ${response.status} on ${response.url}`);
  return response;
}
