/** The API's text for a DirectLink refusal: the platform's NCERRORPLUS, never a card number in it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refusalMessage } from '../../../server/maintenance/directlink-failures.ts';
import type { DirectLinkResult } from '../../../server/directlink/response.ts';

const refused = (ncErrorPlus: string) =>
  ({ status: 0, ok: false, ncError: '50001111', ncErrorMessage: 'Data validation error', ncErrorPlus }) as unknown as DirectLinkResult;

describe('refusalMessage', () => {
  it('names NCERROR, its message and the platform text', () => {
    assert.equal(
      refusalMessage(refused(' no orderid'), 'capture'),
      'the payment platform refused the capture: NCERROR 50001111 (Data validation error: no orderid)',
    );
  });
  it('scrubs a card number the platform echoes in NCERRORPLUS', () => {
    const message = refusalMessage(refused('Card 4111 1111 1111 1111 refused'), 'payment');
    assert.doesNotMatch(message, /4111/);
    assert.match(message, /NCERROR 50001111/);
  });
});
