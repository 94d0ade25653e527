/** The dashboard's HTML shell: a sign-in form and the empty regions the module fills. */
import { html } from 'hono/html';

export const DASHBOARD_PATH = '/dashboard';

export function dashboardPage(model: { merchantName: string }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="referrer" content="no-referrer">
<title>Dashboard — ${model.merchantName}</title>
<link rel="stylesheet" href="${DASHBOARD_PATH}/dashboard.css">
<script type="module" src="${DASHBOARD_PATH}/dashboard.js"></script>
</head>
<body>
<header class="top">
<h1>Payments <span class="merchant">${model.merchantName}</span></h1>
<div class="toolbar" id="toolbar" hidden>
<button type="button" id="refresh">Refresh</button>
<button type="button" id="sign-out">Sign out</button>
</div>
</header>
<main>
<section id="login" aria-labelledby="login-title">
<h2 id="login-title">Sign in</h2>
<p>Enter a merchant API key (one of <code>MERCHANT_API_KEYS</code>; the demo prints its sandbox key). It stays in this tab only (sessionStorage).</p>
<form id="login-form">
<label for="api-key">Merchant API key</label>
<input id="api-key" name="apiKey" type="password" autocomplete="off" spellcheck="false" required minlength="24">
<button type="submit">Sign in</button>
<p id="login-error" class="error" role="alert"></p>
</form>
</section>
<div id="app" hidden>
<p id="notice" role="status" aria-live="polite"></p>
<section aria-labelledby="chart-title">
<h2 id="chart-title">Payments by state, last 14 days</h2>
<figure id="chart"></figure>
</section>
<section aria-labelledby="transactions-title">
<h2 id="transactions-title">Transactions</h2>
<p id="maintenance-note" class="note" hidden></p>
<div class="scroll"><table id="transactions">
<thead><tr><th scope="col">Created</th><th scope="col">Reference</th><th scope="col">State</th><th scope="col">Amount</th><th scope="col">Brand</th><th scope="col">Card</th><th scope="col">NCERROR</th><th scope="col">Actions</th></tr></thead>
<tbody></tbody>
</table></div>
</section>
<section aria-labelledby="events-title">
<h2 id="events-title">Webhook deliveries</h2>
<div class="actions"><button type="button" id="send-ping">Send test event</button></div>
<div class="scroll"><table id="events">
<thead><tr><th scope="col">Created</th><th scope="col">Event</th><th scope="col">Reference</th><th scope="col">Delivery</th><th scope="col">Attempts</th><th scope="col">Actions</th></tr></thead>
<tbody></tbody>
</table></div>
</section>
</div>
</main>
</body>
</html>`;
}
