/** isoTime reuses the last second's text (issue 17): it must read exactly as toISOString. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from '../../../server/payments/iso-time.ts';

describe('isoTime', () => {
  it('reads as toISOString, within one second and across seconds, years and the epoch', () => {
    const times = [
      Date.parse('2026-12-02T05:24:06.000Z'),
      Date.parse('2026-12-02T05:24:06.007Z'),
      Date.parse('2026-12-02T05:24:06.042Z'),
      Date.parse('2026-12-02T05:24:06.999Z'),
      Date.parse('2026-12-02T05:24:07.000Z'),
      Date.parse('2026-12-02T05:24:06.500Z'),
      0,
      -1,
      -999,
      -1000,
      -1001,
      Date.parse('9999-12-31T23:59:59.998Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('+010000-01-01T00:00:00.001Z'),
      Date.parse('+010000-01-01T00:00:00.010Z'),
      Date.parse('-000001-06-01T12:00:00.100Z'),
      Date.parse('-000001-06-01T12:00:00.005Z'),
    ];
    for (const time of times) {
      const date = new Date(time);
      assert.equal(isoTime(date), date.toISOString(), String(time));
      assert.equal(isoTime(date), date.toISOString(), `${time}, again`);
    }
    for (let time = Date.parse('2026-12-02T05:24:05.990Z'); time < Date.parse('2026-12-02T05:24:07.010Z'); time += 3) {
      assert.equal(isoTime(new Date(time)), new Date(time).toISOString());
    }
  });

  it('refuses an invalid date as toISOString does', () => {
    isoTime(new Date(0));
    assert.throws(() => isoTime(new Date(Number.NaN)), RangeError);
    assert.equal(isoTime(new Date(1)), '1970-01-01T00:00:00.001Z');
  });
});
