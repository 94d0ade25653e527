/**
 * What the tests of captures made in Ogone's back office share (docs/ogone-protocol.md §9): an app
 * whose fake platform keeps the order's history levels (history-levels.ts), its payments
 * authorised only (OPERATION RES), a payment of 19.99 EUR authorised by its feedback 5, and a
 * capture of it in the back office counted by the reconciler's query.
 */
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

export function authorisedOnlyPayments(kind: DatabaseKind, payId = '3014726') {
  const platform = historyLevels(payId);
  const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });
  /** A new payment of 19.99 EUR, authorised: its reference. */
  const authorised = async (): Promise<string> => {
    const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID: payId }))).status, 200);
    return reference;
  };
  /** The back office captures `amount` (major units) of `reference`; the reconciler's query counts it. */
  const capturedAndCounted = async (reference: string, amount: string): Promise<void> => {
    platform.backOffice({ status: '9', amount });
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID: payId }))).status, 200);
    await reconcilerRounds(app.t, 3);
  };
  return { platform, app, authorised, capturedAndCounted };
}
