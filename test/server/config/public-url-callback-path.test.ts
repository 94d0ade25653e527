/**
 * PUBLIC_URL is the server's base URL; the docs' back-office checklist shows the feedback URL
 * (`<PUBLIC_URL>/payment/ogone/return`) right beside it, and an operator pasting that one into
 * PUBLIC_URL started a server whose every return URL was `…/payment/ogone/return/payment/ogone/return`:
 * each shopper came back to a 404 and every feedback of the hosted page was lost. Refused at the
 * start, naming the setting and the path to drop — for the FlexCheckout return too. A shop served
 * under a path of its own (`https://shop.example/pay`) is still accepted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors, parseServerConfig } from '../../../server/config/env.ts';
import { FEEDBACK_PATH } from '../../../server/payments/hosted-page.ts';
import { FLEX_RETURN_PATH } from '../../../server/payments/setup-session.ts';
import { accountEnv } from './account-env.ts';

const publicUrlErrors = (publicUrl: string) =>
  collectConfigErrors(accountEnv({ PUBLIC_URL: publicUrl })).filter((error) => error.variable === 'PUBLIC_URL');

describe('PUBLIC_URL set to one of the server’s own callback URLs', () => {
  for (const publicUrl of [
    'https://pay.example.com/payment/ogone/return',
    'https://pay.example.com/payment/ogone/return/',
    'https://pay.example.com/shop/payment/ogone/return',
    'https://pay.example.com/PAYMENT/Ogone/Return',
    'https://pay.example.com/payment/flex/return',
    // As the server builds them: the refusal follows the routes' own paths.
    `https://pay.example.com${FEEDBACK_PATH}`,
    `https://pay.example.com${FLEX_RETURN_PATH}`,
  ]) {
    it(`${publicUrl} is refused naming PUBLIC_URL and the path to drop`, () => {
      const errors = publicUrlErrors(publicUrl);
      assert.equal(errors.length, 1, `serve would start with PUBLIC_URL=${publicUrl}`);
      assert.match(errors[0]!.message, /\/payment\/(ogone|flex)\/return/i, errors[0]!.message);
      assert.match(errors[0]!.message, /base URL/, errors[0]!.message);
    });
  }

  for (const publicUrl of [
    'https://pay.example.com',
    'https://pay.example.com/',
    'https://shop.example.com/pay',
    'https://shop.example.com/payment',
  ]) {
    it(`${publicUrl} is a base URL: accepted, its return URL one path`, () => {
      assert.deepEqual(publicUrlErrors(publicUrl), []);
      const config = parseServerConfig(accountEnv({ PUBLIC_URL: publicUrl }));
      assert.equal(new URL(`${config.publicUrl}${FEEDBACK_PATH}`).pathname.split(FEEDBACK_PATH).length, 2);
      assert.equal(new URL(`${config.publicUrl}${FLEX_RETURN_PATH}`).pathname.endsWith(FLEX_RETURN_PATH), true);
    });
  }
});
