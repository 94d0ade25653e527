/** The dashboard's page, module and chart model, without a browser (the browser run is test/e2e). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromSummary, paymentsByState, totalsByCurrency } from '../../../server/dashboard/client/chart-model.ts';
import { dashboardRoutes } from '../../../server/dashboard/routes.ts';

describe('dashboard routes', () => {
  const app = dashboardRoutes({ merchantName: 'Shop <&> Co' });

  it('serves the page under a strict CSP, with no inline script and no data', async () => {
    const response = await app.request('/dashboard');
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /Shop &lt;&amp;&gt; Co/, 'the merchant name is escaped');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, ['<script type="module" src="/dashboard/dashboard.js">']);
    assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute');
  });

  it("serves the same shell for a payment's page, with the confirmation dialog and no data", async () => {
    const response = await app.request('/dashboard/transactions/OC-123');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'(;|$)/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-effect">/);
    assert.match(html, /<script type="module" src="\/dashboard\/dashboard.js">/, 'an absolute module path, right from a nested URL');
    assert.doesNotMatch(html, /OC-123/, 'the reference is read by the module, not echoed');
  });

  it('bundles the module from TypeScript, with an ETag', async () => {
    const response = await app.request('/dashboard/dashboard.js');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    const code = await response.text();
    assert.match(code, /sessionStorage/);
    assert.match(code, /\/api\/transactions/);
    assert.doesNotMatch(code, /\bimport\s*["'{]/, 'one self-contained module');
    const etag = response.headers.get('etag');
    assert.ok(etag);
    const again = await app.request('/dashboard/dashboard.js', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('serves the stylesheet', async () => {
    const response = await app.request('/dashboard/dashboard.css');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(await response.text(), /\.s-captured/);
  });
});

describe('paymentsByState', () => {
  const now = new Date('2025-03-10T15:00:00Z');

  it('counts the transactions of each UTC day by state, oldest day first', () => {
    const model = paymentsByState(
      [
        { state: 'captured', createdAt: '2025-03-10T00:00:00Z' },
        { state: 'captured', createdAt: '2025-03-10T14:59:00Z' },
        { state: 'declined', createdAt: '2025-03-10T01:00:00Z' },
        { state: 'captured', createdAt: '2025-03-08T23:59:59Z' },
        { state: 'refunded', createdAt: '2025-03-04T12:00:00Z' },
        { state: 'captured', createdAt: '2025-03-03T23:59:59Z' }, // outside 7 days
        { state: 'captured', createdAt: 'not a date' },
      ],
      { days: 7, now },
    );
    assert.deepEqual(model.days, ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10']);
    assert.deepEqual(
      model.series,
      [
        { state: 'captured', counts: [0, 0, 0, 0, 1, 0, 2] },
        { state: 'refunded', counts: [1, 0, 0, 0, 0, 0, 0] },
        { state: 'declined', counts: [0, 0, 0, 0, 0, 0, 1] },
      ].sort((a, b) => order(a.state) - order(b.state)),
    );
    assert.equal(model.max, 3);
    assert.equal(model.total, 5);
  });

  it('is empty with no transactions', () => {
    const model = paymentsByState([], { days: 3, now });
    assert.deepEqual(model, { days: ['2025-03-08', '2025-03-09', '2025-03-10'], series: [], max: 0, total: 0 });
  });
});

describe('modelFromSummary', () => {
  const now = new Date('2025-03-10T15:00:00Z');
  const day = (date: string, currency: string, payments: number, capturedCount: number, capturedAmount = 0, refundedAmount = 0) => ({
    date,
    currency,
    payments,
    capturedCount,
    capturedAmount,
    refundedAmount,
  });

  it("per day: the payments captured and the others, every currency together, from the database's figures", () => {
    const summary = {
      daily: [
        day('2025-03-09', 'EUR', 1200, 1000, 1_999_000, 5000),
        day('2025-03-09', 'USD', 10, 10, 25_000),
        day('2025-03-10', 'EUR', 3, 1, 1999),
        day('2025-02-01', 'EUR', 9, 9, 9000),
      ],
    };
    const model = modelFromSummary(summary, { days: 3, now });
    assert.deepEqual(model.days, ['2025-03-08', '2025-03-09', '2025-03-10']);
    assert.deepEqual(model.series, [
      { state: 'captured', counts: [0, 1010, 1] },
      { state: 'uncaptured', counts: [0, 200, 2] },
    ]);
    assert.equal(model.max, 1210);
    assert.equal(model.total, 1213);
    assert.deepEqual(totalsByCurrency(summary), [
      { currency: 'EUR', captured: 1_999_000 + 1999 + 9000, refunded: 5000 },
      { currency: 'USD', captured: 25_000, refunded: 0 },
    ]);
  });

  it('is empty with no payments', () => {
    const model = modelFromSummary({ daily: [day('2025-03-10', 'EUR', 0, 0)] }, { days: 14, now });
    assert.deepEqual([model.series, model.total, model.days.length], [[], 0, 14]);
  });
});

function order(state: string): number {
  return ['draft', 'pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'cancelled', 'declined', 'error'].indexOf(state);
}
