/**
 * Every webhook verifier we give merchants — the README's PHP and Python functions and endpoint,
 * the shared WebCrypto one, the server's — refuses when its secret is empty (a key anyone knows:
 * WEBHOOK_SECRET unset) and when its tolerance or clock is not a number (NaN from an unset
 * variable), rather than accepting a forgery or a month-old replay. The PHP and Python functions
 * and the server's accepted a delivery signed with the empty key; the shared one threw.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyWebhookSignature } from '../../shared/webhooks/index.ts';
import { verifyWebhookSignature as verifySync } from '../../server/webhooks/verify.ts';
import { snippets } from './readme-snippets.ts';

const body = '{"id":"evt_forged","type":"payment.captured","created":1700000000,"livemode":true,"data":{}}';
const now = Math.floor(Date.now() / 1000);
/** Signed by an attacker with the empty key. */
const forgedHeader = `t=${now},v1=${createHmac('sha256', '').update(`${now}.${body}`).digest('hex')}`;

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oc-webhook-verifiers-'));
  for (const language of ['php', 'python'] as const)
    for (const [name, code] of snippets(language)) writeFileSync(path.join(dir, name), code);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('an empty webhook secret', () => {
  it('the README PHP function refuses a delivery signed with the empty key', () => {
    writeFileSync(path.join(dir, 'case.json'), JSON.stringify({ body, header: forgedHeader }));
    const out = execFileSync(
      'php',
      [
        '-r',
        'require "ogone_checkout_verify.php"; $c = json_decode(file_get_contents("case.json"), true); echo json_encode(ogone_checkout_verify($c["body"], $c["header"], ""));',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(JSON.parse(out), false);
  });

  it('the README PHP endpoint (webhook.php) with WEBHOOK_SECRET unset refuses a forged delivery', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // WEBHOOK_SECRET deliberately missing from the environment (a deployment that forgot it).
    const child = spawn('php', ['-S', `127.0.0.1:${port}`, 'webhook.php'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: 'ignore',
    });
    try {
      for (let i = 0; i < 100; i++) {
        const open = await new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => {
            s.end();
            resolve(true);
          }).on('error', () => resolve(false));
        });
        if (open) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/ogone-checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Ogone-Checkout-Signature': forgedHeader },
        body,
      });
      assert.equal(response.status, 400, 'a forged payment.captured must not be accepted by an endpoint missing its secret');
    } finally {
      child.kill();
    }
  });

  it('the README Python function refuses a delivery signed with the empty key', () => {
    writeFileSync(path.join(dir, 'case.json'), JSON.stringify({ body, header: forgedHeader }));
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import json; from ogone_checkout_verify import ogone_checkout_verify as v; c = json.load(open("case.json")); print(json.dumps(v(c["body"].encode(), c["header"], "")))',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(JSON.parse(out), false);
  });

  it('the shared (merchant) verifier answers {valid:false} instead of throwing', async () => {
    const result = await verifyWebhookSignature({ body, header: forgedHeader, secret: '' }).catch(
      (error: Error) => `threw: ${error.message}`,
    );
    assert.deepEqual(result, { valid: false, reason: 'missing secret' });
  });

  it('the server verifier (demo receiver; "gives the same answers" as shared) refuses it too', () => {
    assert.equal(verifySync({ body, header: forgedHeader, secret: '' }).valid, false);
  });
});

describe('an unusable tolerance or clock', () => {
  const secret = 'a-real-secret-of-thirty-two-chars';
  const old = now - 86_400 * 30; // a month-old captured delivery, replayed
  const header = `t=${old},v1=${createHmac('sha256', secret).update(`${old}.${body}`).digest('hex')}`;
  it('toleranceSeconds NaN (e.g. Number(process.env.UNSET)) does not disable the replay check', async () => {
    const result = await verifyWebhookSignature({ body, header, secret, toleranceSeconds: Number(undefined) });
    assert.equal(result.valid, false);
  });
  it('now NaN does not disable the replay check', async () => {
    const result = await verifyWebhookSignature({ body, header, secret, now: Number.NaN });
    assert.equal(result.valid, false);
  });
});
