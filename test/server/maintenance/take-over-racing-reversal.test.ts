/**
 * Found by review r220. takeOverSession reads the payment that paid the session (A), finds it
 * `refunded` — holding no money — and then moves the session's paidReference to B with an UPDATE
 * conditioned on the session only, never on A's state. Between the read and the move, A's refund
 * is undone at the platform (94 "refund declined by the acquirer": A back to `captured`, the money
 * with the merchant, docs/ogone-protocol.md §6). That 94 is applied while A is still the session's
 * paidReference, so A is not reviewed (process.ts alreadyTheSessionsPayment, whose comment still
 * says paidReference "never changes"), and decide.ts sets no syncNeeded. The move then makes B
 * the session's payment: A captured and B captured, neither flagged, nothing given back — the
 * shopper pays the session twice and nothing ever looks at it again.
 * (Two instances on PostgreSQL: B's review on one, A's 94 on the other; here the 94 is applied in
 * the window by a hook on movePaidReference.) Since review r1387 B's own write takes the session
 * over, under the session's lock: there is no window left, and the 94 follows that write.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer, refundedInFull } from '../feedback/fake-platform.ts';

const PAYID_A = '3014801';
const PAYID_B = '3014802';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`take-over racing A's refund reversal (${kind})`, () => {
    const maintenance: Record<string, string>[] = [];
    const app = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(form);
        return platformAnswer({
          orderID: '',
          PAYID: form.PAYID!,
          PAYIDSUB: '2',
          STATUS: form.OPERATION === 'DES' ? '6' : '8',
          amount: '19.99',
        });
      }
      // The reconciler's query of A: refunded in full in the back office (STATUS 8, level 1).
      if (path.includes('querydirect') && (form.PAYID === PAYID_A || form.ORDERID === refA)) return refundedInFull(refA, PAYID_A);
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });
    let refA = '';

    it('never leaves two captured payments of one session, neither given back', async () => {
      const created = (await (
        await app.t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } })
      ).json()) as { id: string };
      const attempt = async () => {
        const response = await app.t.app.request(`/checkout/sessions/${created.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ saveCard: false }),
        });
        assert.equal(response.status, 201, await response.clone().text());
        return ((await response.json()) as { reference: string }).reference;
      };
      const a = await attempt();
      refA = a;
      const b = await attempt();

      // A captured (the session's payment), then refunded in full in the back office: its
      // feedback 8 hands it to the reconciler, whose query reads the refund (STATUS 8).
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYID_A }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(a, 8, { PAYID: PAYID_A }))).status, 200);
      const sync = await app.t.api(`/api/transactions/${a}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      assert.equal((await app.t.repository.getTransaction(a))?.state, 'refunded', 'precondition: A refunded');

      // The other instance applies A's 94 between takeOverSession's read of A and its move.
      const repository = app.t.repository as unknown as Record<string, unknown>;
      const move = (repository.movePaidReference as (...args: unknown[]) => Promise<boolean>).bind(app.t.repository);
      let reversed = false;
      repository.movePaidReference = async (...args: unknown[]) => {
        if (!reversed) {
          reversed = true;
          assert.equal((await app.feedback(feedbackFor(a, 94, { PAYID: PAYID_A }))).status, 200);
        }
        return move(...args);
      };

      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
      // B's own write takes the session over now (feedback/session-role.ts, review r1387), so
      // the review never moves it and the hook never runs: A's 94 comes right after that write,
      // as close to it as another instance can.
      if (!reversed) {
        reversed = true;
        assert.equal((await app.feedback(feedbackFor(a, 94, { PAYID: PAYID_A }))).status, 200);
      }
      for (let waited = 0; waited < 5000; waited += 50) {
        if ((await app.t.repository.getSession(created.id))?.paidReference === b) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Let any review the 94 or the move brought run (background).
      await new Promise((resolve) => setTimeout(resolve, 500));
      repository.movePaidReference = move;

      const session = await app.t.repository.getSession(created.id);
      const storedA = await app.t.repository.getTransaction(a);
      const storedB = await app.t.repository.getTransaction(b);
      assert.ok(reversed, 'precondition: the take-over ran');
      const holding = [storedA, storedB].filter(
        (p) => p && ['authorized', 'captured', 'partially_refunded'].includes(p.state) && !p.duplicateOf,
      );
      assert.ok(
        holding.length <= 1,
        `session ${created.id} paid twice and both kept: paidReference=${session?.paidReference}, ` +
          `A ${a} state=${storedA?.state} duplicateOf=${storedA?.duplicateOf} syncNeeded=${storedA?.syncNeeded}, ` +
          `B ${b} state=${storedB?.state} duplicateOf=${storedB?.duplicateOf}; give-backs sent: ${JSON.stringify(maintenance.map((f) => `${f.OPERATION} ${f.PAYID}`))}`,
      );
    });
  });
}
