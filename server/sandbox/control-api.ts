/**
 * The control API under `/sandbox/` (sandbox-only, documented in README.md): JSON in and out,
 * errors as `{ error: { code, message, field } }` like the rest of the project.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { describeProblems } from '../../shared/schemas/errors.ts';
import { TEST_CARDS } from './cards.ts';
import { ControlError, RESOLVABLE_TO, type SandboxControls } from './controls.ts';
import { MAX_PAYMENT_TRIES } from './options.ts';
import { postedFromHere } from './control-page.ts';

const faultsSchema = z.strictObject({
  fail: z
    .int({ error: 'fail must be a whole number of requests' })
    .min(0, { error: 'fail must be 0 or more' })
    .max(1000, { error: 'fail must be at most 1000' })
    .optional(),
  delay: z
    .int({ error: 'delay must be a whole number of requests' })
    .min(0, { error: 'delay must be 0 or more' })
    .max(1000, { error: 'delay must be at most 1000' })
    .optional(),
  maintenanceUncertain: z
    .int({ error: 'maintenanceUncertain must be a whole number of requests' })
    .min(0, { error: 'maintenanceUncertain must be 0 or more' })
    .max(1000, { error: 'maintenanceUncertain must be at most 1000' })
    .optional(),
  delayMs: z
    .int({ error: 'delayMs must be a whole number of milliseconds' })
    .min(0, { error: 'delayMs must be 0 or more' })
    .max(600_000, { error: 'delayMs must be at most 600000 (10 minutes)' })
    .optional(),
});

const resolveSchema = z.strictObject({
  status: z
    .int({ error: 'status is required: 5, 9, 2 or 93' })
    .refine((status) => RESOLVABLE_TO.has(status), { error: 'status must be 5, 9, 2 or 93' }),
});

const settingsSchema = z.strictObject({
  paymentTries: z
    .int({ error: `paymentTries must be a whole number from 1 to ${MAX_PAYMENT_TRIES}` })
    .min(1, { error: 'paymentTries must be at least 1' })
    .max(MAX_PAYMENT_TRIES, { error: `paymentTries must be at most ${MAX_PAYMENT_TRIES}` })
    .optional(),
  statusChangeFeedback: z.boolean({ error: 'statusChangeFeedback must be true or false' }).optional(),
});

/**
 * A request a browser sent from another site: its Origin is another host, or (no Origin) its
 * Sec-Fetch-Site says so. The control page refuses such forms (control-page.ts postedFromHere);
 * the API takes scripts and curl, which send neither header, but a page on any site the developer
 * visits could otherwise inject faults, reset the sandbox or resolve a payment with a text/plain
 * POST, which needs no preflight.
 */
function crossSite(c: Context): boolean {
  if (c.req.header('origin') !== undefined) return !postedFromHere(c);
  const site = c.req.header('sec-fetch-site');
  return site === 'cross-site' || site === 'same-site';
}

/**
 * Refuses a change asked by another site's page. Registered by the sandbox's app ahead of every
 * route under `/sandbox/` (app.ts): the Batch faults of batch/alias-file.ts too, whose routes come
 * first — a guard of this app's own ran after them, and a text/plain POST from any site set them.
 */
export const refuseCrossSite: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && crossSite(c))
    return problem(c, 403, 'cross_site_request', "the sandbox's control API takes no request from another site's page");
  return next();
};

export function controlApi(controls: SandboxControls): Hono {
  const app = new Hono();

  app.get('/sandbox', (c) =>
    c.json({
      sandbox: 'Ogone sandbox (TEST PLATFORM)',
      endpoints: {
        payments: 'GET /sandbox/payments[?orderId=…]',
        payment: 'GET /sandbox/payments/:payId',
        resendFeedback: 'POST /sandbox/payments/:payId/feedback',
        resolve: 'POST /sandbox/payments/:payId/resolve {"status":9}',
        aliases: 'GET /sandbox/aliases',
        faults: 'GET|POST|DELETE /sandbox/faults {"fail":2} {"delay":1,"delayMs":3000} {"maintenanceUncertain":1}',
        batchFaults: 'GET|POST|DELETE /sandbox/batch/faults {"fail":1} (Batch uploads: alias deletion)',
        settings: 'GET|POST /sandbox/settings {"paymentTries":3,"statusChangeFeedback":true}',
        reset: 'POST /sandbox/reset',
      },
      testCards: TEST_CARDS.map(({ number, brand, result }) => ({ number, brand, result })),
    }),
  );
  app.get('/sandbox/payments', (c) => {
    const orderId = c.req.query('orderId');
    return c.json({ payments: controls.payments(orderId === undefined ? {} : { orderId }) });
  });
  app.get('/sandbox/payments/:payId', (c) => {
    const payment = controls.payment(c.req.param('payId'));
    if (!payment) return problem(c, 404, 'payment_not_found', `no payment with PAYID ${JSON.stringify(c.req.param('payId'))}`, 'payId');
    return c.json({ payment });
  });
  app.post('/sandbox/payments/:payId/feedback', (c) =>
    run(c, async () => ({ delivery: await controls.resendFeedback(c.req.param('payId')) })),
  );
  app.post('/sandbox/payments/:payId/resolve', async (c) => {
    const body = await readJson(c, resolveSchema);
    if ('response' in body) return body.response;
    return run(c, async () => ({ payment: await controls.resolve(c.req.param('payId'), body.value.status) }));
  });
  app.get('/sandbox/aliases', (c) => c.json({ aliases: controls.aliases() }));
  app.get('/sandbox/faults', (c) => c.json({ faults: controls.faults() }));
  app.post('/sandbox/faults', async (c) => {
    const body = await readJson(c, faultsSchema);
    if ('response' in body) return body.response;
    const { fail, delay, delayMs, maintenanceUncertain } = body.value;
    if (fail !== undefined) controls.failNext(fail);
    if (maintenanceUncertain !== undefined) controls.uncertainMaintenanceNext(maintenanceUncertain);
    if (delay !== undefined || delayMs !== undefined)
      controls.delayNext(delay ?? controls.faults().delay, delayMs ?? controls.faults().delayMs);
    return c.json({ faults: controls.faults() });
  });
  app.delete('/sandbox/faults', (c) => {
    controls.failNext(0);
    controls.delayNext(0, 0);
    controls.uncertainMaintenanceNext(0);
    return c.json({ faults: controls.faults() });
  });
  app.get('/sandbox/settings', (c) => c.json({ settings: controls.settings() }));
  app.post('/sandbox/settings', async (c) => {
    const body = await readJson(c, settingsSchema);
    if ('response' in body) return body.response;
    const { paymentTries, statusChangeFeedback } = body.value;
    return c.json({
      settings: controls.updateSettings({
        ...(paymentTries !== undefined ? { paymentTries } : {}),
        ...(statusChangeFeedback !== undefined ? { statusChangeFeedback } : {}),
      }),
    });
  });
  app.post('/sandbox/reset', (c) => {
    controls.reset();
    return c.json({ reset: true });
  });
  return app;
}

function problem(c: Context, status: 400 | 403 | 404 | 409, code: string, message: string, field?: string): Response {
  return c.json({ error: { code, message, ...(field ? { field } : {}) } }, status);
}

async function run(c: Context, work: () => Promise<object>): Promise<Response> {
  try {
    return c.json(await work());
  } catch (error) {
    if (error instanceof ControlError) return problem(c, error.status, error.code, error.message, error.field);
    throw error;
  }
}

async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<{ value: T } | { response: Response }> {
  let raw: unknown;
  try {
    const text = await c.req.text();
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { response: problem(c, 400, 'invalid_json', 'the request body is not valid JSON') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const [first] = describeProblems(parsed.error);
    return { response: problem(c, 400, 'invalid_request', first?.message ?? 'invalid request', first?.field) };
  }
  return { value: parsed.data };
}
