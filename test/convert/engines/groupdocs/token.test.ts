import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import nock from 'nock';
import {
  GroupDocsApiError,
  GroupDocsClient,
  type GroupDocsClientOptions,
} from '../../../../src/convert/engines/groupdocs/client.ts';
import { tokenRenewalTime } from '../../../../src/convert/engines/groupdocs/token.ts';
import { freshToken, jwtWith, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const SECRET = 'client-secret-value-42';
const OPERATION = { id: 'op-1', status: 'Started', result: null };

function clientWith(options: Partial<GroupDocsClientOptions> = {}): GroupDocsClient {
  return new GroupDocsClient({
    baseUrl: BASE,
    clientId: 'client-id',
    clientSecret: SECRET,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    random: () => 0.5,
    ...options,
  });
}

const signal = () => new AbortController().signal;

before(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
after(() => nock.enableNetConnect());

describe('access tokens', () => {
  it('requests client credentials as a form, announces the token and sends it as a bearer', async () => {
    const token = freshToken('a');
    let form: URLSearchParams | undefined;
    let contentType: string | null = null;
    nock(BASE)
      .post('/connect/token')
      .reply(200, async (request: Request) => {
        contentType = request.headers.get('content-type');
        form = new URLSearchParams(await request.text());
        return tokenAnswer(token);
      });
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query({ id: 'op-1' })
      .matchHeader('authorization', `Bearer ${token}`)
      .reply(200, OPERATION);

    const announced: string[] = [];

    const operation = await clientWith({ onToken: (value) => announced.push(value) }).getOperation(
      'op-1',
      signal(),
    );

    assert.equal(operation.status, 'Started');
    assert.deepEqual(announced, [token]);
    assert.equal(contentType, 'application/x-www-form-urlencoded');
    assert.equal(form?.get('grant_type'), 'client_credentials');
    assert.equal(form?.get('client_id'), 'client-id');
    assert.equal(form?.get('client_secret'), SECRET);
  });

  it('fetches one token for 20 concurrent calls and reuses it afterwards', async () => {
    const token = freshToken('shared');
    const tokenScope = nock(BASE).post('/connect/token').once().delay(20).reply(200, tokenAnswer(token));
    const api = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(21)
      .matchHeader('authorization', `Bearer ${token}`)
      .reply(200, OPERATION);
    const client = clientWith();

    await Promise.all(Array.from({ length: 20 }, () => client.getOperation('op-1', signal())));
    await client.getOperation('op-1', signal());

    assert.ok(tokenScope.isDone());
    assert.ok(api.isDone());
  });

  it('renews a token whose exp is within the renewal margin', async () => {
    const now = Math.floor(Date.now() / 1000);
    const nearlyExpired = jwtWith({ sub: 'old', iat: now - 3570, exp: now + 30 });
    const renewed = freshToken('new');
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(nearlyExpired));
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(renewed));
    const first = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .matchHeader('authorization', `Bearer ${nearlyExpired}`)
      .reply(200, OPERATION);
    const second = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .matchHeader('authorization', `Bearer ${renewed}`)
      .reply(200, OPERATION);
    const client = clientWith();

    await client.getOperation('op-1', signal());
    await client.getOperation('op-1', signal());

    assert.ok(first.isDone());
    assert.ok(second.isDone());
  });

  it('falls back to expires_in for a token that is not a JWT', async () => {
    let clock = 1_000_000;
    nock(BASE).post('/connect/token').reply(200, tokenAnswer('opaque-1', 3600));
    nock(BASE).post('/connect/token').reply(200, tokenAnswer('opaque-2', 3600));
    const seen: string[] = [];
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(3)
      .reply(200, (request: Request) => {
        seen.push(request.headers.get('authorization') ?? '');
        return OPERATION;
      });
    const client = clientWith({ now: () => clock });

    await client.getOperation('op-1', signal());
    clock += 3600_000 - 61_000; // more than the 60 s margin left: keep it
    await client.getOperation('op-1', signal());
    clock += 2_000; // inside the margin: renew
    await client.getOperation('op-1', signal());

    assert.deepEqual(seen, ['Bearer opaque-1', 'Bearer opaque-1', 'Bearer opaque-2']);
  });

  it('renews the token once after a 401 and repeats the request', async () => {
    const stale = freshToken('stale');
    const renewed = freshToken('renewed');
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(stale));
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(renewed));
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .matchHeader('authorization', `Bearer ${stale}`)
      .reply(401, { message: 'token expired' });
    const retried = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .matchHeader('authorization', `Bearer ${renewed}`)
      .reply(200, OPERATION);

    const operation = await clientWith().getOperation('op-1', signal());

    assert.equal(operation.id, 'op-1');
    assert.ok(retried.isDone());
  });

  it('fails without further attempts when the renewed token is refused too', async () => {
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('one')));
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('two')));
    const api = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(2)
      .reply(401, { message: 'Unauthorized' });

    const error = await clientWith({ retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 2 } })
      .getOperation('op-1', signal())
      .catch((e: unknown) => e);

    assert.ok(error instanceof GroupDocsApiError);
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.match(
      error.message,
      /^status failed: HTTP 401 — Unauthorized \(refused again after renewing the access token\)$/,
    );
    assert.ok(api.isDone());
  });

  it('shares one renewal between concurrent calls that all got a 401', async () => {
    const stale = freshToken('stale');
    const renewed = freshToken('renewed');
    const tokens = nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(stale))
      .post('/connect/token')
      .delay(20)
      .reply(200, tokenAnswer(renewed));
    const refused = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(5)
      .matchHeader('authorization', `Bearer ${stale}`)
      .reply(401);
    const accepted = nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(5)
      .matchHeader('authorization', `Bearer ${renewed}`)
      .reply(200, OPERATION);
    const client = clientWith();

    const results = await Promise.all(Array.from({ length: 5 }, () => client.getOperation('op-1', signal())));

    assert.equal(results.length, 5);
    assert.ok(tokens.isDone() && refused.isDone() && accepted.isDone());
  });

  it('reports rejected credentials clearly, once, without printing the secret', async () => {
    const tokenScope = nock(BASE).post('/connect/token').once().reply(400, { error: 'invalid_client' });
    const debugLines: string[] = [];

    const error = await clientWith({ debug: (line) => debugLines.push(line) })
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);

    assert.ok(error instanceof GroupDocsApiError);
    assert.equal(error.operation, 'authenticate');
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_client');
    assert.equal(error.retryable, false);
    assert.match(error.message, /rejected the client credentials/);
    assert.match(error.message, /client id and client secret/);
    assert.ok(!error.message.includes(SECRET));
    assert.ok(!error.message.includes('client-id'));
    assert.ok(debugLines.every((line) => !line.includes(SECRET)));
    assert.ok(tokenScope.isDone());
  });

  it('says a 403 with an OAuth client error means wrong credentials, and leaves other refusals as the server put them', async () => {
    nock(BASE).post('/connect/token').reply(403, { error: 'unauthorized_client' });
    const rejected = await clientWith()
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);
    assert.ok(rejected instanceof GroupDocsApiError);
    assert.match(rejected.message, /rejected the client credentials \(HTTP 403, unauthorized_client\)/);
    assert.equal(rejected.retryable, false);

    nock(BASE).post('/connect/token').reply(400, { error: 'unsupported_grant_type' });
    const other = await clientWith()
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);
    assert.ok(other instanceof GroupDocsApiError);
    assert.doesNotMatch(other.message, /rejected the client credentials/);
    assert.match(other.message, /unsupported_grant_type/);
  });

  it('says a 401 from the token endpoint means wrong credentials', async () => {
    nock(BASE).post('/connect/token').reply(401, '');
    const error = await clientWith()
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);
    assert.ok(error instanceof GroupDocsApiError);
    assert.equal(error.retryable, false);
    assert.match(
      error.message,
      /rejected the client credentials \(HTTP 401\); check the client id and client secret/,
    );
  });

  it('fails clearly, without retrying, when the token endpoint answers 200 without a token', async () => {
    for (const answer of [{}, { access_token: '' }, { access_token: 42 }, 'not json']) {
      const scope = nock(BASE).post('/connect/token').reply(200, answer);
      const error = await clientWith()
        .getSupportedFormats(signal())
        .catch((e: unknown) => e);
      assert.ok(error instanceof GroupDocsApiError, JSON.stringify(answer));
      assert.equal(error.operation, 'authenticate');
      assert.equal(error.retryable, false);
      assert.match(error.message, /the token endpoint answered without an access_token/);
      assert.ok(scope.isDone());
      assert.equal(nock.pendingMocks().length, 0);
    }
  });

  it('drops a token request every caller gave up on, so the next call asks afresh', async () => {
    const late = freshToken('late');
    const fresh = freshToken('fresh');
    nock(BASE)
      .post('/connect/token')
      .delay(1000)
      .reply(200, tokenAnswer(late))
      .post('/connect/token')
      .reply(200, tokenAnswer(fresh));
    nock(BASE).get('/v2.0/conversion/formats').matchHeader('authorization', `Bearer ${fresh}`).reply(200, []);
    const client = clientWith();
    const controller = new AbortController();
    const abandoned = client.getSupportedFormats(controller.signal);
    setTimeout(() => controller.abort(new Error('gave up')), 20);
    await assert.rejects(abandoned, /gave up/);

    assert.deepEqual(await client.getSupportedFormats(signal()), []);
  });

  it('retries a token endpoint that is briefly unavailable', async () => {
    const token = freshToken('late');
    nock(BASE)
      .post('/connect/token')
      .reply(503, 'busy')
      .post('/connect/token')
      .reply(200, tokenAnswer(token));
    nock(BASE).get('/v2.0/conversion/formats').matchHeader('authorization', `Bearer ${token}`).reply(200, []);

    assert.deepEqual(await clientWith().getSupportedFormats(signal()), []);
  });

  it('never writes the token or the secret to the debug log', async () => {
    const token = freshToken('secretive');
    nock(BASE)
      .post('/connect/token')
      .reply(503, `token service busy; got client_secret=${SECRET}`)
      .post('/connect/token')
      .reply(200, tokenAnswer(token));
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .reply(503, `echo ${token} ${SECRET}`)
      .get('/v2.0/conversion/async')
      .query(true)
      .reply(200, OPERATION);
    const lines: string[] = [];

    await clientWith({ debug: (line) => lines.push(line) }).getOperation('op-1', signal());

    assert.ok(
      lines.some((line) => /GET \/v2\.0\/conversion\/async\?id=op-1 → 200 \(attempt 3, \d+ ms\)/.test(line)),
      lines.join('\n'),
    );
    // Both echoes reached the log (redacted), so the check below is not vacuous.
    assert.ok(
      lines.some((line) => line.includes('token service busy; got client_secret=[secret]')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => line.includes('echo [token] [secret]')),
      lines.join('\n'),
    );
    for (const line of lines) {
      assert.ok(!line.includes(token) && !line.includes(SECRET), line);
    }
  });
});

describe('secrets in token endpoint errors', () => {
  it('keeps the client secret out of an error whose error_description echoes it', async () => {
    nock(BASE)
      .post('/connect/token')
      .reply(400, { error: 'invalid_request', error_description: `bad client_secret=${SECRET}` });

    const error = await clientWith()
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);

    assert.ok(error instanceof GroupDocsApiError);
    assert.equal(error.operation, 'authenticate');
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      'authenticate failed: HTTP 400 — bad client_secret=[secret] (code: invalid_request)',
    );
    assert.ok(!inspect(error, { depth: 10 }).includes(SECRET));
  });

  it("masks a secret the server cut short, and a rejected credential's echo too", async () => {
    const cut = SECRET.slice(0, 12);
    nock(BASE)
      .post('/connect/token')
      .reply(400, {
        error: 'invalid_client',
        error_description: `unknown client "client-id" with client_secret: ${cut}…`,
      });

    const error = await clientWith()
      .getSupportedFormats(signal())
      .catch((e: unknown) => e);

    assert.ok(error instanceof GroupDocsApiError);
    assert.match(error.message, /rejected the client credentials/);
    assert.equal(error.serverMessage, 'unknown client "client-id" with client_secret: [redacted]');
    assert.ok(!inspect(error, { depth: 10 }).includes(cut));
  });
});

describe('secrets in errors', () => {
  it('masks the token and the secret when a server echoes them', async () => {
    const token = freshToken('echoed');
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(token));
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .reply(400, { message: `bad header Bearer ${token} for secret ${SECRET}` });

    const error = await clientWith()
      .getOperation('op-1', signal())
      .catch((e: unknown) => e);

    assert.ok(error instanceof GroupDocsApiError);
    assert.equal(error.message, 'status failed: HTTP 400 — bad header Bearer [token] for secret [secret]');
  });
});

describe('tokenRenewalTime', () => {
  const now = 1_700_000_000_000;
  const seconds = now / 1000;

  it('renews 60 s before exp for an hour-long JWT', () => {
    const token = jwtWith({ iat: seconds, exp: seconds + 3600 });
    assert.equal(tokenRenewalTime(token, 3600, now), now + 3540_000);
  });

  it('renews at 90% of the lifetime of a short JWT', () => {
    const token = jwtWith({ iat: seconds, exp: seconds + 100 });
    assert.equal(tokenRenewalTime(token, undefined, now), now + 90_000);
  });

  it('uses expires_in when the token is not a JWT, and keeps a token with neither until refused', () => {
    assert.equal(tokenRenewalTime('opaque', 300, now), now + 270_000);
    assert.equal(tokenRenewalTime('opaque', undefined, now), Number.POSITIVE_INFINITY);
  });

  it('treats an exp equal to now as past, and an iat at or after exp as unknown', () => {
    assert.equal(tokenRenewalTime(jwtWith({ exp: seconds }), 300, now), now + 270_000);
    // iat not before exp: the lifetime is measured from receipt (100 s), so the margin is 10 s.
    assert.equal(
      tokenRenewalTime(jwtWith({ iat: seconds + 100, exp: seconds + 100 }), undefined, now),
      now + 90_000,
    );
    // iat in the past: the lifetime counts from it (3600 s), so the margin is the full 60 s.
    assert.equal(
      tokenRenewalTime(jwtWith({ iat: seconds - 3500, exp: seconds + 100 }), undefined, now),
      now + 40_000,
    );
  });

  it('ignores an expires_in that is zero, negative or not a number', () => {
    for (const expiresIn of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(tokenRenewalTime('opaque', expiresIn, now), Number.POSITIVE_INFINITY, String(expiresIn));
    }
  });

  it('reads exp only from a three-part JWT', () => {
    const jwt = jwtWith({ exp: seconds + 3600 });
    const [head, payload] = jwt.split('.');
    assert.equal(tokenRenewalTime(`${head}.${payload}`, 300, now), now + 270_000, 'two parts: not a JWT');
    assert.equal(tokenRenewalTime(`${jwt}.extra`, 300, now), now + 270_000, 'four parts: not a JWT');
    assert.equal(tokenRenewalTime(`${head}.!!!.sig`, 300, now), now + 270_000, 'a payload that is not JSON');
  });

  it('uses expires_in when the JWT exp is already past by the local clock', () => {
    const token = jwtWith({ exp: seconds - 10 });
    assert.equal(tokenRenewalTime(token, 3600, now), now + 3540_000);
    assert.equal(tokenRenewalTime(token, undefined, now), now);
  });
});
