/**
 * 3-D Secure 2 browser data (docs/ogone-protocol.md §12): BROWSERCOLORDEPTH onto EMVCo's values
 * (nearest allowed not above), REMOTE_ADDR only in a form the field carries.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { colorDepth, remoteAddress, threeDSecureData } from '../../../server/aliases/browser.ts';
import { BROWSER_COLOR_DEPTHS } from '../../../server/directlink/requests.ts';

describe('3-D Secure browser data', () => {
  it('colour depths map onto 1, 4, 8, 15, 16, 24, 32, 48', () => {
    assert.deepEqual([...BROWSER_COLOR_DEPTHS], [1, 4, 8, 15, 16, 24, 32, 48]);
    const cases: Array<[number, number]> = [
      [30, 24],
      [24, 24],
      [32, 32],
      [31, 24],
      [2, 1],
      [12, 8],
      [15, 15],
      [64, 48],
      [48, 48],
    ];
    for (const [reported, sent] of cases) assert.equal(colorDepth(reported), sent, `${reported} → ${sent}`);
  });

  it('a 30-bit screen from the widget sends 24', () => {
    const data = threeDSecureData(
      { colorDepth: 30, javaEnabled: false, language: 'fr-BE', screenHeight: 1600, screenWidth: 2560, timezoneOffset: -60 },
      new Headers({ accept: 'text/html', 'user-agent': 'Mozilla/5.0' }),
    );
    assert.equal(data.browser?.colorDepth, 24);
    assert.equal(data.browser?.javascriptEnabled, true);
  });

  it('REMOTE_ADDR: IPv4 and IPv6 as seen; a zone id dropped; an unknown address left out', () => {
    assert.deepEqual(remoteAddress('203.0.113.7'), { remoteAddr: '203.0.113.7' });
    assert.deepEqual(remoteAddress('2001:db8::1'), { remoteAddr: '2001:db8::1' });
    assert.deepEqual(remoteAddress('fe80::1%eth0'), { remoteAddr: 'fe80::1' });
    assert.deepEqual(remoteAddress('unknown'), {});
    assert.deepEqual(remoteAddress(undefined), {});
  });
});
