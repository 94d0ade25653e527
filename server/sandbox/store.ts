/**
 * The sandbox's memory: payments (with their maintenance history and feedback deliveries),
 * aliases, and the hosted-page checkouts between "page shown" and "Pay clicked".
 * Nothing here holds a full card number: cards are kept as masked number + brand + behaviour.
 */
import { randomBytes } from 'node:crypto';
import type { Brand, CardBehaviour } from './cards.ts';
import type { Operation } from './outcomes.ts';

/** Where the shopper's browser goes at the end of a payment: a return URL, or the platform's own page. */
export type BrowserResult = { readonly location: string } | { readonly page: string; readonly status: number };

/** The card as the platform remembers it. */
export interface StoredCard {
  readonly cardNo: string;
  readonly brand: Brand;
  readonly ed: string;
  readonly cn: string;
  readonly behaviour: CardBehaviour;
}

export interface ReturnUrls {
  readonly accept?: string;
  readonly decline?: string;
  readonly exception?: string;
  readonly cancel?: string;
}

export interface HistoryItem {
  readonly payIdSub: number;
  readonly operation: string;
  readonly amount: number;
  status: number;
  ncError: string;
  readonly at: Date;
}

export interface DeliveryAttempt {
  readonly at: string;
  readonly ok: boolean;
  readonly httpStatus?: number;
  readonly error?: string;
}

export interface Delivery {
  readonly id: number;
  readonly reason: 'payment' | 'status-change' | 'resend';
  readonly method: 'POST' | 'GET';
  readonly url: string;
  /** The parameters sent, in order (masked card data only; SHASIGN included). */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly attempts: DeliveryAttempt[];
  state: 'sending' | 'delivered' | 'retrying' | 'failed' | 'abandoned';
}

export interface Payment {
  readonly payId: string;
  readonly orderId: string;
  readonly channel: 'e-commerce' | 'directlink';
  readonly amount: number;
  readonly currency: string;
  readonly operation: Operation;
  status: number;
  ncError: string;
  acceptance: string;
  readonly pm: string;
  card: StoredCard | undefined;
  alias: string;
  eci: string;
  readonly ip: string;
  readonly email: string;
  readonly language: string;
  trxDate: Date;
  readonly comPlus: string;
  readonly paramPlus: string;
  readonly paramVar: string;
  /**
   * CREDITDEBIT as the platform returns it: "CREDIT" for a request's "C", "DEBIT" for its "D",
   * empty when not sent ([DL] §3.1.5, [ADV] §10.1.6 "Split credit/debit cards").
   */
  readonly creditDebit: string;
  readonly urls: ReturnUrls;
  /** Captured amount once processed, and captures still processing (91). */
  captured: number;
  capturePending: number;
  refunded: number;
  refundPending: number;
  /** SAS / RFS / DES close the order for further captures / refunds / everything. */
  capturesClosed: boolean;
  refundsClosed: boolean;
  closed: boolean;
  readonly history: HistoryItem[];
  readonly deliveries: Delivery[];
  /** Token of the 3-D Secure challenge (STATUS 46 until the shopper answers it). */
  challengeToken: string | undefined;
  /** Where the browser went after the challenge, so a repeated answer goes there again. */
  challengeResult: Promise<BrowserResult> | undefined;
  /** The alias to store once 3-D Secure completes. */
  pendingAlias: PendingAlias | undefined;
  /** The payment page this payment was tried on (hosted page only): a failed 3-D Secure try goes back to it. */
  readonly checkoutToken: string | undefined;
  /**
   * The charset of the page it came through: its feedback is sent and signed in it — ISO-8859-1
   * for the plain pages, UTF-8 for the `_utf8` ones ([ADV] §12 "Appendix: UTF-8").
   */
  readonly charset: 'utf-8' | 'latin1';
  /** A DirectLink order's parameters as received, card data and credentials left out (control API). */
  readonly received?: Readonly<Record<string, string>>;
}

export interface PendingAlias {
  readonly name: string;
  readonly usage: string;
  readonly persisted: boolean;
}

export interface AliasRecord {
  readonly alias: string;
  card: StoredCard;
  status: 'Active' | 'Error';
  usage: string;
  readonly createdAt: Date;
  updatedAt: Date;
  /** ALIASPERSISTEDAFTERUSE=N deletes the alias after 2 hours (docs/ogone-protocol.md §10). */
  expiresAt: Date | undefined;
}

/** A hosted payment page the shopper has open. */
export interface HostedCheckout {
  readonly token: string;
  /** The merchant's request, names uppercased, values as received. */
  readonly request: Readonly<Record<string, string>>;
  /** The alias this checkout may create or use (ALIAS, or one the platform generated for BYPSP). */
  readonly aliasName: string;
  /** LANGUAGE, or en_US when missing or unknown. */
  readonly language: string;
  readonly charset: 'utf-8' | 'latin1';
  readonly createdAt: Date;
  /** Set once the shopper paid or cancelled: a repeated submit goes to the same place. */
  completion: Promise<BrowserResult> | undefined;
  /** Refused tries so far; the last one's NCERROR, shown when the page comes back. */
  refusedTries: number;
  lastRefusal: string | undefined;
}

/**
 * A FlexCheckout tokenization page the shopper has open (`/Tokenization/HostedPage`,
 * docs/ogone-protocol.md §15): the merchant's request between "page shown" and "Save clicked".
 */
export interface FlexSession {
  readonly token: string;
  /** The merchant's request, names uppercased, values as received. */
  readonly request: Readonly<Record<string, string>>;
  /** LAYOUT.LANGUAGE, or en_US when missing or unknown. */
  readonly language: string;
  readonly createdAt: Date;
  /** Where the browser went once the card was saved or the page cancelled: a repeated submit goes there again. */
  completion: string | undefined;
}

/** PAYIDs are 7+ digit numbers on the real platform; the sandbox counts up from here. */
const FIRST_PAYID = 3_000_001;
const CHECKOUT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export class SandboxStore {
  private readonly payments = new Map<string, Payment>();
  private readonly aliases = new Map<string, AliasRecord>();
  private readonly checkouts = new Map<string, HostedCheckout>();
  private readonly flexSessions = new Map<string, FlexSession>();
  private nextPayId: number;

  constructor(firstPayId: number = FIRST_PAYID) {
    this.nextPayId = firstPayId;
  }
  private nextDeliveryId = 1;

  newPayId(): string {
    return String(this.nextPayId++);
  }

  newDeliveryId(): number {
    return this.nextDeliveryId++;
  }

  addPayment(payment: Payment): void {
    this.payments.set(payment.payId, payment);
  }

  payment(payId: string): Payment | undefined {
    return this.payments.get(payId);
  }

  /** The latest payment of an ORDERID (a refused attempt may precede an accepted one). */
  paymentByOrderId(orderId: string): Payment | undefined {
    let found: Payment | undefined;
    for (const payment of this.payments.values()) if (payment.orderId === orderId) found = payment;
    return found;
  }

  allPayments(): Payment[] {
    return [...this.payments.values()];
  }

  paymentByChallenge(token: string): Payment | undefined {
    for (const payment of this.payments.values()) if (payment.challengeToken === token) return payment;
    return undefined;
  }

  alias(name: string, now: Date): AliasRecord | undefined {
    const record = this.aliases.get(name);
    if (record?.expiresAt && record.expiresAt.getTime() <= now.getTime()) {
      this.aliases.delete(name);
      return undefined;
    }
    return record;
  }

  saveAlias(record: AliasRecord): void {
    this.aliases.set(record.alias, record);
  }

  /** Batch DELALIAS: true when the alias existed (and still lived) and is now gone. */
  deleteAlias(name: string, now: Date): boolean {
    if (!this.alias(name, now)) return false;
    return this.aliases.delete(name);
  }

  allAliases(now: Date): AliasRecord[] {
    return [...this.aliases.keys()].map((name) => this.alias(name, now)).filter((a): a is AliasRecord => a !== undefined);
  }

  /** Keeps checkouts for a day (a payment page left open that long is abandoned). */
  addCheckout(checkout: HostedCheckout): void {
    const oldest = checkout.createdAt.getTime() - CHECKOUT_LIFETIME_MS;
    for (const [token, open] of this.checkouts) {
      if (open.createdAt.getTime() >= oldest) break;
      this.checkouts.delete(token);
    }
    this.checkouts.set(checkout.token, checkout);
  }

  checkout(token: string): HostedCheckout | undefined {
    return this.checkouts.get(token);
  }

  /** Keeps FlexCheckout pages for a day, like the hosted payment pages. */
  addFlexSession(session: FlexSession): void {
    const oldest = session.createdAt.getTime() - CHECKOUT_LIFETIME_MS;
    for (const [token, open] of this.flexSessions) {
      if (open.createdAt.getTime() >= oldest) break;
      this.flexSessions.delete(token);
    }
    this.flexSessions.set(session.token, session);
  }

  flexSession(token: string): FlexSession | undefined {
    return this.flexSessions.get(token);
  }

  reset(): void {
    this.flexSessions.clear();
    this.payments.clear();
    this.aliases.clear();
    this.checkouts.clear();
  }
}

/** An unguessable token for a checkout or a 3-D Secure challenge. */
export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

/** An alias name for ALIASOPERATION=BYPSP (the platform generates it). */
export function generatedAliasName(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}
