/**
 * Found by review r1387 (2026-12-07), now fixed:
 *
 * — after the session's payment was refunded, two more tabs paid at about the same time:
 * both `payment.captured` events go out WITHOUT `duplicateOf`, and then one of the two payments is
 * flagged a duplicate and refunded. A shop fulfilling on `payment.captured` ships the order twice.
 *
 * What was wrong. feedback/decide.ts flags a second paid payment `duplicateOf` in the very write
 * that records it paid only while the session's payment holds money; when it holds none (A
 * refunded), the write leaves the payment unflagged and its `payment.captured` goes out plain,
 * counting on the review after the answer (maintenance/duplicates.ts takeOverSession) to make it
 * the session's payment. That review runs later, in the background; a second payment C decided in
 * between (another tab, another instance, or simply before a review that died is redone by the
 * reconciler minutes later) reads the session still paid by the refunded A, so its write also emits
 * a plain `payment.captured`. Then one take-over wins and the other payment is flagged
 * `duplicateOf` the winner, announced with `payment.duplicate` and given back — after its capture
 * was already announced as the session's own.
 *
 * Why it matters: README ("Webhooks" example, "Guarantees"): "its `payment.authorized` /
 * `payment.captured` carries `duplicateOf` too: never fulfil an order for an event whose payment
 * has `duplicateOf` set"; docs/ogone-protocol.md §8 (review r1310): "flagged only by the review
 * after that write, its capture went out first looking like the session's own, and a shop
 * fulfilling on payment.captured shipped twice". Here exactly that happens: two plain
 * `payment.captured` for one session, one of them then refunded.
 *
 * The fix: the take-over is made in the write that records the payment paid, under the session's
 * lock (feedback/session-role.ts): the next payment decided reads the session paid by a
 * payment holding money and is flagged `duplicateOf` in its own write.
 *
 * Expectation: of the payments of one session, at most one has a `payment.captured` event without
 * `duplicateOf`; the one given back as a duplicate carries `duplicateOf` in its capture event.
 * The interleaving is forced deterministically: B's take-over UPDATE runs only after C's feedback
 * was answered (as a concurrent request on another instance would).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID_A = '3138701';
const PAYID_B = '3138702';
const PAYID_C = '3138703';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`two tabs paid after the session's payment was refunded (${kind})`, () => {
    const maintenance: string[] = [];
    let level = 1;
    const app = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
        level += 1;
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(level), STATUS: '8', amount: '19.99' });
      }
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });

    it("announces at most one capture as the session's own", async () => {
      const t = app.t;
      const [a, b, c] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 3)) as [string, string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYID_A }))).status, 200);
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      await sleep(500);

      // B's take-over UPDATE runs only once C's feedback (another tab) was answered.
      const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const move = repository.movePaidReference!.bind(t.repository);
      let first = true;
      repository.movePaidReference = async (...args: unknown[]) => {
        if (first) {
          first = false;
          assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYID_C }))).status, 200);
        }
        return move(...args);
      };
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
      await sleep(300);
      // A take-over made otherwise (in B's own write, say) never called the hook: C pays now.
      if (first) {
        first = false;
        assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYID_C }))).status, 200);
      }
      await eventually(
        async () => (await t.repository.getSession(sessionId))?.paidReference,
        (paid) => paid !== a,
        'a take-over',
      );
      await sleep(1000);

      const plainCaptures: string[] = [];
      const summary: string[] = [];
      for (const reference of [b, c]) {
        const stored = (await t.repository.getTransaction(reference))!;
        const events = (await t.repository.listEvents({ reference, limit: 50 })).items;
        const captured = events.filter((e) => e.type === 'payment.captured');
        if (captured.some((e) => !(e.data as { duplicateOf?: string | null }).duplicateOf)) plainCaptures.push(reference);
        summary.push(
          `${reference === b ? 'B' : 'C'}: ${stored.state} duplicateOf=${stored.duplicateOf} events=${events
            .map((e) => e.type)
            .reverse()
            .join('>')}`,
        );
      }
      assert.equal(
        plainCaptures.length,
        1,
        `${plainCaptures.length} payments of one session announced payment.captured without duplicateOf (a shop ships twice); ` +
          `${summary.join('; ')}; session paid by ${(await t.repository.getSession(sessionId))?.paidReference}; maintenance ${JSON.stringify(maintenance)}`,
      );
    });
  });
}
