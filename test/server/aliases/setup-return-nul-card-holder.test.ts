/**
 * Found by review r1635 (2026-12-07), now fixed.
 * The fix: the signed FlexCheckout return passes the NUL guard (nulGuard's signedPaths) and, once
 * its SHASign is verified, is read with each NUL as U+FFFD (feedback/verify.ts withoutNul), so the
 * card holder's name is stored. The test read the verification `authorized`, which it is only until
 * maintenance/setup-verification.ts cancels it (§15), a race PostgreSQL lost: it now reads the card
 * saved with the name, the payment authorised or cancelled after. An unsigned or badly signed
 * return with a NUL is still refused (400) and changes nothing.
 *
 * Review r1635: a regression sibling of r1545 (NUL → U+FFFD after SHA-OUT) that the fix missed.
 *
 * What is wrong: the FlexCheckout return of a setup session (GET /payment/flex/return, the
 * browser sent back with the signed Alias.* / Card.* fields in the query string) whose
 * Card.CardHolderName — the name the shopper types on FlexCheckout, signed as typed — carries a
 * NUL is refused with 400 by server/http/nul-guard.ts `nulGuard` before its signature is even
 * read. The fix of r1545 (server/feedback/verify.ts `withoutNul`: NUL kept as U+FFFD once SHA-OUT
 * is checked) reached only the e-Commerce feedback's POST body; this return never passes there.
 * Past the guard, server/aliases/setup-return.ts `verify` would copy the name as is into the
 * payment's `cardHolder` (`mutateTransaction` patch), which PostgreSQL's text cannot hold.
 *
 * Why it matters: the return is signed (docs/ogone-protocol.md §15 "SHA-OUT": the Card.* fields
 * are hashed as received), so it is the platform's word that the alias was stored. The shopper who
 * set up a card lands on a JSON 400 naming a NUL they never saw, the card is never verified nor
 * saved, and the merchant never gets checkout.setup_completed — a value the shopper typed decides
 * it, the very defect r1545 fixed for CN on the payment page's feedback.
 *
 * Expectation: on both databases the signed return with such a Card.CardHolderName is answered
 * like any other (303 to the success URL), the verification's payment is authorised (then
 * cancelled, §15) and the card saved with the name, its NUL as U+FFFD. The FlexCheckout SHA-OUT
 * digest is computed here by hand with node:crypto.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TEST_ENV } from '../../support/accounts.ts';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

/** FlexCheckout's SHA-OUT by hand (§15): the Alias.* / Card.* names uppercased, sorted, passphrase after each pair. */
function flexShaOut(pairs: ReadonlyArray<readonly [string, string]>): string {
  const kept = pairs
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .filter(([name, value]) => value !== '' && (name.startsWith('ALIAS.') || name.startsWith('CARD.')));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = kept.map(([name, value]) => `${name}=${value}${TEST_ENV.OGONE_SHA_OUT}`).join('');
  return createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();
}

for (const kind of DATABASE_KINDS)
  describe(`a FlexCheckout return whose Card.CardHolderName carries a NUL (${kind})`, () => {
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect'))
        return platformAnswer({
          orderID: form.ORDERID!,
          PAYID: '7163501',
          ACCEPTANCE: 'test123',
          STATUS: '5',
          amount: '1',
          PM: 'CreditCard',
          BRAND: 'VISA',
        });
      if (path.includes('querydirect')) return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7163501', STATUS: '5', amount: '1' });
      return platformAnswer({ orderID: '', PAYID: form.PAYID ?? '', PAYIDSUB: '1', STATUS: '6', amount: '1' });
    });

    it('is answered 303 to the success URL and the card verified', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-r1635-${kind}`, {
        successUrl: 'https://shop.example/saved',
        failureUrl: 'https://shop.example/not-saved',
      });
      const pairs: Array<[string, string]> = [
        ['Alias.AliasId', setup.alias],
        ['Card.Brand', 'VISA'],
        ['Card.CardNumber', 'XXXXXXXXXXXX1111'],
        ['Card.ExpiryDate', '1230'],
        ['Card.CardHolderName', 'Zo\u00eb\u0000Scale'],
        ['Alias.OrderId', setup.reference],
        ['Alias.Status', '0'],
        ['Alias.StorePermanently', 'Y'],
      ];
      const query = new URLSearchParams([...pairs, ['SHASign', flexShaOut(pairs)]]).toString();
      const response = await t.app.request(`/payment/flex/return?${query}`);
      const text = await response.text();
      assert.equal(response.status, 303, `the signed return was answered ${response.status} ${text.slice(0, 160)}`);
      assert.match(response.headers.get('location') ?? '', /^https:\/\/shop\.example\/saved/);
      const payment = await t.repository.getTransaction(setup.reference);
      // Authorised, and cancelled at once after (maintenance/setup-verification.ts): either, by when this reads.
      assert.ok(['authorized', 'cancelled'].includes(payment?.state ?? ''), `the verification is read, not ${payment?.state}`);
      assert.equal(payment?.cardHolder, 'Zo\u00eb\uFFFDScale', 'the name kept, its NUL as U+FFFD');
      const saved = await t.repository.listAliases(`cust-r1635-${kind}`);
      assert.deepEqual(
        saved.map((alias) => [alias.alias, alias.cardHolder]),
        [[setup.alias, 'Zo\u00eb\uFFFDScale']],
        'the card is saved',
      );
    });

    for (const [what, signature] of [
      ['unsigned', undefined],
      ['badly signed', 'A'.repeat(128)],
    ] as const)
      it(`an ${what} return with a NUL is refused with 400 and changes nothing`, async () => {
        const t = fake.t;
        const setup = await startSetupOnApp(t, `cust-r1635-${what.replace(' ', '-')}-${kind}`);
        const pairs: Array<[string, string]> = [
          ['Alias.AliasId', setup.alias],
          ['Card.Brand', 'VISA'],
          ['Card.CardNumber', 'XXXXXXXXXXXX1111'],
          ['Card.ExpiryDate', '1230'],
          ['Card.CardHolderName', 'Zo\u00eb\u0000Scale'],
          ['Alias.OrderId', setup.reference],
          ['Alias.Status', '0'],
          ['Alias.StorePermanently', 'Y'],
        ];
        const query = new URLSearchParams(signature === undefined ? pairs : [...pairs, ['SHASign', signature]]).toString();
        const response = await t.app.request(`/payment/flex/return?${query}`);
        assert.equal(response.status, 400, await response.text());
        const payment = await t.repository.getTransaction(setup.reference);
        assert.deepEqual([payment?.state, payment?.cardHolder], ['draft', null], 'nothing read from it');
        assert.deepEqual(await t.repository.listAliases(`cust-r1635-${what.replace(' ', '-')}-${kind}`), []);
      });
  });
