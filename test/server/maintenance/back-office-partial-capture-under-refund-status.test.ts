/**
 * Found by review r1568 (2026-12-07), now fixed.
 *
 * Review r1568. README "Webhooks and how to verify them": "With DirectLink, a capture or refund
 * made in Ogone's back office is announced once the reconciler's query has read how much it was
 * … or at once after `POST /api/transactions/:reference/sync`"; README "Merchant API": `GET
 * /api/transactions/:reference` gives `capturedAmount`.
 *
 * What is wrong: server/maintenance/sync.ts reads an order's history levels (DirectLink guide
 * §5.1.2) to learn how much the back office captured only when the order's STATUS is itself a
 * done capture or refund (9, 8, 7…). A partial capture made in the back office (level 1: STATUS 9,
 * 5.00 of a 19.99 authorisation), followed by a refund that the platform is still processing
 * (level 2: STATUS 81, "refund pending" — the status every refund starts with, [DL] §4.3), makes
 * the order's STATUS 81: the sync reads no level and counts the whole authorisation as captured —
 * `captured`, capturedAmount 1999, announced by `payment.captured` with 1999. When the refund
 * settles (8) the next sync reads the levels but "never lowers an amount"
 * (docs/ogone-protocol.md §9): the payment stays 19.99 captured for good. The same with the refund
 * declined by the acquirer (94) before the first sync: 1999 captured, `payment.captured` 1999.
 *
 * Why it matters: the merchant is told, by the API, the dashboard and a `payment.captured` webhook,
 * that 19.99 was captured when the platform captured 5.00 — it ships the whole order for 5.00,
 * its revenue and CSV export are overstated, and the dashboard offers a refund of 19.99 the
 * platform will refuse.
 *
 * Expectation (README): the back office's capture is announced with how much it was: after the
 * sync (and the reconciler's rounds), capturedAmount is 500 and no `payment.captured` says more.
 *
 * The fix: maintenance/sync.ts backOfficeCapture reads the capture levels of an order naming
 * history levels whatever its STATUS (81, 94), so the back office's 5.00 is counted, not the whole
 * amount.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

describe('r1568: a partial capture made in the back office, read by a sync under a later level', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  /** A payment of 19.99 EUR, authorised only (RES) by its feedback 5: its reference. */
  const authorised = async (): Promise<string> => {
    const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    return reference;
  };

  /** The payment's capturedAmount and every capturedAmount its payment.captured events announced. */
  const captured = async (reference: string) => {
    const detail = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as { capturedAmount: number };
    const events = (
      (await (await app.t.api(`/api/events?reference=${reference}&type=payment.captured`)).json()) as {
        data: Array<{ data: { capturedAmount: number } }>;
      }
    ).data.map((event) => event.data.capturedAmount);
    return { capturedAmount: detail.capturedAmount, announced: events };
  };

  const sync = async (reference: string) => {
    const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(response.status, 200, `precondition: the sync answers: ${(await response.clone().text()).slice(0, 200)}`);
  };

  it('a refund still pending (81) on top: never the whole 19.99 captured, and 5.00 once the refund settles', async () => {
    const reference = await authorised();
    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '81', amount: '2.00' });
    await sync(reference);
    const first = await captured(reference);
    platform.levelSays(2, '8'); // the refund of 2.00 is processed
    await sync(reference);
    await reconcilerRounds(app.t, 3);
    const settled = await captured(reference);
    assert.deepEqual(
      {
        whilePendingAtMost500: first.capturedAmount <= 500,
        onceRefunded: settled.capturedAmount,
        announcedAbove500: settled.announced.filter((a) => a > 500),
      },
      { whilePendingAtMost500: true, onceRefunded: 500, announcedAbove500: [] },
      `the platform captured 5.00; the ledger said ${first.capturedAmount} while the refund was pending and ` +
        `${settled.capturedAmount} once refunded; payment.captured announced ${JSON.stringify(settled.announced)}`,
    );
  });

  it('the refund declined by the acquirer (94) before the first sync: 5.00 captured, not 19.99', async () => {
    const reference = await authorised();
    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(2, '94');
    await sync(reference);
    await reconcilerRounds(app.t, 3);
    const after = await captured(reference);
    assert.deepEqual(
      { capturedAmount: after.capturedAmount, announcedAbove500: after.announced.filter((a) => a > 500) },
      { capturedAmount: 500, announcedAbove500: [] },
      `the platform captured 5.00; the ledger says ${after.capturedAmount}, payment.captured announced ${JSON.stringify(after.announced)}`,
    );
  });
});
