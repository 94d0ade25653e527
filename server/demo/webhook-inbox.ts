/**
 * The demo's webhook receiver (`POST /demo/webhooks`), written the way a merchant would: verify
 * the `Ogone-Checkout-Signature` over the raw body with `verifyWebhookSignature`, then handle each
 * event once — deliveries are at-least-once, so a repeated event id is counted, not re-applied.
 */
import { Hono } from 'hono';
import { SIGNATURE_HEADER } from '../webhooks/signature.ts';
import { verifyWebhookSignature } from '../webhooks/verify.ts';

export interface ReceivedEvent {
  id: string;
  type: string;
  created: string;
  reference: string | null;
  state: string | null;
  receivedAt: string;
  /** How many more times the same event id arrived (and was ignored). */
  duplicates: number;
}

export interface WebhookInbox {
  events(): ReceivedEvent[];
  /** Signatures that did not verify (never stored). */
  rejected(): number;
}

const MAX_EVENTS = 200;

export function webhookInbox(options: { secret: string | undefined; now?: () => Date }) {
  const byId = new Map<string, ReceivedEvent>();
  let rejected = 0;
  const now = options.now ?? (() => new Date());

  const inbox: WebhookInbox = {
    events: () => [...byId.values()].reverse(),
    rejected: () => rejected,
  };

  const app = new Hono();
  app.post('/demo/webhooks', async (c) => {
    const body = await c.req.text();
    if (!options.secret)
      return c.json({ error: { code: 'not_configured', message: 'the demo has no WEBHOOK_SECRET to verify with' } }, 500);
    const check = verifyWebhookSignature({ body, header: c.req.header(SIGNATURE_HEADER), secret: options.secret });
    if (!check.valid) {
      rejected++;
      return c.json({ error: { code: 'invalid_signature', message: check.reason, field: SIGNATURE_HEADER } }, 400);
    }
    let event: { id?: unknown; type?: unknown; created?: unknown; data?: { reference?: unknown; state?: unknown } };
    try {
      event = JSON.parse(body) as typeof event;
    } catch {
      return c.json({ error: { code: 'invalid_json', message: 'the body is not JSON' } }, 400);
    }
    if (typeof event.id !== 'string' || typeof event.type !== 'string') {
      return c.json({ error: { code: 'invalid_event', message: 'an event has a string id and type', field: 'id' } }, 400);
    }
    const known = byId.get(event.id);
    if (known) {
      known.duplicates++;
      return c.json({ received: true, duplicate: true });
    }
    byId.set(event.id, {
      id: event.id,
      type: event.type,
      created: typeof event.created === 'string' ? event.created : '',
      reference: typeof event.data?.reference === 'string' ? event.data.reference : null,
      state: typeof event.data?.state === 'string' ? event.data.state : null,
      receivedAt: now().toISOString(),
      duplicates: 0,
    });
    while (byId.size > MAX_EVENTS) byId.delete(byId.keys().next().value!);
    return c.json({ received: true });
  });

  app.get('/demo/events', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ events: inbox.events(), rejected: inbox.rejected() });
  });

  return { inbox, app };
}
