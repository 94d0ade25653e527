/** The client's back-off and Retry-After arithmetic (shared/client/retry.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterMs } from '../../../shared/client/retry.ts';

test('back-off doubles from the base, half fixed and half jittered, never above the ceiling', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffMs(policy, 1, () => 0),
    50,
  );
  assert.equal(
    backoffMs(policy, 1, () => 1),
    100,
  );
  assert.equal(
    backoffMs(policy, 2, () => 0),
    100,
  );
  assert.equal(
    backoffMs(policy, 3, () => 1),
    400,
  );
  assert.equal(
    backoffMs(policy, 10, () => 1),
    1000,
    'capped',
  );
  assert.equal(
    backoffMs(policy, 10, () => 0),
    500,
    'the fixed half keeps retries apart',
  );
  const spread = new Set(Array.from({ length: 50 }, () => backoffMs(policy, 2)));
  assert.ok(spread.size > 10, 'jittered: retries of many clients do not line up');
});

test('Retry-After: delay-seconds, an HTTP date, and nothing for garbage', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryAfterMs('3', now), 3000);
  assert.equal(retryAfterMs(' 0 ', now), 0);
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:07 GMT', now), 7000);
  assert.equal(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now), 0, 'a date in the past: now');
  assert.equal(retryAfterMs(null, now), undefined);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs('-5', now), undefined);
});

test('retried: 429, 5xx but 501, and 409 only while the same key is in progress', () => {
  for (const status of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(status, 'x'), true, String(status));
  for (const status of [400, 401, 402, 404, 410, 422, 501]) assert.equal(isRetryableStatus(status, 'x'), false, String(status));
  assert.equal(isRetryableStatus(409, 'idempotency_in_progress'), true);
  assert.equal(isRetryableStatus(409, 'conflict'), false);
});
