/**
 * The app's one error handler (server/http/on-error.ts): each kind of PaymentError answers its
 * status with `{ error: { code, message, field? } }`, a Problem its own status, and anything
 * unexpected a 500 that says nothing of what went wrong (the log does).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { PaymentError, type PaymentErrorKind } from '../../../server/domain/payment-error.ts';
import { onError, STATUS_OF_KIND } from '../../../server/http/on-error.ts';
import { Problem } from '../../../server/http/problem.ts';
import { createLogger } from '../../../server/logger.ts';
import { HostedPageError } from '../../../server/payments/hosted-page.ts';
import { InvalidCursorError } from '../../../server/repository/cursor.ts';
import { logCollector } from '../../support/logs.ts';

/** An app whose only route throws `error`, answered by onError; `logs` collects its log lines. */
function answering(error: Error, middleware = false) {
  const logs: string[] = [];
  const app = new Hono();
  app.onError(onError(createLogger({ level: 'debug', destination: logCollector(logs) })));
  if (middleware) {
    app.use('*', async () => {
      throw error;
    });
  }
  app.get('/', () => {
    throw error;
  });
  return { logs, answer: async () => app.request('/') };
}

const EXPECTED: Record<PaymentErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  expired: 410,
  declined: 402,
  refused: 422,
  not_offered: 501,
  unavailable: 503,
  platform_failed: 502,
  outcome_unknown: 504,
};

describe('onError', () => {
  it('maps every kind to the status the API has always answered', () => {
    assert.deepEqual(STATUS_OF_KIND, EXPECTED);
  });

  for (const [kind, status] of Object.entries(EXPECTED) as Array<[PaymentErrorKind, number]>) {
    it(`answers a ${kind} PaymentError with ${status} and its code, message and field`, async () => {
      const response = await answering(new PaymentError(kind, `some_${kind}`, `what went wrong (${kind})`, { field: 'amount' })).answer();
      assert.equal(response.status, status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await response.json(), { error: { code: `some_${kind}`, message: `what went wrong (${kind})`, field: 'amount' } });
    });
  }

  it('leaves field out when the error names none, and never shows details or the cause', async () => {
    const error = new PaymentError('conflict', 'session_paid', 'this checkout session is already paid', {
      details: { reference: 'ORD-1' },
      cause: new Error('row lock held by another request'),
    });
    const response = await answering(error).answer();
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: { code: 'session_paid', message: 'this checkout session is already paid' } });
  });

  it('answers a Problem with its own status', async () => {
    const response = await answering(
      new Problem(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request body', 'Idempotency-Key'),
    ).answer();
    assert.equal(response.status, 422);
    assert.deepEqual(await response.json(), {
      error: {
        code: 'idempotency_key_reused',
        message: 'this Idempotency-Key was used with a different request body',
        field: 'Idempotency-Key',
      },
    });
  });

  it('answers errors thrown in middleware too (Hono 4 hands them to onError)', async () => {
    const response = await answering(new Problem(401, 'unauthorized', 'the API key is not valid'), true).answer();
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: { code: 'unauthorized', message: 'the API key is not valid' } });
    const domain = await answering(
      new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' }),
      true,
    ).answer();
    assert.equal(domain.status, 404);
  });

  it('answers a Problem in an app without our onError too (the sandbox guard), keeping the headers set before', async () => {
    const app = new Hono();
    app.get('/', (c) => {
      c.header('WWW-Authenticate', 'Bearer realm="ogone-checkout"');
      throw new Problem(401, 'unauthorized', 'the API key is not valid');
    });
    const response = await app.request('/');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="ogone-checkout"');
    assert.deepEqual(await response.json(), { error: { code: 'unauthorized', message: 'the API key is not valid' } });
  });

  it('answers a cursor that does not decode with 400 on field cursor', async () => {
    const response = await answering(new InvalidCursorError()).answer();
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string; message: string; field: string } };
    assert.equal(body.error.code, 'invalid_request');
    assert.equal(body.error.field, 'cursor');
    assert.match(body.error.message, /^cursor: /);
  });

  it('answers a hosted page request Ogone would refuse with 500 hosted_page_invalid, and logs it', async () => {
    const { logs, answer } = answering(new HostedPageError('hosted page request refused: amount is too large'));
    const response = await answer();
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      error: { code: 'hosted_page_invalid', message: 'hosted page request refused: amount is too large' },
    });
    assert.ok(
      logs.some((line) => line.includes('cannot build the hosted page request')),
      logs.join('\n'),
    );
  });

  it('answers an unknown error with a 500 that leaks nothing, and logs it', async () => {
    const { logs, answer } = answering(new TypeError('secret detail: SHASIGN mismatch at row 42'));
    const response = await answer();
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), {
      error: { code: 'internal_error', message: 'something went wrong; the request id is in the X-Request-Id header' },
    });
    assert.doesNotMatch(text, /secret detail|TypeError|row 42/);
    assert.ok(
      logs.some((line) => line.includes('unhandled error') && line.includes('row 42')),
      logs.join('\n'),
    );
  });
});
