/**
 * The dashboard's HTML shell, the same for the list (`/dashboard`) and a payment's page
 * (`/dashboard/transactions/:reference`): a sign-in form, the empty regions the module fills and
 * the confirmation dialog of money actions.
 */
import { html } from 'hono/html';
import { SEARCH_MAX_LENGTH } from '../../shared/search.ts';

export const DASHBOARD_PATH = '/dashboard';

// Non-ASCII text as \u escapes: a tagged template's raw text reaches the bundle as written, and one
// such character makes V8 hold all of server.cjs two bytes a character (scripts/build-packages.mjs).
export function dashboardPage(model: { merchantName: string }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="referrer" content="no-referrer">
<title>Dashboard \u2014 ${model.merchantName}</title>
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
<form id="login-form" method="post">
<label for="api-key">Merchant API key</label>
<input id="api-key" type="password" autocomplete="off" spellcheck="false" required minlength="24">
<button type="submit">Sign in</button>
<p id="login-error" class="error" role="alert"></p>
</form>
</section>
<div id="app" hidden>
<p id="notice" role="status" aria-live="polite"></p>
<div id="list-view">
<section aria-labelledby="chart-title">
<h2 id="chart-title">Payments, last 14 days</h2>
<figure id="chart"></figure>
<div id="summary-facts"></div>
</section>
<section aria-labelledby="transactions-title">
<h2 id="transactions-title">Transactions</h2>
<form id="filters" role="search" aria-label="Search and filter transactions">
<div class="field search">
<label for="q">Search</label>
<input id="q" name="q" type="search" maxlength="${SEARCH_MAX_LENGTH}" autocomplete="off" spellcheck="false" aria-describedby="q-hint">
<small id="q-hint" class="note">Reference, merchant reference, customer id, e-mail or card's last four digits</small>
</div>
<fieldset class="states">
<legend>State</legend>
<label class="check"><input type="checkbox" name="state" value="pending"> <span class="state" data-state="pending">pending</span></label>
<label class="check"><input type="checkbox" name="state" value="authorized"> <span class="state" data-state="authorized">authorised</span></label>
<label class="check"><input type="checkbox" name="state" value="captured"> <span class="state" data-state="captured">captured</span></label>
<label class="check"><input type="checkbox" name="state" value="partially_refunded"> <span class="state" data-state="partially_refunded">partially refunded</span></label>
<label class="check"><input type="checkbox" name="state" value="refunded"> <span class="state" data-state="refunded">refunded</span></label>
<label class="check"><input type="checkbox" name="state" value="cancelled"> <span class="state" data-state="cancelled">cancelled</span></label>
<label class="check"><input type="checkbox" name="state" value="declined"> <span class="state" data-state="declined">declined</span></label>
<label class="check"><input type="checkbox" name="state" value="error"> <span class="state" data-state="error">error</span></label>
<label class="check"><input type="checkbox" name="state" value="draft"> <span class="state" data-state="draft">draft</span></label>
<label class="check"><input type="checkbox" name="state" value="expired"> <span class="state" data-state="expired">expired attempt</span></label>
</fieldset>
<div class="field"><label for="from">From</label><input id="from" name="from" type="date"></div>
<div class="field"><label for="to">To</label><input id="to" name="to" type="date"></div>
<div class="field toggles">
<label class="check"><input id="show-drafts" name="drafts" type="checkbox"> Show drafts</label>
<label class="check"><input id="show-expired" name="expired" type="checkbox"> Show expired attempts</label>
</div>
<div class="actions">
<button type="submit" class="primary">Search</button>
<button type="button" id="clear-filters">Clear filters</button>
<a id="export" href="/api/transactions/export.csv">Export CSV</a>
</div>
<p id="filter-error" class="error" role="alert"></p>
</form>
<table id="transactions" class="cards">
<caption class="visually-hidden">Transactions, newest first</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Amount</th><th scope="col">Card</th><th scope="col">Customer</th><th scope="col">Decline reason</th><th scope="col">Actions</th></tr></thead>
<tbody></tbody>
</table>
<div class="more"><p id="list-count" class="note"></p><button type="button" id="load-more" hidden>Load more</button></div>
</section>
<section aria-labelledby="events-title">
<h2 id="events-title">Webhook deliveries</h2>
<div class="actions"><button type="button" id="send-ping">Send test event</button></div>
<table id="events" class="cards">
<caption class="visually-hidden">Webhook events, newest first</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Created</th><th scope="col">Reference</th><th scope="col">Delivery</th><th scope="col">Attempts</th><th scope="col">Actions</th></tr></thead>
<tbody></tbody>
</table>
<div class="more"><button type="button" id="events-more" hidden>Load more events</button></div>
</section>
</div>
<div id="transaction-view" hidden>
<p><a href="${DASHBOARD_PATH}" data-link>\u2190 All transactions</a></p>
<section id="transaction" aria-live="off"></section>
</div>
</div>
<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-effect">
<form id="confirm-form" novalidate>
<h2 id="confirm-title">Confirm</h2>
<div id="confirm-amount-field" class="field">
<label id="confirm-amount-label" for="confirm-amount">Amount</label>
<div class="amount-row">
<input id="confirm-amount" name="amount" inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby="confirm-hint confirm-error">
<button type="button" id="confirm-full">Everything left</button>
</div>
<small id="confirm-hint" class="note"></small>
</div>
<label id="confirm-final-field" class="check" hidden><input type="checkbox" id="confirm-final" name="final" aria-describedby="confirm-effect"> Final capture \u2014 release the rest</label>
<p id="confirm-effect" class="effect"></p>
<p id="confirm-error" class="error" role="alert"></p>
<div class="dialog-actions">
<button type="button" id="confirm-dismiss">Go back</button>
<button type="submit" id="confirm-ok" class="primary danger">Confirm</button>
</div>
</form>
</dialog>
</main>
</body>
</html>`;
}
