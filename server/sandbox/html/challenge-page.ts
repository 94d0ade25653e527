/**
 * The sandbox's 3-D Secure access control server: one page where the shopper approves or fails
 * the authentication (the real test ACS asks for a password; the result is what matters here).
 */
import { html } from './escape.ts';
import { layout } from './layout.ts';

export interface ChallengePageModel {
  readonly action: string;
  readonly token: string;
  readonly merchantName: string;
  readonly orderId: string;
  readonly amountText: string;
  readonly amountLang: string;
  readonly cardNo: string;
  readonly brand: string;
}

// Non-ASCII text as \u escapes: a tagged template's raw text reaches the bundle as written, and one
// such character makes V8 hold all of server.cjs two bytes a character (scripts/build-packages.mjs).
export function challengePage(model: ChallengePageModel): string {
  const body = html`<h1>3-D Secure authentication</h1>
<p>Your bank asks you to confirm this payment (simulated).</p>
<dl class="order">
<dt>Merchant</dt><dd>${model.merchantName}</dd>
<dt>Order reference</dt><dd>${model.orderId}</dd>
<dt>Amount</dt><dd><span lang="${model.amountLang}">${model.amountText}</span></dd>
<dt>Card</dt><dd>${model.brand} ${model.cardNo}</dd>
</dl>
<form method="post" action="${model.action}">
<input type="hidden" name="TOKEN" value="${model.token}">
<div class="actions">
<button type="submit" class="primary" name="RESULT" value="approve">Approve \u2013 authentication succeeds</button>
<button type="submit" class="danger" name="RESULT" value="fail">Fail authentication</button>
</div>
</form>`;
  return layout({ title: '3-D Secure authentication', body });
}

/**
 * The HTML_ANSWER of a DirectLink 3-D Secure order: a form that posts itself to the challenge
 * page, as the platform's does (ActiveMerchant fixture "downloadform3D"); its button makes it
 * work where scripts are blocked.
 */
export function challengeRedirectForm(action: string, token: string): string {
  return html`<form name="downloadform3D" action="${action}" method="post">
<input type="hidden" name="TOKEN" value="${token}">
<noscript><p>Please continue to your bank's 3-D Secure authentication.</p></noscript>
<button type="submit">Continue to 3-D Secure authentication</button>
</form>
<script type="text/javascript">document.downloadform3D.submit();</script>`.value;
}
