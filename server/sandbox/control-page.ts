/**
 * The control page's routes (`/sandbox/control…`, sandbox-only): `GET` shows html/control-page.ts;
 * each `POST` is one of its forms, calls the same controls as the JSON API (control-api.ts) and
 * answers with a 303 back to the page (POST-redirect-GET), the outcome in the query string as a
 * fixed code (never text to echo).
 *
 * Access: under `/sandbox/`, so the mounted sandbox's rule applies as to the JSON API (a merchant
 * key unless listening on loopback, server/sandbox-access.ts). CSRF: a form post is accepted only
 * from the page's own origin — the browser's `Origin` header must name this host (as the request
 * reached us, or as a proxy forwarded it), or, without `Origin`, `Sec-Fetch-Site: same-origin`;
 * anything else is refused with 403 and changes nothing. A browser cannot forge either header
 * from another site, and the page cannot be framed (CSP frame-ancestors 'none', app.ts).
 */
import { Hono, type Context } from 'hono';
import { ControlError, RESOLVABLE_TO, type SandboxControls } from './controls.ts';
import { CONTROL_PAGE_PATH, controlPage, type ControlPageModel } from './html/control-page.ts';

const MAX_FAULT_COUNT = 1000;
const MAX_DELAY_MS = 600_000;

/** The notices the page shows after a redirect, by code. */
function noticeFor(query: URLSearchParams): ControlPageModel['notice'] {
  const payId = /^\d{1,20}$/.exec(query.get('payId') ?? '')?.[0] ?? '';
  const status = /^\d{1,2}$/.exec(query.get('status') ?? '')?.[0] ?? '';
  switch (query.get('done')) {
    case 'resolved':
      return {
        kind: 'ok',
        text: `Payment ${payId} resolved: STATUS ${status} (a status-change feedback was sent if those are turned on).`,
      };
    case 'feedback':
      return { kind: 'ok', text: `Feedback of payment ${payId} sent again (its delivery is listed in the JSON view).` };
    case 'faults':
      return { kind: 'ok', text: 'Faults set.' };
    case 'cleared':
      return { kind: 'ok', text: 'All faults cleared.' };
  }
  switch (query.get('error')) {
    case 'payment_not_found':
      return { kind: 'error', text: `No payment with PAYID ${payId}.` };
    case 'not_resolvable':
      return { kind: 'error', text: `Payment ${payId} is no longer pending: only STATUS 46, 51, 52 and 92 are resolved this way.` };
    case 'invalid_status':
      return { kind: 'error', text: 'A payment is resolved to STATUS 5, 9, 2 or 93 only; an uncertain capture to 9 or 93.' };
    case 'no_feedback_url':
      return { kind: 'error', text: 'No feedback URL is configured (feedbackUrl / --feedback-url): nothing to send.' };
    case 'invalid_faults':
      return {
        kind: 'error',
        text: `Faults are whole numbers: counts 0–${MAX_FAULT_COUNT}, delay 0–${MAX_DELAY_MS} ms. Nothing was changed.`,
      };
  }
  return undefined;
}

/** True when the form was posted by a page of this origin (see the module comment). */
export function postedFromHere(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return c.req.header('sec-fetch-site') === 'same-origin';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (a sandboxed frame, a redirect across origins) and anything unreadable
  }
  const ours = [new URL(c.req.url).host, c.req.header('host'), ...(c.req.header('x-forwarded-host') ?? '').split(',').map((h) => h.trim())];
  return host !== '' && ours.includes(host);
}

function back(c: Context, outcome: Record<string, string>): Response {
  return c.redirect(`${CONTROL_PAGE_PATH}?${new URLSearchParams(outcome).toString()}`, 303);
}

function failure(c: Context, error: unknown, payId: string): Response {
  if (error instanceof ControlError) return back(c, { error: error.code, payId });
  throw error;
}

/** A whole number in [0, max] from a form field; `undefined` when empty, `null` when invalid. */
function countField(value: unknown, max: number): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,7}$/.test(value.trim())) return null;
  const number = Number(value.trim());
  return number <= max ? number : null;
}

export function controlPageRoutes(controls: SandboxControls): Hono {
  const app = new Hono();

  app.get(CONTROL_PAGE_PATH, (c) => {
    const notice = noticeFor(new URL(c.req.url).searchParams);
    const response = c.html(controlPage({ payments: controls.payments(), faults: controls.faults(), ...(notice ? { notice } : {}) }));
    response.headers.set('Cache-Control', 'no-store');
    return response;
  });

  // Every action: same-origin only, then the same controls as the JSON API.
  app.use(`${CONTROL_PAGE_PATH}/*`, async (c, next) => {
    if (c.req.method !== 'POST') return next();
    if (!postedFromHere(c)) {
      return c.text(
        'Cross-site request refused: the control page accepts only its own forms (same-origin Origin header). Nothing was changed.',
        403,
      );
    }
    return next();
  });

  app.post(`${CONTROL_PAGE_PATH}/payments/:payId/resolve`, async (c) => {
    const payId = c.req.param('payId');
    const form = await c.req.parseBody();
    const status = typeof form.status === 'string' && /^\d{1,2}$/.test(form.status) ? Number(form.status) : NaN;
    if (!RESOLVABLE_TO.has(status)) return back(c, { error: 'invalid_status', payId });
    try {
      const payment = await controls.resolve(payId, status);
      return back(c, { done: 'resolved', payId, status: String(payment.status) });
    } catch (error) {
      return failure(c, error, payId);
    }
  });

  app.post(`${CONTROL_PAGE_PATH}/payments/:payId/feedback`, async (c) => {
    const payId = c.req.param('payId');
    try {
      await controls.resendFeedback(payId);
      return back(c, { done: 'feedback', payId });
    } catch (error) {
      return failure(c, error, payId);
    }
  });

  app.post(`${CONTROL_PAGE_PATH}/faults`, async (c) => {
    const form = await c.req.parseBody();
    const fail = countField(form.fail, MAX_FAULT_COUNT);
    const delay = countField(form.delay, MAX_FAULT_COUNT);
    const delayMs = countField(form.delayMs, MAX_DELAY_MS);
    const maintenanceUncertain = countField(form.maintenanceUncertain, MAX_FAULT_COUNT);
    if ([fail, delay, delayMs, maintenanceUncertain].includes(null)) return back(c, { error: 'invalid_faults' });
    // As POST /sandbox/faults does: a field left out keeps its value.
    if (fail != null) controls.failNext(fail);
    if (maintenanceUncertain != null) controls.uncertainMaintenanceNext(maintenanceUncertain);
    if (delay != null || delayMs != null) controls.delayNext(delay ?? controls.faults().delay, delayMs ?? controls.faults().delayMs);
    return back(c, { done: 'faults' });
  });

  app.post(`${CONTROL_PAGE_PATH}/faults/clear`, (c) => {
    // As DELETE /sandbox/faults does.
    controls.failNext(0);
    controls.delayNext(0, 0);
    controls.uncertainMaintenanceNext(0);
    return back(c, { done: 'cleared' });
  });

  return app;
}
