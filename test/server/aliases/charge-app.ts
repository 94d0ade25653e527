/**
 * The set-up the merchant-charge tests share: an app whose fake platform records every DirectLink
 * order it gets and, unless the test's `onOrder` answers (or throws: an answer lost), accepts it
 * paid (STATUS 9) for the amount asked; a customer's saved card; and the charge request
 * (`POST /api/aliases/:id/charges`, with an Idempotency-Key when given).
 */
import type { DatabaseKind } from '../../support/databases.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

type Form = Record<string, string>;

export interface ChargeAppOptions {
  /** The PAYID of the n-th order accepted is this plus n. */
  payIdBase: number;
  /** Called with each order (its number from 1): an answer of its own, nothing for the paid one, or a throw. */
  onOrder?: (form: Form, count: number) => Form | undefined | Promise<Form | undefined>;
  /** The platform's other pages (querydirect…); without it they are unexpected. */
  onOther?: (path: string, form: Form) => Form | Promise<Form>;
}

export interface ChargeBody {
  amount: number;
  currency: string;
  reference?: string;
  description?: string;
  operation?: 'SAL' | 'RES';
}

export function chargeApp(kind: DatabaseKind, options: ChargeAppOptions) {
  const orders: Form[] = [];
  const fake = appWithFakePlatform(kind, async (path, form) => {
    if (path.includes('orderdirect')) {
      orders.push(form);
      const own = await options.onOrder?.(form, orders.length);
      return (
        own ??
        platformAnswer({
          orderID: form.ORDERID!,
          PAYID: String(options.payIdBase + orders.length),
          ACCEPTANCE: 'test123',
          STATUS: '9',
          amount: (Number(form.AMOUNT) / 100).toFixed(2),
          PM: 'CreditCard',
          BRAND: 'VISA',
        })
      );
    }
    if (options.onOther) return options.onOther(path, form);
    throw new Error(`unexpected call ${path}`);
  });
  return {
    fake,
    /** Every order sent, in order. */
    orders,
    /** A saved card of a customer of its own (a first payment that saved it). */
    savedCard: async (customerId: string) => (await paidWithSavedCard(fake.t, customerId)).card,
    charge: (aliasId: string, json: ChargeBody, idempotencyKey?: string) =>
      fake.t.api(`/api/aliases/${aliasId}/charges`, {
        method: 'POST',
        json,
        ...(idempotencyKey === undefined ? {} : { headers: { 'Idempotency-Key': idempotencyKey } }),
      }),
  };
}
