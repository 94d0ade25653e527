/** Records for repository and payment tests. */
import type { CheckoutSessionRecord, Repository, TransactionRecord } from '../../server/repository/types.ts';
import { newId, randomToken } from '../../server/ids.ts';

export function sessionRecord(overrides: Partial<CheckoutSessionRecord> = {}): CheckoutSessionRecord {
  const createdAt = overrides.createdAt ?? new Date().toISOString();
  return {
    id: newId('cs'),
    buttonId: null,
    amount: 1999,
    currency: 'EUR',
    merchantReference: null,
    description: 'Test order',
    customer: { id: 'cust-1', name: 'Bárbara Souza', email: 'b@example.com' },
    locale: 'fr-BE',
    saveCard: 'optional',
    successUrl: 'https://shop.example/ok',
    failureUrl: 'https://shop.example/ko',
    metadata: { cart: '42' },
    quantity: 1,
    status: 'open',
    paidReference: null,
    claimReference: null,
    claimUntil: null,
    // A day after its creation, as the API's default expiresIn.
    expiresAt: new Date(Date.parse(createdAt) + 86_400_000).toISOString(),
    createdAt,
    ...overrides,
  };
}

export function transactionRecord(sessionId: string, overrides: Partial<TransactionRecord> = {}): TransactionRecord {
  const now = new Date().toISOString();
  return {
    reference: `T${randomToken(12)}`,
    sessionId,
    amount: 1999,
    currency: 'EUR',
    capturedAmount: 0,
    refundedAmount: 0,
    state: 'pending',
    lastStatus: null,
    payid: null,
    pm: null,
    brand: null,
    cardNumber: null,
    expiry: null,
    cardHolder: null,
    ncError: null,
    trxDate: null,
    amountMismatch: false,
    aliasRequest: null,
    customerId: 'cust-1',
    operation: 'SAL',
    locale: 'fr_FR',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/**
 * A card saved by a paid payment, as the feedback path saves it (one `alias.created` event): its
 * session and payment written first. Resolves with the saved card's id.
 */
export async function savedCardRecord(repository: Repository, customerId: string, alias: string): Promise<string> {
  const session = sessionRecord();
  await repository.createSession(session);
  const t = transactionRecord(session.id);
  await repository.createTransaction(t);
  const outcome = await repository.mutateTransaction(t.reference, () => ({
    alias: {
      record: {
        customerId,
        alias,
        brand: 'VISA',
        cardNumber: 'XXXXXXXXXXXX1111',
        last4: '1111',
        expiry: '12/30',
        cardHolder: null,
        reference: t.reference,
      },
      event: (a) => ({ type: 'alias.created', reference: null, data: a }),
    },
    result: null,
  }));
  return (outcome?.events[0]?.data as { id: string }).id;
}
