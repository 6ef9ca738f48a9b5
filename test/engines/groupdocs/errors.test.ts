import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupDocsApiError, parseErrorBody } from '../../../src/engines/groupdocs/errors.ts';

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
