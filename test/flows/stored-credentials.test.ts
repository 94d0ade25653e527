/**
 * Saved cards as the platform sees them, over real HTTP against the sandbox, on SQLite and
 * PostgreSQL (docs/ogone-protocol.md §10–§12): the credential-on-file flags of the three requests
 * that store or use a card (literal values as the sandbox received them), ALIAS sent without CN,
 * the 3-D Secure 2 browser data (a 30-bit screen sends BROWSERCOLORDEPTH 24, REMOTE_ADDR is the
 * shopper's address), and forgetting a card: deletion_pending (not listed, charges refused with
 * 409) until the platform confirms the Batch DELALIAS, retried after a platform failure.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { parseCsp } from '../support/csp.ts';
import { answerChallenge } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, sandboxPayments, saveCard, startFlowServer } from './helpers.ts';

const FORM = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

for (const kind of DATABASE_KINDS) {
  describe(`stored credentials and alias deletion on ${kind}`, () => {
    let flow: FlowServer;

    before(async () => {
      // Retries every 50 ms once due, the first one 200 ms after a failure.
      flow = await startFlowServer(kind, { aliasDeletion: { intervalMs: 50, firstRetryMs: 200, maxRetryMs: 1_000 } });
    });
    after(() => flow?.close());

    async function session(customerId: string, name = 'Shop Customer Name') {
      const created = await flow.api('/api/checkout-sessions', {
        amount: 1500,
        currency: 'EUR',
        customer: { id: customerId, name, email: 'shopper@example.com' },
        saveCard: 'optional',
        successUrl: 'https://shop.example.com/thanks',
      });
      assert.equal(created.status, 201);
      return created.body.id as string;
    }

    const payWithSavedCard = (sessionId: string, aliasId: string, browser: Record<string, unknown> = BROWSER_INFO) =>
      postAttempt(flow, sessionId, { aliasId, browser });

    async function order(reference: string): Promise<Record<string, string>> {
      const [payment] = await sandboxPayments(flow, reference);
      assert.ok(payment, `the sandbox received ${reference}`);
      return payment.parameters as Record<string, string>;
    }

    it('the hosted page that saves the card sends COF_INITIATOR=CIT, COF_TRANSACTION=FIRST, COF_SCHEDULE=UNSCHED (signed, accepted)', async () => {
      const id = await session('cust-cof');
      const attempt = (await (
        await fetch(`${flow.url}/checkout/sessions/${id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ saveCard: true }),
        })
      ).json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      assert.equal(attempt.fields.COF_INITIATOR, 'CIT');
      assert.equal(attempt.fields.COF_TRANSACTION, 'FIRST');
      assert.equal(attempt.fields.COF_SCHEDULE, 'UNSCHED');
      assert.ok(attempt.fields.ALIAS?.startsWith('OC-'));
      // The sandbox checks SHA-IN over what the browser posts: the COF names are signed.
      const page = await fetch(attempt.action, { method: 'POST', body: new URLSearchParams(attempt.fields), headers: FORM });
      assert.equal(page.status, 200);
      assert.match(await page.clone().text(), /name="TOKEN"/);
      // Without saving the card, no stored-credential flag is sent.
      const plain = (await (
        await fetch(`${flow.url}/checkout/sessions/${await session('cust-cof')}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ saveCard: false }),
        })
      ).json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      assert.equal(plain.fields.COF_INITIATOR, undefined);
      assert.equal(plain.fields.ALIAS, undefined);
    });

    it('a saved-card payment: ALIAS without CN, COF_INITIATOR=CIT, COF_TRANSACTION=SUBSEQ, BROWSERCOLORDEPTH 30 → 24, REMOTE_ADDR', async () => {
      const card = await saveCard(flow, 'cust-cit', '4111111111111111');
      const response = await payWithSavedCard(await session('cust-cit'), card, { ...BROWSER_INFO, colorDepth: 30 });
      assert.equal(response.status, 201);
      const result = (await response.json()) as AttemptResult;
      const sent = await order(result.reference);
      assert.match(sent.ALIAS ?? '', /^OC-/);
      assert.equal(sent.COF_INITIATOR, 'CIT');
      assert.equal(sent.COF_TRANSACTION, 'SUBSEQ');
      assert.equal(sent.COF_SCHEDULE, undefined);
      assert.equal(sent.ECI, '7');
      assert.equal('CN' in sent, false, `no CN with an alias: ${JSON.stringify(sent)}`);
      assert.equal(sent.EMAIL, 'shopper@example.com');
      assert.equal(sent.BROWSERCOLORDEPTH, '24');
      assert.equal(sent.BROWSERSCREENWIDTH, '1920');
      assert.equal(sent.BROWSERLANGUAGE, 'fr-BE');
      assert.equal(sent.BROWSERTIMEZONE, '-120');
      assert.equal(sent.BROWSERJAVAENABLED, 'false');
      assert.equal(sent.REMOTE_ADDR, '127.0.0.1');
      // The alias still holds the card holder's name typed on the payment page, not the shop's.
      const aliases = (await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string; cn: string }> };
      assert.equal(aliases.aliases.find((a) => a.alias === sent.ALIAS)?.cn, 'Zoë Test');
    });

    it('a merchant charge: ALIAS without CN, COF_INITIATOR=MIT, COF_TRANSACTION=SUBSEQ, COF_SCHEDULE=UNSCHED, ECI 9', async () => {
      const card = await saveCard(flow, 'cust-mit', '4111111111111111');
      const charge = await flow.api(`/api/aliases/${card}/charges`, { amount: 700, currency: 'EUR', reference: `MIT-COF-${kind}` });
      assert.equal(charge.status, 201, JSON.stringify(charge.body));
      const sent = await order(`MIT-COF-${kind}`);
      assert.equal(sent.COF_INITIATOR, 'MIT');
      assert.equal(sent.COF_TRANSACTION, 'SUBSEQ');
      assert.equal(sent.COF_SCHEDULE, 'UNSCHED');
      assert.equal(sent.ECI, '9');
      assert.equal('CN' in sent, false);
      assert.equal('FLAG3D' in sent, false);
    });

    it('forgetting a card deletes it at the platform: 200, alias.deleted once, the sandbox refuses the alias (50001111)', async () => {
      const card = await saveCard(flow, 'cust-forget', '4111111111111111');
      const alias = (await flow.api(`/api/aliases/${card}`)).body.alias as string;
      // The same DELETE three times at once: one deletion, one event, the others 200 or 404.
      const answers = await Promise.all([1, 2, 3].map(() => flow.api(`/api/aliases/${card}`, 'DELETE')));
      const statuses = answers.map((a) => a.status).sort();
      assert.ok(statuses.includes(200), JSON.stringify(answers.map((a) => a.body)));
      assert.ok(
        statuses.every((s) => s === 200 || s === 202 || s === 404),
        String(statuses),
      );
      const done = answers.find((a) => a.status === 200)!.body;
      assert.equal(done.deletionStatus, 'deleted');
      assert.equal(done.deleted, true);
      const sandboxAliases = (await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> };
      assert.equal(
        sandboxAliases.aliases.some((a) => a.alias === alias),
        false,
      );
      assert.equal((await flow.api(`/api/aliases/${card}`, 'DELETE')).status, 404);
      const events = (await flow.api('/api/events?type=alias.deleted')).body.data as Array<{ data: { id: string } }>;
      assert.equal(events.filter((e) => e.data.id === card).length, 1);
      // A charge naming it never reaches the platform; the platform would refuse it anyway.
      assert.equal((await flow.api(`/api/aliases/${card}/charges`, { amount: 100, currency: 'EUR' })).status, 404);
    });

    it('platform down: deletion_pending (not listed, charges and payments refused with 409 naming the card), retried until confirmed', async () => {
      const card = await saveCard(flow, 'cust-pending', '4111111111111111');
      const alias = (await flow.api(`/api/aliases/${card}`)).body.alias as string;
      const fault = await fetch(`${flow.url}/sandbox/batch/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fail: 2 }),
      });
      assert.equal(fault.status, 200);

      const pending = await flow.api(`/api/aliases/${card}`, 'DELETE');
      assert.equal(pending.status, 202, JSON.stringify(pending.body));
      assert.equal(pending.body.deletionStatus, 'deletion_pending');
      assert.equal(pending.body.deleted, false);
      // Still at the platform, no longer ours to use.
      let atSandbox = (await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> };
      assert.ok(atSandbox.aliases.some((a) => a.alias === alias));
      assert.deepEqual((await flow.api('/api/customers/cust-pending/aliases')).body.data, []);
      assert.equal((await flow.api(`/api/aliases/${card}`)).body.deletionStatus, 'deletion_pending');
      const before = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: unknown[] }).payments.length;
      const charge = await flow.api(`/api/aliases/${card}/charges`, { amount: 100, currency: 'EUR' });
      assert.equal(charge.status, 409);
      assert.equal(charge.body.error.code, 'alias_deletion_pending');
      assert.equal(charge.body.error.field, 'id');
      assert.match(charge.body.error.message, new RegExp(card));
      const shopper = await payWithSavedCard(await session('cust-pending'), card);
      assert.equal(shopper.status, 409);
      const shopperError = ((await shopper.json()) as { error: { field: string; message: string } }).error;
      assert.equal(shopperError.field, 'aliasId');
      assert.match(shopperError.message, new RegExp(card));
      const view = (await (await fetch(`${flow.url}/checkout/sessions/${await session('cust-pending')}`)).json()) as {
        savedCards: unknown[];
      };
      assert.deepEqual(view.savedCards, []);
      assert.equal(((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: unknown[] }).payments.length, before);
      // A second DELETE while pending: still 202, no second event.
      assert.ok([202, 200].includes((await flow.api(`/api/aliases/${card}`, 'DELETE')).status));

      // The deleter retries after the failures and the platform confirms.
      await eventually(
        async () => (await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> },
        (list) => !list.aliases.some((a) => a.alias === alias),
        'the alias deleted at the sandbox after retries',
      );
      const deleted = await eventually(
        () => flow.api(`/api/events?type=alias.deleted`),
        (events) => (events.body.data as Array<{ data: { id: string } }>).some((e) => e.data.id === card),
        'alias.deleted once confirmed',
      );
      assert.equal((deleted.body.data as Array<{ data: { id: string } }>).filter((e) => e.data.id === card).length, 1);
      const faults = (await (await fetch(`${flow.url}/sandbox/batch/faults`)).json()) as { faults: { fail: number } };
      assert.equal(faults.faults.fail, 0, 'both injected failures were met');
      assert.equal((await flow.api(`/api/aliases/${card}`, 'DELETE')).status, 404);
      assert.equal((await flow.api(`/api/aliases/${card}/charges`, { amount: 100, currency: 'EUR' })).status, 404);
      atSandbox = (await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> };
      assert.equal(
        atSandbox.aliases.some((a) => a.alias === alias),
        false,
      );
    });

    it("the 3-D Secure page's CSP lets the HTML_ANSWER post to and frame the issuer over https, scripts by hash only", async () => {
      const card = await saveCard(flow, 'cust-csp', '4000000000000002');
      const response = await payWithSavedCard(await session('cust-csp'), card);
      const result = (await response.json()) as AttemptResult;
      assert.equal(result.kind, 'challenge');
      if (result.kind !== 'challenge') return;
      const page = await fetch(result.url, { headers: BROWSER_HEADERS });
      const csp = parseCsp(page.headers.get('content-security-policy') ?? '');
      assert.deepEqual(csp['default-src'], ["'none'"]);
      assert.ok(csp['form-action']?.includes('https:'));
      assert.ok(csp['form-action']?.includes("'self'"));
      assert.deepEqual(csp['frame-src']?.[0], 'https:');
      assert.ok(
        csp['script-src']?.every((source) => source.startsWith("'sha256-")),
        String(csp['script-src']),
      );
      assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
      const html = await page.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && token);
      await answerChallenge(action, token, 'approve');
    });
  });
}
