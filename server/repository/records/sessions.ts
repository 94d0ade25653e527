/** Checkout sessions (one order, one or more payment attempts) and the buttons that make them. */
import type { SaveCardPolicy } from '../../../shared/schemas/api.ts';
import type { Page } from '../page.ts';

export interface Customer {
  id: string;
  name?: string;
  email?: string;
  address?: { line1?: string; zip?: string; town?: string; country?: string };
  phone?: string;
}

/** What is stored: `expired` and `processing` are derived from it and its payments when a session is shown (payments/views.ts). */
export type SessionStatus = 'open' | 'paid';

/** `setup`: the session saves a card without paying (FlexCheckout, issue 19); amount 0. */
export type SessionMode = 'payment' | 'setup';

export interface CheckoutSessionRecord {
  id: string;
  buttonId: string | null;
  amount: number;
  currency: string;
  merchantReference: string | null;
  description: string | null;
  customer: Customer | null;
  locale: string | null;
  saveCard: SaveCardPolicy;
  successUrl: string | null;
  failureUrl: string | null;
  metadata: Record<string, string> | null;
  quantity: number;
  status: SessionStatus;
  paidReference: string | null;
  expiresAt: string;
  createdAt: string;
  /**
   * A saved-card attempt holding the session while DirectLink answers (claimSession), and until
   * when: other attempts get 409 attempt_in_progress meanwhile.
   */
  claimReference?: string | null;
  claimUntil?: string | null;
  /**
   * Read with the session by getSession, never written: the STATUS of a payment of it the
   * platform is still deciding (pending, other than 46), if any — it holds the session
   * (payments/session-claims.ts assertNoPaymentBeingDecided). Absent where the session was read
   * otherwise.
   */
  paymentBeingDecided?: number | null;
  /** Absent: `payment` (records made before migration 0008). */
  mode?: SessionMode;
  /** The platform it was made for, true for Ogone production (migration 0023); absent on rows made before it. */
  livemode?: boolean;
}

export interface ButtonRecord {
  id: string;
  name: string;
  amount: number;
  currency: string;
  minQuantity: number;
  maxQuantity: number;
  saveCard: SaveCardPolicy;
  successUrl: string | null;
  failureUrl: string | null;
  createdAt: string;
  deletedAt: string | null;
}

export interface SessionStore {
  createSession(session: CheckoutSessionRecord): Promise<void>;
  getSession(id: string): Promise<CheckoutSessionRecord | undefined>;
  /**
   * Claims an open session for the attempt `reference` until `until`, in one conditional UPDATE
   * (status open, no live claim at `now`): of concurrent claims — one process or several on one
   * PostgreSQL — exactly one succeeds — and none beside a payment of the session being decided
   * (paymentBeingDecided). Otherwise says why: paid, busy (another claim), a payment being decided
   * (its STATUS) or missing.
   */
  claimSession(
    id: string,
    reference: string,
    now: string,
    until: string,
  ): Promise<'claimed' | 'paid' | 'busy' | 'missing' | { deciding: number }>;
  /**
   * Makes `to` the payment of a session `from` paid, if `from` still is (one conditional UPDATE:
   * of concurrent moves exactly one succeeds). maintenance/duplicates.ts: the payment that paid the
   * session holds no money any more.
   */
  movePaidReference(id: string, from: string, to: string): Promise<boolean>;
  /** Ends the claim of `reference` (a declined or failed attempt); another attempt's claim stays. */
  releaseSessionClaim(id: string, reference: string): Promise<void>;
  /**
   * Renews the claim of `reference` until `until` if it still holds the open session at `now`, in
   * one conditional UPDATE; false when it lapsed (another attempt may have taken the session over).
   */
  renewSessionClaim(id: string, reference: string, now: string, until: string): Promise<boolean>;

  createButton(button: ButtonRecord): Promise<void>;
  getButton(id: string): Promise<ButtonRecord | undefined>;
  listButtons(options: { cursor?: string; limit: number }): Promise<Page<ButtonRecord>>;
  /** Soft delete; false when there was no such live button. */
  deleteButton(id: string, at: string): Promise<boolean>;
}
