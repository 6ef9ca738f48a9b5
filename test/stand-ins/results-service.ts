/**
 * A stand-in for the Actions results service's artifact API on 127.0.0.1: the Twirp JSON calls
 * @actions/artifact makes (`POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>`), handing out
 * upload URLs from a function the test gives (pointing at Azurite). Like GitHub, it keeps at most 500
 * artifacts per job (a test may lower the limit).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
/** GitHub's limit of artifacts per job. */
export const MAX_ARTIFACTS_PER_JOB = 500;

export interface ArtifactRecord {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** Where the blob went: the container and blob name given to signUploadUrl. */
  blobName: string;
  mimeType?: string;
  expiresAt?: string;
  version?: number;
  finalized: boolean;
  size?: string;
  hash?: string;
}

export interface ResultsService {
  /** Origin to put in ACTIONS_RESULTS_URL. */
  url: string;
  artifacts: ArtifactRecord[];
  /** Authorization headers seen, to check the runtime token is sent. */
  authorizations: string[];
  /** CreateArtifact refuses a job's artifact past this many; 500 unless a test lowers it. */
  maxArtifactsPerJob: number;
  close(): Promise<void>;
}

/** `blobNameFor` decides where each artifact's bytes go; `signUploadUrl` makes the writable URL for it. */
export async function startResultsService(options: {
  container: string;
  signUploadUrl: (container: string, blobName: string) => string;
}): Promise<ResultsService> {
  const artifacts: ArtifactRecord[] = [];
  const authorizations: string[] = [];
  let nextId = 1;
  let server: http.Server | undefined;
  const service: ResultsService = {
    url: '',
    artifacts,
    authorizations,
    maxArtifactsPerJob: MAX_ARTIFACTS_PER_JOB,
    async close() {
      const running = server;
      if (!running) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };

  const twirpError = (res: http.ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code, msg }));
  };
  const reply = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      authorizations.push(req.headers.authorization ?? '');
      if (req.method !== 'POST' || !req.url?.startsWith(SERVICE)) {
        twirpError(res, 404, 'bad_route', `no handler for ${req.method} ${req.url}`);
        return;
      }
      if (!req.headers.authorization?.startsWith('Bearer ')) {
        twirpError(res, 401, 'unauthenticated', 'missing bearer token');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const method = req.url.slice(SERVICE.length);
      const run = String(body.workflow_run_backend_id ?? '');
      const job = String(body.workflow_job_run_backend_id ?? '');
      const name = String(body.name ?? '');
      const inRun = (record: ArtifactRecord) => record.workflowRunBackendId === run && record.name === name;
      switch (method) {
        case 'CreateArtifact': {
          if (artifacts.some(inRun)) {
            twirpError(
              res,
              409,
              'already_exists',
              'an artifact with this name already exists on the workflow run',
            );
            return;
          }
          if (
            artifacts.filter((a) => a.workflowJobRunBackendId === job).length >= service.maxArtifactsPerJob
          ) {
            twirpError(
              res,
              412,
              'failed_precondition',
              `maximum number of artifacts per job (${service.maxArtifactsPerJob}) has been reached`,
            );
            return;
          }
          const record: ArtifactRecord = {
            id: nextId++,
            name,
            workflowRunBackendId: run,
            workflowJobRunBackendId: job,
            blobName: `${run}/${job}/${name}`,
            finalized: false,
          };
          if (typeof body.mime_type === 'string') record.mimeType = body.mime_type;
          if (typeof body.expires_at === 'string') record.expiresAt = body.expires_at;
          if (typeof body.version === 'number') record.version = body.version;
          artifacts.push(record);
          reply(res, {
            ok: true,
            signed_upload_url: options.signUploadUrl(options.container, record.blobName),
          });
          return;
        }
        case 'FinalizeArtifact': {
          const record = artifacts.find(inRun);
          if (!record) {
            twirpError(res, 404, 'not_found', 'artifact not found');
            return;
          }
          record.finalized = true;
          record.size = String(body.size ?? '');
          if (typeof body.hash === 'string') record.hash = body.hash;
          reply(res, { ok: true, artifact_id: String(record.id) });
          return;
        }
        case 'ListArtifacts':
          reply(res, {
            artifacts: artifacts
              .filter((a) => a.finalized && a.workflowRunBackendId === run)
              .map((a) => ({
                workflow_run_backend_id: a.workflowRunBackendId,
                workflow_job_run_backend_id: a.workflowJobRunBackendId,
                database_id: String(a.id),
                name: a.name,
                size: a.size ?? '0',
              })),
          });
          return;
        default:
          twirpError(res, 404, 'bad_route', `method ${method} is not implemented by this stand-in`);
      }
    });
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  return service;
}

/** An unsigned JWT carrying the `scp` claim @actions/artifact reads the backend ids from. */
export function runtimeToken(workflowRunBackendId: string, workflowJobRunBackendId: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    scp: `Actions.GenericRead:abc Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
  };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.signature`;
}
