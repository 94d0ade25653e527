/**
 * The demo plays the merchant's backend: it calls the merchant API over HTTP with its key,
 * exactly as a shop's server would (never from the browser — the key stays on the server), through
 * the typed client merchants use (shared/client/, issue 14): an Idempotency-Key on each session
 * created, retries on a 503 or a lost connection.
 */
import { createClient, OgoneCheckoutError } from '../../shared/client/index.ts';
import type { CreateCheckoutSession } from '../../shared/schemas/api.ts';
import type { CreateSetupSession } from '../../shared/schemas/setup-session.ts';

export interface MerchantClient {
  createSession(input: CreateCheckoutSession): Promise<{ id: string }>;
  transaction(reference: string): Promise<DemoTransaction | undefined>;
  /** A setup session: a card saved without paying (issue 19, add-card.ts). */
  createSetupSession(input: CreateSetupSession): Promise<{ id: string }>;
  /** The customer's saved cards (`GET /api/customers/:id/aliases`). */
  savedCards(customerId: string): Promise<DemoSavedCard[]>;
}

export interface DemoSavedCard {
  id: string;
  brand: string | null;
  last4: string | null;
  expiry: string | null;
  /** The payment that saved the card (a repeat of a card on file keeps the first one's). */
  reference?: string;
}

export interface DemoTransaction {
  reference: string;
  state: string;
  amount: number;
  currency: string;
  /** What was captured and refunded since (README "Merchant API", transaction object). */
  capturedAmount?: number;
  refundedAmount?: number;
  brand: string | null;
  cardNumber: string | null;
  expiry?: string | null;
  ncError: string | null;
  ncErrorMessage: string | null;
  /** Ogone's last STATUS (1: the shopper cancelled; 6: the shop did). */
  status?: number | null;
  amountMismatch: boolean;
  metadata?: Record<string, string>;
}

export class MerchantApiError extends Error {}

/** The client's error as the demo's, saying which call failed (the shop page shows the message). */
function failed(what: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof OgoneCheckoutError)
      throw new MerchantApiError(`${what}: ${error.status} ${error.message}`.trim(), { cause: error });
    throw error;
  };
}

export function merchantClient(options: { baseUrl: string; apiKey: string }): MerchantClient {
  const api = createClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, userAgent: 'ogone-checkout-demo' });
  return {
    async createSession(input) {
      const session = await api.sessions.create(input).catch(failed('POST /api/checkout-sessions'));
      return { id: session.id };
    },
    async transaction(reference) {
      try {
        return await api.transactions.retrieve(reference);
      } catch (error) {
        if (error instanceof OgoneCheckoutError && error.status === 404) return undefined;
        return failed(`GET /api/transactions/${reference}`)(error);
      }
    },
    async createSetupSession(input) {
      const session = await api.sessions.create(input).catch(failed('POST /api/checkout-sessions (setup)'));
      return { id: session.id };
    },
    async savedCards(customerId) {
      const cards: DemoSavedCard[] = [];
      try {
        for await (const alias of api.aliases.listAll(customerId, { limit: 100 })) cards.push(alias);
      } catch (error) {
        failed(`GET /api/customers/${customerId}/aliases`)(error);
      }
      return cards;
    },
  };
}
