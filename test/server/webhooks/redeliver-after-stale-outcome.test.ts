/**
 * Found by review r1311. After a stale delivery outcome (an instance's write that landed once
 * another instance had taken the event over — stale-delivery-outcome.test.ts), the event's
 * `attempts` was left one below the attempts recorded, and `POST /api/events/:id/redeliver` could
 * no longer tell that an attempt was in flight: it brought the in-flight event forward, another
 * instance claimed it while the first POST was still open, and the merchant's endpoint had the
 * same event twice at once.
 *
 * Why: repository/outbox.ts recordDelivery always inserts the attempt row, but its UPDATE of the
 * event (which sets `attempts` to the attempts recorded) is skipped when the caller's lease is no
 * longer the event's — the stale case — and `attempts` stayed at the count before that insert.
 * redeliverEvent decides "in flight" by `attempts > recorded attempts` (a claim adds one to
 * `attempts` before its attempt is recorded): with `attempts` one behind, the next claim made them
 * equal, and a redelivery asked meanwhile moved `next_attempt_at` (the running claim's lease) to
 * now.
 *
 * The fix made: a stale outcome adds one to `attempts` with its attempt row, so `attempts` minus
 * the attempts recorded stays the claims still running; and recordDelivery locks the event's row
 * first on PostgreSQL, so a stale outcome and the takeover's landing together each count the
 * other's attempt.
 *
 * Scenario (two instances on one database, the clock moved by hand): instance A claims the event
 * and stalls past its lease; instance B takes it over and records it delivered; A's late outcome
 * lands (kept as an attempt only). The merchant redelivers the event (delivered → pending, due);
 * instance C claims it and posts it; the merchant, or the dashboard's Redeliver button clicked
 * twice, asks for a redelivery again while C's POST is open.
 *
 * README, Merchant API, `POST /api/events/:id/redeliver`: "while an attempt is already due or in
 * flight, it is that attempt (concurrent requests schedule one)". The second redelivery is
 * answered with the running attempt (its lease stands), and no instance claims the event until
 * C's attempt is recorded — whatever stale attempts were kept before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestApp } from '../../support/app.ts';

interface EventBody {
  id: string;
  delivery: { status: string; attempts: number; nextAttemptAt: string | null };
  deliveries: unknown[];
}

const LEASE_MS = 60_000;

for (const kind of DATABASE_KINDS)
  describe(`a redelivery while an attempt is in flight, after a stale outcome (${kind})`, () => {
    const t = useTestApp(kind, { env: { WEBHOOK_URL: 'https://hooks.example.com/ogone' } });

    const read = async (id: string) => (await (await t.api(`/api/events/${id}`)).json()) as EventBody;
    const redeliver = async (id: string) => {
      const response = await t.api(`/api/events/${id}/redeliver`, { method: 'POST' });
      assert.equal(response.status, 202);
      return (await response.json()) as EventBody;
    };

    it('the second redelivery joins the running attempt; no other instance claims it', async () => {
      const [event] = await t.repository.insertEvents([
        { type: 'payment.captured', reference: 'R1311-STALE', data: { reference: 'R1311-STALE', state: 'captured' } },
      ]);
      const id = event!.id;

      // Instance A claims it; its attempt stalls past the lease.
      const [claimedByA] = await t.repository.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.equal(claimedByA?.id, id);
      t.clock.advance(LEASE_MS + 1_000);
      // Instance B takes it over and delivers it.
      const [claimedByB] = await t.repository.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.equal(claimedByB?.id, id);
      await t.repository.recordDelivery(id, { statusCode: 200, error: null, ok: true }, { status: 'delivered' }, () => [
        claimedByB!.nextAttemptAt,
      ]);
      // A's outcome lands last: an attempt, nothing more (stale-delivery-outcome.test.ts).
      await t.repository.recordDelivery(
        id,
        { statusCode: 503, error: 'HTTP 503', ok: false },
        { status: 'pending', nextAttemptAt: t.clock.now().toISOString() },
        () => [claimedByA!.nextAttemptAt],
      );
      const settled = await read(id);
      assert.equal(settled.delivery.status, 'delivered');
      assert.equal(settled.deliveries.length, 2);

      // The merchant redelivers it; instance C claims it and its POST is open.
      t.clock.advance(1_000);
      assert.equal((await redeliver(id)).delivery.status, 'pending');
      const [claimedByC] = await t.repository.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.equal(claimedByC?.id, id, 'instance C claims the redelivery');

      // A second redelivery while C's attempt is in flight.
      t.clock.advance(1_000);
      const second = await redeliver(id);
      assert.equal(
        second.delivery.nextAttemptAt,
        claimedByC!.nextAttemptAt,
        `the running attempt must stand (its lease ${claimedByC!.nextAttemptAt}); the redelivery moved it to ${second.delivery.nextAttemptAt} ` +
          `(attempts ${second.delivery.attempts}, ${second.deliveries.length} recorded: the stale attempt put the in-flight check one off)`,
      );
      const claimedAgain = await t.repository.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.deepEqual(
        claimedAgain.map((e) => e.id),
        [],
        'another instance claims the event while C is still posting it: the endpoint has it twice at once',
      );
    });
  });
