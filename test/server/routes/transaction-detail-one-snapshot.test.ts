/**
 * `GET /api/transactions/:reference` reads a payment and its operations as one (found by review
 * r1321). It built the payment from two reads: the transaction row (`getTransaction`), then, in a
 * separate statement, its maintenance operations (`listOperations`). A capture's answer committed
 * between the two (one write: the operation `done` and the payment `captured` with its amount,
 * maintenance/operations.ts applyMaintenanceAnswer) gave a view that never existed: the capture
 * listed `done` while the payment was still `authorized` with `capturedAmount: 0` (observed with
 * the sandbox on PostgreSQL too: a cancel listed `done` on an `authorized` payment).
 *
 * The fix: the route reads both with the repository's `getTransactionWithOperations`, one
 * statement (the payment joined with its operations), so one snapshot on SQLite and on PostgreSQL.
 *
 * What that broke: a merchant (or the dashboard's payment page, which decides its buttons from
 * the same object, server/dashboard/client/money-actions.ts) polling until the operation is done
 * then read nothing captured — "the capture succeeded and captured 0.00" — or a void listed done
 * beside a payment still offered for capture. The ledger's one write is atomic; its view must be
 * too.
 *
 * Scenario: a payment of 19.99 EUR authorised (OPERATION RES); the fake platform answers the
 * capture at once with STATUS 9 (DirectLink guide §4.2, the history level's own answer). The
 * capture's write is made to land between the two reads of one GET, had it two (the repository's
 * listOperations, as the route called it, lets the capture commit first) — what a concurrent
 * request on another connection does at any time.
 *
 * The product answers one snapshot: operations and amounts that belong together (either the
 * capture still open and nothing captured, or the capture done and 19.99 captured).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

describe('a payment and its operations read as one', () => {
  const PAYID = '3014726';
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('a capture committed between the two reads of GET /api/transactions/:reference is shown whole or not at all', async () => {
    const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    assert.equal((await app.t.repository.getTransaction(reference))?.state, 'authorized');

    // The next listOperations of this payment (the GET's, after its getTransaction) lets the
    // merchant's capture, sent meanwhile on another connection, commit first.
    const repository = app.t.repository;
    const listOperations = repository.listOperations.bind(repository);
    let captureStatus = 0;
    let interleave = true;
    repository.listOperations = async (ref: string) => {
      if (interleave && ref === reference) {
        interleave = false;
        const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
        captureStatus = capture.status;
      }
      return listOperations(ref);
    };
    let view: Record<string, any>;
    try {
      view = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as Record<string, any>;
    } finally {
      repository.listOperations = listOperations;
    }
    // A product that reads the payment another way (one statement, one snapshot) never called the
    // hook: the capture is sent now, after the GET, and the view above is the one before it.
    if (interleave) {
      interleave = false;
      captureStatus = (await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} })).status;
    }
    assert.equal(captureStatus, 200, 'the platform answered the capture 9: done at once');
    assert.equal(platform.maintenance.length, 1, 'one capture reached the platform');

    const done = (view.operations as Array<{ kind: string; status: string; amount: number }>).filter(
      (op) => op.kind === 'capture' && op.status === 'done',
    );
    const capturedByOperations = done.reduce((sum, op) => sum + op.amount, 0);
    assert.equal(
      view.capturedAmount,
      capturedByOperations,
      `one view of the payment says state ${view.state}, capturedAmount ${view.capturedAmount}, and lists the capture of ${capturedByOperations} as done`,
    );
    assert.equal(
      view.state,
      capturedByOperations > 0 ? 'captured' : 'authorized',
      `state ${view.state} beside operations ${JSON.stringify(view.operations.map((op: any) => [op.kind, op.status]))}`,
    );

    // Read again afterwards, the payment is consistent: only the single GET mixed two moments.
    const later = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as Record<string, any>;
    assert.deepEqual([later.state, later.capturedAmount], ['captured', 1999]);
  });
});
