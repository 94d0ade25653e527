/** JSON views of the sandbox's memory for the control API: masked card data only, no secrets. */
import { answerAmount } from './amount.ts';
import { statusInfo } from '../../shared/status.ts';
import { ncErrorMessage } from './ncerrors.ts';
import type { AliasRecord, Delivery, Payment } from './store.ts';

export function paymentView(payment: Payment) {
  return {
    payId: payment.payId,
    orderId: payment.orderId,
    channel: payment.channel,
    status: payment.status,
    statusMeaning: statusInfo(payment.status)?.meaning ?? 'Unknown status',
    ncError: payment.ncError,
    ncErrorMessage: ncErrorMessage(payment.ncError),
    acceptance: payment.acceptance,
    operation: payment.operation,
    /** AMOUNT as received, the amount × 100 (¥1,500 is 150000); captured/refunded likewise. */
    amount: payment.amount,
    /** The amount as the platform writes it back: major units ("1500", "19.99", "1.23"). */
    amountMajor: answerAmount(payment.amount),
    currency: payment.currency,
    captured: payment.captured,
    capturePending: payment.capturePending,
    refunded: payment.refunded,
    refundPending: payment.refundPending,
    closed: payment.closed,
    pm: payment.card ? payment.pm : '',
    brand: payment.card?.brand ?? '',
    cardNo: payment.card?.cardNo ?? '',
    ed: payment.card?.ed ?? '',
    cn: payment.card?.cn ?? '',
    alias: payment.alias,
    eci: payment.eci,
    ip: payment.ip,
    trxDate: payment.trxDate.toISOString(),
    comPlus: payment.comPlus,
    paramPlus: payment.paramPlus,
    history: payment.history.map((item) => ({ ...item, at: item.at.toISOString() })),
    deliveries: payment.deliveries.map(deliveryView),
    /** What a DirectLink order sent (COF_*, CN, BROWSER*…), card data and credentials left out. */
    parameters: { ...payment.received },
  };
}

export function deliveryView(delivery: Delivery) {
  return {
    id: delivery.id,
    reason: delivery.reason,
    method: delivery.method,
    url: delivery.url,
    state: delivery.state,
    parameters: Object.fromEntries(delivery.parameters),
    attempts: delivery.attempts,
  };
}

export function aliasView(alias: AliasRecord) {
  return {
    alias: alias.alias,
    status: alias.status,
    cardNo: alias.card.cardNo,
    brand: alias.card.brand,
    ed: alias.card.ed,
    cn: alias.card.cn,
    usage: alias.usage,
    createdAt: alias.createdAt.toISOString(),
    updatedAt: alias.updatedAt.toISOString(),
    expiresAt: alias.expiresAt?.toISOString() ?? null,
  };
}

export type PaymentView = ReturnType<typeof paymentView>;
export type AliasView = ReturnType<typeof aliasView>;
export type DeliveryView = ReturnType<typeof deliveryView>;
