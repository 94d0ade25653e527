/**
 * The demo shop's routes, answered before the server's own: `/` (products, one checkout session
 * per product per page view, created through the merchant API), `/demo/payments/:reference`
 * (the last result, for the page's module), `/demo/webhooks` + `/demo/events` (the receiver),
 * `/demo/shop.js`, `/demo/shop.css`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { browserBundle } from '../dashboard/bundle.ts';
import { addCardRoutes } from './add-card.ts';
import { DEMO_CUSTOMER, PRODUCTS, type Product } from './catalog.ts';
import type { DemoTransaction, MerchantClient } from './merchant-client.ts';
import { acceptedLanguages } from '../shopper-pages/languages.ts';
import { demoResult } from './result.ts';
import { shopPage } from './shop-page.ts';
import { webhookInbox } from './webhook-inbox.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Strict: our own scripts and styles, calls and form posts to our own origin (the sandbox is on it). */
export const SHOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface DemoShopOptions {
  merchant: MerchantClient;
  /** Where the shopper comes back to (the shop's own address as browsers see it). */
  publicUrl: string;
  merchantName: string;
  /** Verifies `POST /demo/webhooks`; undefined when WEBHOOK_URL points elsewhere without a secret. */
  webhookSecret: string | undefined;
  products?: readonly Product[];
}

function headers(c: Context) {
  c.header('Content-Security-Policy', SHOP_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
}

export function createDemoShop(options: DemoShopOptions) {
  const products = options.products ?? PRODUCTS;
  const { inbox, app: receiver } = webhookInbox({ secret: options.webhookSecret });
  const script = browserBundle(path.join(HERE, 'client', 'shop.ts'));
  let css: Promise<string> | undefined;
  const app = new Hono();

  app.get('/', async (c) => {
    headers(c);
    const returnUrl = `${options.publicUrl}/`;
    let problem: string | undefined;
    // A fresh session per product per page view: the merchant's backend decides amount and currency.
    const sessions = await Promise.all(
      products.map(async (product) => {
        try {
          const session = await options.merchant.createSession({
            amount: product.amount,
            currency: product.currency,
            description: product.name,
            locale: product.lang,
            customer: { ...DEMO_CUSTOMER },
            saveCard: 'optional',
            successUrl: returnUrl,
            failureUrl: returnUrl,
            metadata: { product: product.id },
            expiresIn: 3600,
          });
          return { product, sessionId: session.id };
        } catch (error) {
          problem = `The shop could not create checkout sessions: ${(error as Error).message}`;
          return { product, sessionId: undefined };
        }
      }),
    );
    const reference = c.req.query('reference');
    let result: { reference: string; transaction: DemoTransaction | undefined } | undefined;
    if (reference) {
      try {
        // undefined only for a 404: the client throws for any other failure (merchant-client.ts).
        result = { reference, transaction: await options.merchant.transaction(reference) };
      } catch (error) {
        // A 503 or a lost connection is not "no such payment": told so, a shopper just back from
        // paying would pay again (review r1711). No result banner, the failure on the problem line.
        const unread = `The shop could not read the result of payment ${reference} just now (${(error as Error).message}). Reload this page in a moment before paying again.`;
        problem = problem ? `${problem} ${unread}` : unread;
      }
    }
    return c.html(
      shopPage({
        merchantName: options.merchantName,
        products: sessions,
        customerName: DEMO_CUSTOMER.name,
        events: inbox.events(),
        languages: acceptedLanguages(c.req.header('accept-language')),
        ...(result ? { result } : {}),
        ...(problem ? { problem } : {}),
      }),
    );
  });

  app.get('/demo/payments/:reference', async (c) => {
    c.header('Cache-Control', 'no-store');
    const reference = c.req.param('reference');
    const transaction = await options.merchant.transaction(reference);
    return c.json(demoResult(reference, transaction, acceptedLanguages(c.req.header('accept-language'))), transaction ? 200 : 404);
  });

  app.route('/', receiver);
  app.route(
    '/',
    addCardRoutes({ merchant: options.merchant, publicUrl: options.publicUrl, merchantName: options.merchantName, csp: SHOP_CSP }),
  );
  // Browsers ask for it on every page, the sandbox's included; the demo has no icon.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'max-age=86400' }));

  app.get('/demo/shop.js', async (c) => {
    const { code, etag } = await script();
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    return c.body(code, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get('/demo/shop.css', async (c) => {
    css ??= readFile(path.join(HERE, 'shop.css'), 'utf8');
    c.header('Cache-Control', 'no-cache');
    return c.body(await css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  return { app, inbox };
}
