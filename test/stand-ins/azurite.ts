/**
 * Azurite's blob service in a child process on 127.0.0.1 (a free port it picks itself), in memory, with the
 * well-known development account. Start it once per test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';

/** Azurite's documented development account (public, not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** e.g. `http://127.0.0.1:12345/devstoreaccount1` */
  blobEndpoint: string;
  container(name: string): ContainerClient;
  /** A URL that lets its holder create and write that blob, signed with the account key (a SAS). */
  signedUploadUrl(container: string, blobName: string): string;
  download(container: string, blobName: string): Promise<Buffer>;
  stop(): Promise<void>;
}

const LISTENING = /listens on (http:\/\/127\.0\.0\.1:(\d+))/;

export async function startAzurite(): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const workDirectory = await mkdtemp(path.join(os.tmpdir(), 'azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent',
    ],
    { cwd: workDirectory, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(LISTENING);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}: ${output}`));
    });
  });
  child.removeAllListeners('exit');
  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT_NAME}`;
  const credential = new StorageSharedKeyCredential(DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY);
  const service = new BlobServiceClient(blobEndpoint, credential);

  return {
    blobEndpoint,
    container: (name) => service.getContainerClient(name),
    signedUploadUrl(container, blobName) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          blobName,
          permissions: BlobSASPermissions.parse('racw'),
          startsOn: new Date(Date.now() - 60_000),
          expiresOn: new Date(Date.now() + 3_600_000),
          protocol: SASProtocol.HttpsAndHttp,
        },
        credential,
      ).toString();
      return `${service.getContainerClient(container).getBlockBlobClient(blobName).url}?${sas}`;
    },
    async download(container, blobName) {
      return service.getContainerClient(container).getBlockBlobClient(blobName).downloadToBuffer();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(workDirectory, { recursive: true, force: true });
    },
  };
}
