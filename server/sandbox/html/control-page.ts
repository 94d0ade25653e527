/**
 * The sandbox's control page (`GET /sandbox/control`): the control API with buttons. Lists the
 * payments (newest first) with a "resolve" form on each pending one and a "send feedback again"
 * form on each, and the server-to-server faults with a form to set and one to clear them. Plain
 * HTML forms, no script; every form posts to `/sandbox/control/…`, which answers with a 303 back
 * here (control-page.ts). A developer's tool like the JSON API, so English only (the shopper's
 * pages speak LANGUAGE; this one has no shopper).
 */
import { RESOLVABLE_FROM } from '../controls.ts';
import type { Faults } from '../feedback/sender.ts';
import type { PaymentView } from '../views.ts';
import { html, raw, type Raw } from './escape.ts';
import { layout } from './layout.ts';

/** Where the page's forms post (the routes of control-page.ts). */
export const CONTROL_PAGE_PATH = '/sandbox/control';

export interface ControlPageModel {
  readonly payments: readonly PaymentView[];
  readonly faults: Faults & { maintenanceUncertain: number };
  /** The outcome of the last action (after the redirect), if any. */
  readonly notice?: { readonly kind: 'ok' | 'error'; readonly text: string };
}

const EXTRA_STYLE = `
main { max-width: 72rem; }
.notice { padding: .5rem 1rem; margin: 0 0 1rem; border-left: 4px solid #1d7a36; background: #eaf6ec; }
.notice.error { border-color: #b00020; background: #fdecea; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
td form { display: inline; }
td button { font-size: .9rem; padding: .3rem .6rem; margin: 0 .3rem .3rem 0; }
.faults { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .75rem 1rem; }
input[type=number] { box-sizing: border-box; width: 100%; font-size: 1rem; padding: .4rem .5rem; border: 2px solid #596273; border-radius: .3rem; }
`;

/** Newest first: PAYIDs count up, so the highest is the latest payment. */
function newestFirst(payments: readonly PaymentView[]): PaymentView[] {
  return [...payments].sort((a, b) => Number(b.payId) - Number(a.payId));
}

function resolveForm(payment: PaymentView): Raw {
  if (!RESOLVABLE_FROM.has(payment.status)) return raw('');
  // A 92 left by an uncertain capture (a maintenance level still 92) is that capture's: captured
  // (9) or refused (93) — controls.ts resolve. Otherwise accepting an authorisation-only order
  // (OPERATION=RES) makes it 5, a sale 9 (docs/ogone-protocol.md §13).
  const uncertainCapture = payment.history.some((item) => item.payIdSub > 0 && item.status === 92);
  const accepted = uncertainCapture || payment.operation !== 'RES' ? 9 : 5;
  const declined = uncertainCapture ? 93 : 2;
  const context = html`<span class="visually-hidden"> payment ${payment.payId}, order ${payment.orderId}</span>`;
  return html`<form method="post" action="${CONTROL_PAGE_PATH}/payments/${payment.payId}/resolve">
<button type="submit" name="status" value="${String(accepted)}">Accept (STATUS ${String(accepted)})${context}</button>
<button type="submit" name="status" value="${String(declined)}">Decline (STATUS ${String(declined)})${context}</button>
</form>`;
}

function feedbackForm(payment: PaymentView): Raw {
  if (payment.channel !== 'e-commerce') return raw('');
  return html`<form method="post" action="${CONTROL_PAGE_PATH}/payments/${payment.payId}/feedback">
<button type="submit">Send feedback again<span class="visually-hidden"> for payment ${payment.payId}, order ${payment.orderId}</span></button>
</form>`;
}

function paymentRow(payment: PaymentView): Raw {
  return html`<tr id="payment-${payment.payId}" data-status="${String(payment.status)}">
<th scope="row"><code>${payment.orderId}</code></th>
<td><code>${payment.payId}</code></td>
<td>${payment.amountMajor} ${payment.currency}</td>
<td><strong>${String(payment.status)}</strong> ${payment.statusMeaning}${payment.ncError && payment.ncError !== '0' ? html`<br><small>NCERROR ${payment.ncError}: ${payment.ncErrorMessage}</small>` : ''}</td>
<td><time datetime="${payment.trxDate}">${payment.trxDate.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time></td>
<td>${resolveForm(payment)}${feedbackForm(payment)}</td>
</tr>`;
}

function numberField(name: string, label: string, value: number, max: number): Raw {
  return html`<div class="field"><label for="fault-${name}">${label}</label>
<input type="number" id="fault-${name}" name="${name}" min="0" max="${String(max)}" step="1" value="${String(value)}" inputmode="numeric"></div>`;
}

export function controlPage(model: ControlPageModel): string {
  const payments = newestFirst(model.payments);
  const pending = payments.filter((payment) => RESOLVABLE_FROM.has(payment.status)).length;
  const notice = model.notice
    ? html`<p class="notice${model.notice.kind === 'error' ? ' error' : ''}" role="${model.notice.kind === 'error' ? 'alert' : 'status'}" id="notice">${model.notice.text}</p>`
    : '';
  const faults = model.faults;
  const body = html`<style>${raw(EXTRA_STYLE)}</style>
<h1>Sandbox controls</h1>
${notice}
<section aria-labelledby="payments-title">
<h2 id="payments-title">Payments</h2>
<p>${String(payments.length)} payment${payments.length === 1 ? '' : 's'}, ${String(pending)} pending (STATUS 46, 51, 52 or 92: resolve them here, as the platform would later). The same data as JSON: <a href="/sandbox/payments">/sandbox/payments</a>.</p>
${
  payments.length === 0
    ? html`<p id="no-payments">No payment yet.</p>`
    : html`<table id="payments">
<caption class="visually-hidden">Payments, newest first</caption>
<thead><tr><th scope="col">ORDERID</th><th scope="col">PAYID</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Actions</th></tr></thead>
<tbody>
${payments.map(paymentRow)}
</tbody>
</table>`
}
</section>
<section aria-labelledby="faults-title">
<h2 id="faults-title">Faults</h2>
<p id="current-faults">Now: the next ${String(faults.fail)} server-to-server request(s) fail; the next ${String(faults.delay)} wait ${String(faults.delayMs)} ms; the next ${String(faults.maintenanceUncertain)} maintenance request(s) are answered uncertain.</p>
<form method="post" action="${CONTROL_PAGE_PATH}/faults" id="faults-form">
<div class="faults">
${numberField('fail', 'Fail the next N feedback requests', faults.fail, 1000)}
${numberField('delay', 'Delay the next N feedback requests', faults.delay, 1000)}
${numberField('delayMs', 'Delay of each (ms)', faults.delayMs, 600_000)}
${numberField('maintenanceUncertain', 'Answer the next N maintenance requests uncertain', faults.maintenanceUncertain, 1000)}
</div>
<div class="actions"><button type="submit" class="primary">Set faults</button></div>
</form>
<form method="post" action="${CONTROL_PAGE_PATH}/faults/clear">
<div class="actions"><button type="submit" class="danger">Clear all faults</button></div>
</form>
</section>`;
  return layout({ title: 'Sandbox controls', body });
}
