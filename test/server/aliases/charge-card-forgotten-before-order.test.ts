/**
 * Found by review r760: a saved card charged after its deletion was requested. The merchant's
 * charge (`POST /api/aliases/:id/charges`, server/aliases/charge.ts) and the shopper's saved-card
 * payment (server/aliases/pay.ts) checked the card once, when the request began; a
 * `DELETE /api/aliases/:id` (or the widget's Forget) landing before the order was sent marked it
 * deletion_pending, and the order still went out with its alias — the card its holder asked to
 * forget was charged after the request was acknowledged.
 *
 * Now expected (docs/ogone-protocol.md §10 "Deletion, our side": "any payment with it is refused
 * with 409 `alias_deletion_pending`"): the card is read again once the payment holds its order (the
 * charge's send lease, the session's claim), just before the order; marked meanwhile, no order is
 * sent and the payment is refused 409 `alias_deletion_pending`, what it took let go — the draft's
 * send lease, the session's claim. A retry of a charge whose card is marked in that window is
 * answered as a retry finding the card being deleted (the platform asked, nothing sent). An order
 * already on its way when the card is marked is another case
 * (test/flows/charge-in-flight-card-deletion.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { savedCardRecord } from '../../support/records.ts';
import { paidWithSavedCard } from '../../support/app.ts';

type Hooked = Record<string, (...args: unknown[]) => Promise<unknown>>;

describe('a payment whose saved card is forgotten before its order goes out', () => {
  const orders: Array<{ alias: string; deletionAtSend: string | null | undefined }> = [];
  const queries: string[] = [];
  let aliasId = '';
  const fake = appWithFakePlatform('sqlite', async (path, form): Promise<Record<string, string>> => {
    if (path.includes('querydirect')) {
      // The platform never got the order (nothing was sent): "unknown order" (§8, §14).
      queries.push(form.ORDERID ?? form.PAYID ?? '');
      return { orderID: form.ORDERID ?? '', PAYID: '0', NCERROR: '50001130', NCERRORPLUS: 'Error access to original order', STATUS: '88' };
    }
    if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
    const alias = await fake.t.repository.getAlias(aliasId);
    orders.push({ alias: form.ALIAS!, deletionAtSend: alias?.deletionStatus });
    return platformAnswer({
      orderID: form.ORDERID!,
      PAYID: '8800001',
      ACCEPTANCE: 'test123',
      STATUS: '9',
      amount: String(Number(form.AMOUNT) / 100),
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it("a merchant's charge is refused (409 alias_deletion_pending), not sent, its draft's send lease let go", async () => {
    const t = fake.t;
    orders.length = 0;
    aliasId = await savedCardRecord(t.repository, 'cust-charge-forgotten', 'OC-CHARGE-FORGOTTEN');
    const reference = 'CHARGE-FORGOTTEN-1';
    // The DELETE's first step (deletion.ts forgetAlias → requestAliasDeletion) lands while the
    // charge is between its check of the card and its order: here, as the charge writes its session.
    const repository = t.repository as unknown as Hooked;
    const createSession = repository.createSession!.bind(t.repository);
    repository.createSession = async (...args: unknown[]) => {
      await t.repository.requestAliasDeletion(aliasId, t.clock.now().toISOString());
      return createSession(...args);
    };
    let charged: Response;
    try {
      charged = await t.api(`/api/aliases/${aliasId}/charges`, { method: 'POST', json: { amount: 1250, currency: 'EUR', reference } });
    } finally {
      repository.createSession = createSession;
    }
    const body = (await charged.json()) as { error?: { code?: string } };
    assert.equal((await t.repository.getAlias(aliasId))?.deletionStatus, 'pending', 'precondition: deletion requested');
    assert.deepEqual(
      orders.filter((o) => o.deletionAtSend === 'pending'),
      [],
      `an order was sent with the alias after its deletion was requested (answer ${charged.status} ${JSON.stringify(body).slice(0, 200)})`,
    );
    assert.deepEqual({ status: charged.status, code: body.error?.code }, { status: 409, code: 'alias_deletion_pending' });
    // Never sent: the draft stays a draft nobody holds (a retry may take it, and is refused too).
    assert.equal((await t.repository.getTransaction(reference))?.state, 'draft');
    assert.equal(await t.repository.claimDraftSend(reference, 1000), true, "the refused charge kept its draft's send lease");
    await t.repository.releaseDraftSend(reference);
  });

  it('a retry of a charge never sent, its card marked as it takes the send lease, is answered as one on a card being deleted', async () => {
    const t = fake.t;
    orders.length = 0;
    queries.length = 0;
    aliasId = await savedCardRecord(t.repository, 'cust-charge-retry-forgotten', 'OC-CHARGE-RETRY-FORGOTTEN');
    const reference = 'CHARGE-RETRY-FORGOTTEN-1';
    const body = { amount: 990, currency: 'EUR', reference };
    const repository = t.repository as unknown as Hooked;
    const claimDraftSend = repository.claimDraftSend!.bind(t.repository);
    // A first request that leaves a draft never sent: another request held its send lease (409).
    repository.claimDraftSend = async () => false;
    let first: Response;
    try {
      first = await t.api(`/api/aliases/${aliasId}/charges`, { method: 'POST', json: body });
    } finally {
      repository.claimDraftSend = claimDraftSend;
    }
    assert.equal(first.status, 409, 'precondition: the first request sent nothing');
    assert.equal((await t.repository.getTransaction(reference))?.state, 'draft', 'precondition: a draft never sent');
    // Its retry reads the card saved, then the DELETE marks it as the retry takes the send lease.
    repository.claimDraftSend = async (...args: unknown[]) => {
      await t.repository.requestAliasDeletion(aliasId, t.clock.now().toISOString());
      return claimDraftSend(...args);
    };
    let retried: Response;
    try {
      retried = await t.api(`/api/aliases/${aliasId}/charges`, { method: 'POST', json: body });
    } finally {
      repository.claimDraftSend = claimDraftSend;
    }
    const answer = (await retried.json()) as { error?: { code?: string } };
    assert.deepEqual(orders, [], `an order was sent with the alias after its deletion was requested (${retried.status})`);
    assert.deepEqual({ status: retried.status, code: answer.error?.code }, { status: 409, code: 'alias_deletion_pending' });
    assert.deepEqual(queries, [reference], 'the platform was asked about the order, as for any retry on a card being deleted');
    assert.equal(await t.repository.claimDraftSend(reference, 1000), true, "the refused retry kept its draft's send lease");
    await t.repository.releaseDraftSend(reference);
  });

  it("the shopper's saved-card payment (widget) whose card is forgotten meanwhile is refused, not sent, its claim released", async () => {
    const t = fake.t;
    const customer = { id: 'cust-pay-forgotten' };
    const { card } = await paidWithSavedCard(t, customer.id);
    aliasId = card.id;
    orders.length = 0;
    const session = (await (
      await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', customer } })
    ).json()) as { id: string };
    // The widget's Forget (DELETE /checkout/sessions/:id/saved-cards/:aliasId, or the merchant's
    // DELETE) marks the card while the payment claims its session (aliases/pay.ts claimSession).
    const repository = t.repository as unknown as Hooked;
    const claimSession = repository.claimSession!.bind(t.repository);
    repository.claimSession = async (...args: unknown[]) => {
      await t.repository.requestAliasDeletion(aliasId, t.clock.now().toISOString());
      return claimSession(...args);
    };
    let paid: Response;
    try {
      paid = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ aliasId: card.id }),
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 saved-card' },
      });
    } finally {
      repository.claimSession = claimSession;
    }
    const text = await paid.text();
    assert.equal((await t.repository.getAlias(aliasId))?.deletionStatus, 'pending', 'precondition: deletion requested');
    assert.deepEqual(
      orders.filter((o) => o.deletionAtSend === 'pending'),
      [],
      `an order was sent with the alias after its deletion was requested (answer ${paid.status} ${text.slice(0, 200)})`,
    );
    assert.equal(paid.status, 409);
    assert.equal((JSON.parse(text) as { error?: { code?: string } }).error?.code, 'alias_deletion_pending', text);
    const after = await t.repository.getSession(session.id);
    assert.equal(after?.claimReference ?? null, null, 'the refused payment kept the session claimed');
  });
});
