/**
 * The keys a stopping process lets go (http/idempotency.ts heldIdempotencyKeys): only its own.
 * A reservation held longer than ABANDONED_RESERVATION_MS, less the clocks' allowed difference,
 * may have been taken over by another instance's request still running: it is left alone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOCK_SKEW_TOLERANCE_MS } from '../../../server/clock.ts';
import { heldIdempotencyKeys } from '../../../server/http/idempotency.ts';
import { ABANDONED_RESERVATION_MS } from '../../../server/repository/idempotency.ts';

describe('held Idempotency-Keys', () => {
  it('releases the keys of requests not settled, and only those still surely this process’s', async () => {
    let now = 0;
    const held = heldIdempotencyKeys(() => now);
    held.hold('POST /api/checkout-sessions', 'old', '2026-01-01T00:00:00.000Z');
    now = ABANDONED_RESERVATION_MS - CLOCK_SKEW_TOLERANCE_MS - 1;
    held.hold('POST /api/checkout-sessions', 'recent', '2026-01-01T00:00:00.000Z');
    held.hold('POST /api/checkout-sessions', 'answered', '2026-01-01T00:00:00.000Z');
    held.letGo('POST /api/checkout-sessions', 'answered', '2026-01-01T00:00:00.000Z');
    now += 1;
    const released: string[] = [];
    const count = await held.releaseAll({ releaseIdempotencyKey: async (_scope, key) => void released.push(key) });
    assert.deepEqual(released, ['recent']);
    assert.equal(count, 1);
    assert.equal(held.size, 0);
  });
});
