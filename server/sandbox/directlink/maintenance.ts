/**
 * DirectLink maintenance (`maintenancedirect[_utf8].asp`). The platform processes maintenance
 * offline (except REN): the answer says 91 / 81 / 61 and the order becomes 9 / 8 / 6 later,
 * announced by a status-change feedback (e-Commerce Advanced §9.3.1.1, "HTTP request for status
 * changes"). The sandbox resolves after `maintenanceDelayMs`.
 */
import type { Context } from 'hono';
import { answerAmount, readRequestAmount } from '../amount.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { ncErrorMessage, ncStatus, NCERROR } from '../ncerrors.ts';
import { param, readParameters, type PageCharset } from '../params.ts';
import type { SandboxRuntime } from '../runtime.ts';
import type { HistoryItem, Payment } from '../store.ts';
import { echoAmount, findPayment, missing, ncErrorPlus, refusalAttributes } from './answer.ts';
import { authenticate } from './auth.ts';
import {
  MAINTENANCE_OPERATIONS,
  MAINTENANCE_STATUS,
  markUncertain,
  setOrderStatus,
  planMaintenance,
  takeUncertainMaintenance,
  type MaintenanceOperation,
} from './maintenance-rules.ts';
import { ncresponse, xmlResponse } from './xml.ts';

export async function maintenance(c: Context, runtime: SandboxRuntime, charset: PageCharset): Promise<Response> {
  const params = await readParameters(c, charset, 'directlink');
  const answer = (xml: string) => xmlResponse(c, xml, charset);
  const echo = { orderId: param(params, 'ORDERID'), amount: echoAmount(param(params, 'AMOUNT')), currency: param(params, 'CURRENCY') };
  const refuse = (ncError: string, plus = ncErrorMessage(ncError), payment?: Payment) =>
    answer(
      ncresponse(
        refusalAttributes(
          payment ? { orderId: payment.orderId, amount: echoAmount(param(params, 'AMOUNT')), currency: payment.currency } : echo,
          ncError,
          plus,
          '0',
          payment?.payId ?? '0',
          payment?.acceptance ?? '',
        ),
      ),
    );

  const auth = authenticate(params, runtime.options, charset);
  if (!auth.ok) return refuse(auth.ncError, auth.ncErrorPlus);

  const found = findPayment(runtime.store, param(params, 'PAYID'), param(params, 'ORDERID'));
  if (!('payment' in found)) return refuse(found.ncError, found.ncErrorPlus);
  const payment = found.payment;

  const operation = param(params, 'OPERATION');
  if (operation === '') return refuse(NCERROR.DATA_VALIDATION, missing('OPERATION'), payment);
  if (!(MAINTENANCE_OPERATIONS as readonly string[]).includes(operation)) return refuse(NCERROR.OPERATION_NOT_ALLOWED, undefined, payment);
  // Optional; the amount × 100 like the order's, compared with it as received (DirectLink guide §4.1.2).
  const amountText = param(params, 'AMOUNT');
  const requested = amountText === '' ? undefined : readRequestAmount(amountText);
  if (amountText !== '' && requested === undefined) return refuse(NCERROR.AMOUNT_NOT_A_NUMBER, PLATFORM_ERRORS.amount(amountText), payment);
  if (requested === 0) return refuse(NCERROR.DATA_VALIDATION, ' amount zero not permitted', payment);

  // Decide and apply without awaiting in between: two concurrent requests cannot both pass.
  const plan = planMaintenance(payment, operation as MaintenanceOperation, requested);
  if (!plan.ok) return refuse(plan.ncError, undefined, payment);
  const item = apply(runtime, payment, operation, plan);
  // The maintenanceUncertain fault: done all the same, answered NCSTATUS 2 (docs/ogone-protocol.md §8).
  if (takeUncertainMaintenance(runtime.store)) markUncertain(payment, item, plan.kind);

  return answer(
    ncresponse([
      ['orderID', payment.orderId],
      ['PAYID', payment.payId],
      ['PAYIDSUB', String(item.payIdSub)],
      ['NCSTATUS', ncStatus(item.ncError)],
      ['NCERROR', item.ncError],
      ['NCERRORPLUS', ncErrorPlus(item.ncError)],
      ['ACCEPTANCE', payment.acceptance],
      ['STATUS', String(item.status)],
      ['amount', answerAmount(item.amount)],
      ['currency', payment.currency],
      ['PM', payment.pm],
      ['BRAND', payment.card?.brand ?? ''],
    ]),
  );
}

function apply(
  runtime: SandboxRuntime,
  payment: Payment,
  operation: string,
  plan: Extract<ReturnType<typeof planMaintenance>, { ok: true }>,
): HistoryItem {
  const statuses = MAINTENANCE_STATUS[plan.kind];
  const item: HistoryItem = {
    payIdSub: payment.history.length,
    operation,
    amount: plan.amount,
    status: statuses.pending,
    ncError: NCERROR.OK,
    at: runtime.options.now(),
  };
  payment.history.push(item);
  const kind = plan.kind;
  if (kind === 'renew') {
    // Online: the renewed authorisation is there at once, and captures are possible again.
    const changed = payment.status !== 5;
    setOrderStatus(payment, 5);
    payment.capturesClosed = false;
    if (changed) void runtime.sender.send(payment, 'status-change');
    return item;
  }
  if (kind === 'capture') {
    payment.capturePending += plan.amount;
    if (plan.closes) payment.capturesClosed = true;
  } else if (kind === 'refund') {
    payment.refundPending += plan.amount;
    if (plan.closes) payment.refundsClosed = true;
  } else if (plan.closes) {
    payment.closed = true;
  }
  setOrderStatus(payment, statuses.pending);
  runtime.timers.after(runtime.options.maintenanceDelayMs, () => resolve(runtime, payment, item, kind));
  return item;
}

/** The offline processing is done: the order takes its final status and the merchant is told. */
function resolve(runtime: SandboxRuntime, payment: Payment, item: HistoryItem, kind: 'capture' | 'refund' | 'cancel'): void {
  // Settled already through the control API (`resolve` of an uncertain level): counted once.
  if (!stillOpen(item, kind)) return;
  settleLevel(runtime, payment, item, kind, MAINTENANCE_STATUS[kind].done);
  void runtime.sender.send(payment, 'status-change');
}

/** Whether a maintenance's level is still processing (91 / 81 / 61) or uncertain (92 / 82 / 62). */
function stillOpen(item: HistoryItem, kind: 'capture' | 'refund' | 'cancel'): boolean {
  return item.status === MAINTENANCE_STATUS[kind].pending || item.status === MAINTENANCE_STATUS[kind].uncertain;
}

/**
 * The maintenance level the order's uncertain STATUS is about: the newest level still uncertain
 * (92: a capture — the only maintenance whose uncertain STATUS is one the control API resolves).
 * Undefined when the order's 92 is its own (an uncertain payment, level 0).
 */
export function uncertainCaptureLevel(payment: Payment): HistoryItem | undefined {
  return payment.history.findLast((item) => item.payIdSub > 0 && item.status === MAINTENANCE_STATUS.capture.uncertain);
}

/**
 * Settles a maintenance level to `status`: done (9 / 8 / 6), or, for a capture the control API
 * resolves so, refused (93, NCERROR 30001001). The level keeps its PAYIDSUB, amount and OPERATION;
 * the order's level 0 (its authorisation) is never touched — each maintenance is a level of its
 * own (DirectLink guide §5.1.2; docs/ogone-protocol.md §13). The order takes the level's STATUS
 * once no other of its kind is still open.
 */
export function settleLevel(
  runtime: SandboxRuntime,
  payment: Payment,
  item: HistoryItem,
  kind: 'capture' | 'refund' | 'cancel',
  status: number,
): void {
  const done = status === MAINTENANCE_STATUS[kind].done;
  item.status = status;
  item.ncError = done ? NCERROR.OK : NCERROR.REFUSED;
  if (kind === 'capture') {
    payment.capturePending -= item.amount;
    if (done) payment.captured += item.amount;
  } else if (kind === 'refund') {
    payment.refundPending -= item.amount;
    payment.refunded += item.amount;
  }
  // With several operations in flight the order keeps its "processing" status until the last one.
  const stillPending = payment.history.some((other) => stillOpen(other, kind));
  if (!stillPending) setOrderStatus(payment, item.status);
  payment.trxDate = runtime.options.now();
}
