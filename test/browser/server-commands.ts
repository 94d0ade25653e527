/**
 * Browser-side wrappers of the commands of ./server-plugin.js: the real ogone-checkout server,
 * driven from a test page. `server` names a test's own server (see `startServer`); without it,
 * the shared one.
 */
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CreateButton, CreateCheckoutSession } from '../../shared/schemas/api.ts';

export interface SessionRecord {
  id: string;
  status: string;
  amount: number;
  currency: string;
  transactions: Array<{ reference: string; state: string; createdAt: string }>;
}

async function command<T>(name: string, payload: Record<string, unknown> = {}): Promise<T> {
  return (await executeServerCommand(name, payload)) as T;
}

export function serverUrl(server?: string): Promise<string> {
  return command<{ url: string }>('oc-server', { server }).then((answer) => answer.url);
}

export function createSession(session: CreateCheckoutSession, server?: string): Promise<SessionRecord> {
  return command('oc-create-session', { session, server });
}

export function createButton(button: CreateButton, server?: string): Promise<{ id: string }> {
  return command('oc-create-button', { button, server });
}

export function getSession(id: string, server?: string): Promise<SessionRecord> {
  return command('oc-get-session', { id, server });
}

export function getTransaction(
  reference: string,
  server?: string,
): Promise<{ reference: string; state: string; amount: number; currency: string }> {
  return command('oc-get-transaction', { reference, server });
}

/** A shopper pays the session on the sandbox's hosted page (Node side, like another tab would). */
export function paySession(id: string, options: { saveCard?: boolean; cardNumber?: string; server?: string } = {}) {
  return command<{ reference: string; status: number; location: string | null }>('oc-pay-session', { id, ...options });
}

/** Posts fields to the hosted page from Node and says what it answered. */
export function postHostedPage(action: string, fields: Record<string, string>) {
  return command<{ status: number; title: string; cardForm: boolean; unknownOrder: boolean; text: string }>('oc-post-hosted-page', {
    action,
    fields,
  });
}

/** Renames a table of a test's own server, so that its next queries fail: a real internal error. */
export function breakDatabase(server: string, table: string): Promise<unknown> {
  return command('oc-break-database', { server, table });
}

/** The HTML of an iframe of the test page, even cross-origin (read through the browser driver). */
export function frameHtml(selector: string): Promise<string> {
  return command<{ html: string }>('oc-frame-html', { selector }).then((answer) => answer.html);
}

/**
 * A server of this test only (its own database, a clock it can move, its own rate limit, its own
 * ALLOWED_ORIGINS: by default the test page's origins).
 */
export function startServer(server: string, options: { rateLimit?: number; allowedOrigins?: string[] } = {}): Promise<string> {
  return command<{ url: string }>('oc-start-server', { server, ...options }).then((answer) => answer.url);
}

export function stopServer(server: string): Promise<{ stopped: boolean }> {
  return command('oc-stop-server', { server });
}

export function advanceClock(server: string, ms: number): Promise<unknown> {
  return command('oc-advance-clock', { server, ms });
}

let customers = 0;

/**
 * A session with sensible defaults. Saving a card needs a customer to attach it to, so one is
 * made up (unique per call) when the test asks for saveCard without naming one.
 */
export function newSession(overrides: Partial<CreateCheckoutSession> = {}, server?: string): Promise<SessionRecord> {
  const customer =
    overrides.customer ??
    (overrides.saveCard && overrides.saveCard !== 'never'
      ? { id: `cust_${Date.now().toString(36)}_${++customers}_${Math.random().toString(36).slice(2, 8)}` }
      : undefined);
  return createSession(
    { amount: 1999, currency: 'EUR', description: 'Browser test order', ...overrides, ...(customer ? { customer } : {}) },
    server,
  );
}

/** The engine running this test ('Chrome', 'Firefox', 'WebKit'), for features only some drivers have. */
export function browserName(): Promise<string> {
  return command<{ browser: string }>('oc-browser').then((answer) => answer.browser);
}

/**
 * Gives `customer` a saved card (VISA •••• 1111): a first session paid on the hosted page with
 * the card saved, waited for until the server has it paid.
 */
export async function saveCardFor(customer: NonNullable<CreateCheckoutSession['customer']>, server?: string): Promise<void> {
  const first = await newSession({ saveCard: 'optional', customer }, server);
  await paySession(first.id, { saveCard: true, ...(server ? { server } : {}) });
  await waitUntil(async () => (await getSession(first.id, server)).status === 'paid', 'the first payment never completed', {
    timeout: 8000,
    interval: 100,
  });
}
