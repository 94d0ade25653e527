/** ORDERIDs: the time stamp picked from the ISO date by position reads as the global replace made it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newOrderId } from '../../../server/payments/reference.ts';

describe('newOrderId', () => {
  it('stamps YYYYmmddHHMMSS in UTC, then a dash and eight random characters', () => {
    const dates = ['2026-12-02T05:24:06.123Z', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z'];
    for (const iso of dates) {
      const now = new Date(iso);
      const id = newOrderId(now);
      assert.match(id, /^OC.{14}-[0-9A-Z]{8}$/);
      assert.equal(id.slice(2, 16), now.toISOString().replace(/[-:T]/g, '').slice(0, 14), iso);
    }
    assert.equal(newOrderId(new Date('2026-12-02T05:24:06.123Z')).slice(0, 16), 'OC20261202052406');
  });

  it('starts with the merchant reference when there is one', () => {
    assert.match(newOrderId(new Date(), 'Order #42 / A'), /^Order42\/A-[0-9A-Z]{8}$/);
  });
});
