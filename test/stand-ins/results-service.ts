/**
 * A stand-in for the Actions results service's artifact API on 127.0.0.1: the Twirp JSON calls
 * @actions/artifact makes (`POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>`), handing out
 * upload URLs from a function the test gives (pointing at Azurite). Like GitHub, it keeps at most 500
 * artifacts per job (a test may lower the limit).
 */
import { startTwirpServer, TwirpError } from './twirp.ts';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
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
  let nextId = 1;
  const server = await startTwirpServer(SERVICE, (method, body) => {
    const run = String(body.workflow_run_backend_id ?? '');
    const job = String(body.workflow_job_run_backend_id ?? '');
    const name = String(body.name ?? '');
    const inRun = (record: ArtifactRecord) => record.workflowRunBackendId === run && record.name === name;
    switch (method) {
      case 'CreateArtifact': {
        if (artifacts.some(inRun)) {
          throw new TwirpError(
            409,
            'already_exists',
            'an artifact with this name already exists on the workflow run',
          );
        }
        if (artifacts.filter((a) => a.workflowJobRunBackendId === job).length >= service.maxArtifactsPerJob) {
          throw new TwirpError(
            412,
            'failed_precondition',
            `maximum number of artifacts per job (${service.maxArtifactsPerJob}) has been reached`,
          );
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
        return { ok: true, signed_upload_url: options.signUploadUrl(options.container, record.blobName) };
      }
      case 'FinalizeArtifact': {
        const record = artifacts.find(inRun);
        if (!record) throw new TwirpError(404, 'not_found', 'artifact not found');
        record.finalized = true;
        record.size = String(body.size ?? '');
        if (typeof body.hash === 'string') record.hash = body.hash;
        return { ok: true, artifact_id: String(record.id) };
      }
      case 'ListArtifacts':
        return {
          artifacts: artifacts
            .filter((a) => a.finalized && a.workflowRunBackendId === run)
            .map((a) => ({
              workflow_run_backend_id: a.workflowRunBackendId,
              workflow_job_run_backend_id: a.workflowJobRunBackendId,
              database_id: String(a.id),
              name: a.name,
              size: a.size ?? '0',
            })),
        };
      default:
        throw new TwirpError(404, 'bad_route', `method ${method} is not implemented by this stand-in`);
    }
  });
  const service: ResultsService = {
    url: server.url,
    artifacts,
    authorizations: server.authorizations,
    maxArtifactsPerJob: MAX_ARTIFACTS_PER_JOB,
    close: () => server.close(),
  };
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
