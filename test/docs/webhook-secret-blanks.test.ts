/**
 * WEBHOOK_SECRET given with something around it — a secret file's trailing newline, a byte order
 * mark ("UTF-8 with BOM"), a no-break space, a form feed — and the four verifiers a merchant may use:
 * the TypeScript one and the README's PHP and Python ones (test/docs/readme-snippets.ts). Either the
 * server refuses the secret at start naming WEBHOOK_SECRET, or every verifier, given the very value
 * the server was given, accepts what the server signs. The server once trimmed with JavaScript's
 * trim(), which removes a BOM and a no-break space that PHP's trim() and Python's strip() keep
 * (reviews r1010, r1030).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseServerConfig } from '../../server/config/env.ts';
import { signatureHeader } from '../../server/webhooks/signature.ts';
import { verifyWebhookSignature } from '../../shared/webhooks/verify.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { snippets, verifyWith } from './readme-snippets.ts';

const SECRET = 'whsec_blanks_0123456789abcdef';

const GIVEN: Array<[label: string, value: string]> = [
  ['a trailing newline', `${SECRET}\n`],
  ['spaces and a tab around it', `  ${SECRET}\t`],
  ['a form feed after it', `${SECRET}\f`],
  ['a byte order mark before it', `\uFEFF${SECRET}`],
  ['a no-break space after it', `${SECRET}\u00A0`],
  ['a zero-width space after it', `${SECRET}\u200B`],
  ['a NUL after it', `${SECRET}\u0000`],
];

describe('WEBHOOK_SECRET with something around it: refused at start, or read alike by every verifier', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'webhook-secret-blanks-'));
    for (const language of ['php', 'python'] as const)
      for (const [name, code] of snippets(language)) writeFileSync(path.join(dir, name), code);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, given] of GIVEN) {
    it(label, async () => {
      let config: ReturnType<typeof parseServerConfig>;
      try {
        config = parseServerConfig({ ...TEST_ENV, WEBHOOK_URL: 'https://shop.example/hooks', WEBHOOK_SECRET: given });
      } catch (error) {
        assert.match((error as Error).message, /WEBHOOK_SECRET/);
        assert.ok(!(error as Error).message.includes(SECRET), 'the refusal never repeats the secret');
        return;
      }
      const now = 1_750_000_000;
      const body = JSON.stringify({ id: 'evt_blanks', type: 'ping', data: { message: 'A test event from ogone-checkout.' } });
      const header = signatureHeader([config.webhookSecret!], now, body);
      const typescript = await verifyWebhookSignature({ body, header, secret: given, now });
      const cases = [{ body, header, secret: given, now }];
      assert.deepEqual(
        { typescript: typescript.valid, php: verifyWith('php', dir, cases)[0], python: verifyWith('python', dir, cases)[0] },
        { typescript: true, php: true, python: true },
        `the server started with WEBHOOK_SECRET ${JSON.stringify(given)}: every verifier given the same accepts its deliveries`,
      );
    });
  }
});
