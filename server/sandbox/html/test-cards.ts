/** The test-card table shown on the payment page (and printed by the CLI). */
import { TEST_CARDS } from '../cards.ts';
import { html, type Raw } from './escape.ts';

export function testCardsTable(): Raw {
  return html`<details>
<summary>Test cards</summary>
<p>Any future expiry date (e.g. 12/30), any CVC of the right length (3 digits, 4 for American Express), any name.
The Cancel button gives STATUS 1.</p>
<table>
<thead><tr><th scope="col">Card number</th><th scope="col">Brand</th><th scope="col">Result</th></tr></thead>
<tbody>
${TEST_CARDS.map(
  (card) => html`<tr><td><code>${card.number}</code></td><td>${card.brand}</td><td>${card.result}</td></tr>
`,
)}</tbody>
</table>
</details>`;
}
