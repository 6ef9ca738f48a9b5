import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GroupDocsApiError,
  parseErrorBody,
  Redactor,
  serverAnswerError,
} from '../../../../src/convert/engines/groupdocs/errors.ts';

describe('parseErrorBody', () => {
  it('reads the nested error object, in camelCase or PascalCase', () => {
    assert.deepEqual(
      parseErrorBody(
        JSON.stringify({
          requestId: '9d3',
          error: {
            code: 'errorItemNotFound',
            message: 'AmazonS3 Storage exception: The specified key does not exist.',
          },
        }),
      ),
      { code: 'errorItemNotFound', message: 'AmazonS3 Storage exception: The specified key does not exist.' },
    );
    assert.deepEqual(
      parseErrorBody('{"Error":{"Code":"BadFormat","Message":"Unknown format","Description":"Try pdf"}}'),
      {
        code: 'BadFormat',
        message: 'Unknown format Try pdf',
      },
    );
  });

  it('reads a flat message and a numeric code', () => {
    assert.deepEqual(parseErrorBody('{"message":"Operation not found","code":404}'), {
      code: '404',
      message: 'Operation not found',
    });
  });

  it('reads a bare JSON string and plain text', () => {
    assert.deepEqual(parseErrorBody('"Operation not found"'), { message: 'Operation not found' });
    assert.deepEqual(parseErrorBody('  Service\n  unavailable  '), { message: 'Service unavailable' });
  });

  it('reads an OAuth error and problem details', () => {
    assert.deepEqual(parseErrorBody('{"error":"invalid_client"}'), {
      code: 'invalid_client',
      message: 'invalid_client',
    });
    assert.deepEqual(parseErrorBody('{"title":"Bad Request","status":400,"detail":"format is required"}'), {
      message: 'Bad Request format is required',
    });
  });

  it('takes the title of an HTML error page and clips long text', () => {
    assert.deepEqual(
      parseErrorBody('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'),
      {
        message: '502 Bad Gateway',
      },
    );
    const long = parseErrorBody('x'.repeat(2000)).message ?? '';
    assert.equal(long.length, 501);
  });

  it('finds nothing in an empty body', () => {
    assert.deepEqual(parseErrorBody('   '), {});
  });
});

describe('GroupDocsApiError', () => {
  it('says what failed, on which key, and what the server said', () => {
    const error = new GroupDocsApiError({
      operation: 'download',
      storageKey: 'in/a b.docx',
      status: 404,
      code: 'errorItemNotFound',
      serverMessage: 'AmazonS3 Storage exception: The specified key does not exist.',
      retryable: false,
    });
    assert.equal(
      error.message,
      'download of "in/a b.docx" failed: HTTP 404 — AmazonS3 Storage exception: The specified key does not exist. (code: errorItemNotFound)',
    );
    assert.equal(error.name, 'GroupDocsApiError');
  });

  it('falls back to the status text and adds the attempt count after giving up', () => {
    const error = new GroupDocsApiError({ operation: 'status', status: 503, retryable: true }).afterAttempts(
      6,
    );
    assert.equal(error.message, 'status failed after 6 attempts: HTTP 503 — Service Unavailable');
    assert.equal(error.attempts, 6);
    assert.equal(error.retryable, true);
    assert.ok(error.cause instanceof GroupDocsApiError);
  });
});

describe('Redactor', () => {
  const secret = 'S3cr3t+/value&more';
  const { redact } = new Redactor([secret]);

  it('replaces the secret verbatim, URL-encoded and form-encoded', () => {
    assert.equal(redact(`a ${secret} b`), 'a [secret] b');
    assert.equal(redact(`a ${encodeURIComponent(secret)} b`), 'a [secret] b');
    assert.equal(
      redact(`body: ${new URLSearchParams({ client_secret: secret })}`),
      'body: client_secret=[secret]',
    );
  });

  it('replaces anything credential-shaped, even a value it was never told about', () => {
    assert.equal(redact('got client_secret=abc123…'), 'got client_secret=[redacted]');
    assert.equal(redact('{"access_token":"opaque-value"}'), '{"access_token":"[redacted]"}');
    assert.equal(redact('header Authorization: Bearer abc.def-ghi'), 'header Authorization: Bearer [token]');
    assert.equal(redact('token eyJhbGciOi.eyJzdWIi.c2ln here'), 'token [token] here');
    assert.equal(
      redact('via http://user:pa55@proxy.local:3128/'),
      'via http://[credentials]@proxy.local:3128/',
    );
  });

  it('replaces the access tokens it was told about, whatever their shape', () => {
    const redactor = new Redactor(['irrelevant']);
    redactor.rememberToken('opaque-token-1');
    assert.equal(redactor.redact('echo opaque-token-1'), 'echo [token]');
  });

  it('leaves ordinary text and too-short secrets alone', () => {
    const short = new Redactor(['ab']).redact;
    assert.equal(short('a cab and a tab'), 'a cab and a tab');
    assert.equal(redact('The specified key does not exist.'), 'The specified key does not exist.');
  });
});

describe('serverAnswerError', () => {
  it('redacts before clipping, so a secret at the length limit does not leak in part', () => {
    const secret = 'abcdefghijklmnop';
    const error = serverAnswerError(
      { operation: 'status' },
      { status: 400, body: JSON.stringify({ message: `${'x'.repeat(490)}${secret}` }) },
      new Redactor([secret]).redact,
    );
    assert.equal(error.serverMessage, `${'x'.repeat(490)}[secret]`);
    assert.ok(!error.message.includes('abcde'));
  });

  it('carries the status, whether it is worth repeating, and the Retry-After', () => {
    const error = serverAnswerError(
      { operation: 'download', storageKey: 'a.pdf' },
      { status: 429, body: '{"error":{"code":"Throttled","message":"slow down"}}', retryAfter: '7' },
      (text) => text,
    );
    assert.equal(error.message, 'download of "a.pdf" failed: HTTP 429 — slow down (code: Throttled)');
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 7000);
  });
});
