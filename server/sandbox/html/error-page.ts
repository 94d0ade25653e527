/** The platform's error page for a request it refuses ("unknown order/1/s", "no ORDERID"…). */
import { html } from './escape.ts';
import { layout } from './layout.ts';

export function errorPage(message: string, detail?: string): string {
  const body = html`<h1>An error has occurred</h1>
<p class="ogone-error" role="alert" id="ncol-error">${message}</p>
${detail ? html`<p>${detail}</p>` : ''}
<p>Nothing has been paid. The merchant's request was refused by the test platform; see the
e-Commerce guide's troubleshooting appendix for this message.</p>`;
  return layout({ title: 'Error', body });
}
