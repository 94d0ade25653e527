/**
 * The platform's own result page, shown when the merchant gave no URL for this result
 * (no ACCEPTURL, DECLINEURL…): the outcome and the feedback parameters it would have sent.
 */
import { html } from './escape.ts';
import { layout } from './layout.ts';

const HEADLINES: Record<string, string> = {
  accept: 'Your payment has been accepted',
  decline: 'Your payment has been refused',
  exception: 'The result of your payment is uncertain',
  cancel: 'Your payment has been cancelled',
};

export function resultPage(
  kind: 'accept' | 'decline' | 'exception' | 'cancel',
  parameters: ReadonlyArray<readonly [string, string]>,
): string {
  const body = html`<h1>${HEADLINES[kind]}</h1>
<p role="status">The merchant gave no return URL for this result, so the test platform shows its own page.</p>
<table>
<caption>Feedback parameters</caption>
<tbody>
${parameters.map(
  ([name, value]) => html`<tr><th scope="row">${name}</th><td><code>${value}</code></td></tr>
`,
)}</tbody>
</table>`;
  return layout({ title: HEADLINES[kind] ?? 'Result', body });
}
