/**
 * OGONE_BASE_URL is "another platform origin (a white label, a proxy)": the pages' paths
 * (`/ncol/<test|prod>/<page>`, shared/schemas/config.ts platformUrl) are appended to it. The
 * white label's URL as the guides print it (`https://e-payment.postfinance.ch/ncol/prod/`) sent
 * every form and DirectLink call to `…/ncol/prod/ncol/prod/orderstandard_utf8.asp`, and a query
 * or fragment swallowed the page's path: serve started, and every payment went to a page that
 * does not exist (review r660). Refused now, naming the setting; an origin or a proxy's path is
 * still taken.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseServerConfig } from '../../../server/config/env.ts';
import { platformUrl } from '../../../shared/schemas/config.ts';
import { TEST_ENV } from '../../support/accounts.ts';

/** The hosted page's URL serve would hand to shoppers, or the ConfigError that refuses the start. */
function hostedPageUrlOrRefusal(env: Record<string, string>): { url?: string; refusal?: ConfigError } {
  try {
    const config = parseServerConfig({ ...TEST_ENV, DATA_DIR: '/tmp/base-url-unused', ...env });
    return { url: platformUrl(config.provider, 'orderstandard_utf8.asp') };
  } catch (error) {
    if (error instanceof ConfigError) return { refusal: error };
    throw error;
  }
}

describe('OGONE_BASE_URL that cannot take the pages’ paths', () => {
  for (const [base, environment] of [
    ['https://e-payment.postfinance.ch/ncol/prod/', 'production'],
    ['https://e-payment.postfinance.ch/ncol/test', 'test'],
    ['https://proxy.example.com/ogone?tenant=shop1', 'test'],
    ['https://proxy.example.com/ogone#main', 'test'],
  ] as const) {
    it(`${base} is refused naming OGONE_BASE_URL`, () => {
      const { url, refusal } = hostedPageUrlOrRefusal({ OGONE_ENVIRONMENT: environment, OGONE_BASE_URL: base });
      assert.ok(refusal, `serve would start and send every shopper to ${url}`);
      assert.match(refusal.message, /OGONE_BASE_URL/);
    });
  }

  for (const [base, page] of [
    ['https://e-payment.postfinance.ch', 'https://e-payment.postfinance.ch/ncol/test/orderstandard_utf8.asp'],
    ['https://e-payment.postfinance.ch/', 'https://e-payment.postfinance.ch/ncol/test/orderstandard_utf8.asp'],
    ['https://proxy.example.com/ogone', 'https://proxy.example.com/ogone/ncol/test/orderstandard_utf8.asp'],
  ] as const) {
    it(`${base} is taken: the hosted page is ${page}`, () => {
      const { url, refusal } = hostedPageUrlOrRefusal({ OGONE_BASE_URL: base });
      assert.equal(refusal, undefined, refusal?.message);
      assert.equal(url, page);
    });
  }
});
