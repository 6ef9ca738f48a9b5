/** POST /connect/token: OAuth2 client credentials, answered the way the real identity server does. */
import { readSmallBody, sendJson } from './http-util.ts';
import type { RouteContext } from './services.ts';

export const defaultClientId = 'emulator-client-id';
export const defaultClientSecret = 'emulator-client-secret';

export async function issueToken({ req, res, services }: RouteContext): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  const body = await readSmallBody(req, 64 * 1024);
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return sendJson(res, 400, { error: 'invalid_request' });
  }
  const form = new URLSearchParams(body);
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (clientId === null && basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decoded.slice(0, colon);
    clientSecret = decoded.slice(colon + 1);
  }
  const options = services.options();
  if (
    clientId !== (options.clientId ?? defaultClientId) ||
    clientSecret !== (options.clientSecret ?? defaultClientSecret)
  ) {
    return sendJson(res, 400, { error: 'invalid_client' });
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return sendJson(res, 400, { error: 'unsupported_grant_type' });
  }
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const token = services.tokens.issue(clientId, lifetime, (options.now ?? Date.now)());
  services.stats.addToken(token);
  sendJson(res, 200, { access_token: token, expires_in: lifetime, token_type: 'Bearer', scope: 'api' });
}
