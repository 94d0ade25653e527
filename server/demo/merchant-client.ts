/**
 * The demo plays the merchant's backend: it calls the merchant API over HTTP with its key,
 * exactly as a shop's server would (never from the browser — the key stays on the server).
 */
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
}

export interface DemoTransaction {
  reference: string;
  state: string;
  amount: number;
  currency: string;
  brand: string | null;
  cardNumber: string | null;
  ncError: string | null;
  ncErrorMessage: string | null;
  amountMismatch: boolean;
  metadata?: Record<string, string>;
}

export class MerchantApiError extends Error {}

export function merchantClient(options: { baseUrl: string; apiKey: string }): MerchantClient {
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  return {
    async createSession(input) {
      const response = await fetch(`${options.baseUrl}/api/checkout-sessions`, { method: 'POST', headers, body: JSON.stringify(input) });
      const body = (await response.json()) as { id?: string; error?: { message?: string } };
      if (!response.ok || !body.id)
        throw new MerchantApiError(`POST /api/checkout-sessions: ${response.status} ${body.error?.message ?? ''}`.trim());
      return { id: body.id };
    },
    async transaction(reference) {
      const response = await fetch(`${options.baseUrl}/api/transactions/${encodeURIComponent(reference)}`, { headers });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new MerchantApiError(`GET /api/transactions/${reference}: ${response.status}`);
      return (await response.json()) as DemoTransaction;
    },
    async createSetupSession(input) {
      const response = await fetch(`${options.baseUrl}/api/checkout-sessions`, { method: 'POST', headers, body: JSON.stringify(input) });
      const body = (await response.json()) as { id?: string; error?: { message?: string } };
      if (!response.ok || !body.id)
        throw new MerchantApiError(`POST /api/checkout-sessions (setup): ${response.status} ${body.error?.message ?? ''}`.trim());
      return { id: body.id };
    },
    async savedCards(customerId) {
      const response = await fetch(`${options.baseUrl}/api/customers/${encodeURIComponent(customerId)}/aliases`, { headers });
      if (!response.ok) throw new MerchantApiError(`GET /api/customers/${customerId}/aliases: ${response.status}`);
      return ((await response.json()) as { data: DemoSavedCard[] }).data;
    },
  };
}
