/**
 * Found by review r1643 (2026-12-07), now fixed.
 * The fix: sandbox/control-page.ts accepts PAYIDs of up to 20 digits.
 *
 * Review r1643: a new defect of the r1575 fix (ee6aa22): the sandbox `serve` mounts now counts its
 * PAYIDs from the clock (fourteen digits), and its control page drops every such PAYID from what
 * it tells the operator.
 *
 * What is wrong: server/start-server.ts gives the mounted sandbox `firstPayId: Date.now() * 10`
 * (about 17 650 000 000 000: fourteen digits). server/sandbox/control-page.ts `noticeFor` reads
 * the PAYID it echoes back from the redirect's query with /^\d{1,12}$/, written for the 3000001…
 * PAYIDs the sandbox gave before: a fourteen-digit PAYID fails it and is shown as "". After
 * "Send feedback again" (or "Resolve", or a PAYID not found) the page says "Feedback of payment
 * sent again" / "Payment  resolved: STATUS 9" / "No payment with PAYID ." — on every payment of
 * the sandbox `serve` mounts (OGONE_ENVIRONMENT=sandbox, the demo's `npm start`).
 *
 * Why it matters: docs/ogone-protocol.md (the sandbox section, review r1575) makes the clock's
 * PAYIDs the sandbox's own from now on; the control page is where a developer or operator
 * resolves a pending payment and resends a lost feedback (its notices exist to say which payment
 * was acted on, the page listing several). With the PAYID gone they cannot tell which one was
 * resolved or resent, nor which PAYID was not found.
 *
 * Expectation: after resending a payment's feedback from the control page of the sandbox `serve`
 * mounts, the page's notice names that payment's PAYID.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_CREDENTIALS_FILE } from '../../../server/config/demo-credentials.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { cardOrder, parseNcResponse, postForm, signed } from './helpers.ts';

describe('r1643: the control page of the sandbox `serve` mounts, after resending a feedback', () => {
  let database: TestDatabase;
  let server: RunningServer;
  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({ env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env }, port: 0, host: '127.0.0.1', quiet: true });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  it("names the payment's PAYID", async () => {
    // The account `serve` made for its sandbox (DATA_DIR/sandbox-credentials.json).
    const made = JSON.parse(await readFile(path.join(database.dataDir, DEMO_CREDENTIALS_FILE), 'utf8')) as Record<string, string>;
    const account = {
      pspid: made.pspid!,
      userId: made.userId!,
      password: made.password!,
      shaIn: made.shaIn!,
      shaOut: made.shaOut!,
      hashAlgorithm: 'sha512' as const,
    };
    const body = signed({ PSPID: account.pspid, USERID: account.userId, PSWD: account.password, ...cardOrder() }, account);
    const answer = parseNcResponse(await (await postForm(`${server.url}/ncol/test/orderdirect_utf8.asp`, body)).text());
    assert.equal(answer.STATUS, '9', `precondition: the sandbox took the order: ${JSON.stringify(answer)}`);
    const payId = answer.PAYID!;

    const resend = await fetch(`${server.url}/sandbox/control/payments/${payId}/feedback`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    assert.equal(
      resend.status,
      303,
      `precondition: the control page's form is answered: ${resend.status} ${(await resend.text()).slice(0, 160)}`,
    );
    const location = new URL(resend.headers.get('location')!, server.url);
    assert.equal(location.searchParams.get('payId'), payId, 'precondition: the redirect carries the PAYID');
    const page = await (await fetch(location)).text();
    const notice = /Feedback of payment[^<]*sent again/.exec(page)?.[0];
    assert.equal(
      notice,
      `Feedback of payment ${payId} sent again`,
      `the sandbox gave PAYID ${payId} (from the clock); the control page's notice reads ${JSON.stringify(notice)}`,
    );
  });
});
