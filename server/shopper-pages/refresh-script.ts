/**
 * The pending page's one script, served from our origin (`script-src 'self'`). It asks the server
 * again every few seconds and reloads only when the answer changed: a `<meta http-equiv=refresh>`
 * would reload the whole page every time, moving focus and re-reading it to screen readers (axe's
 * meta-refresh rule, WCAG 2.2.1). The server decides when to stop: at the session's expiry its
 * page changes (to "not completed"), the script reloads once and that page has no script. Without
 * JavaScript a meta refresh inside `<noscript>` does the same job. An answer that is not our page
 * (a 5xx, a rate limit, a proxy's error page) is a failed check: the shopper keeps this page, and
 * it asks again a little later (review r1070: it reloaded into the raw error), less often while
 * they last, never giving up (review r1110: it stopped after a minute of a restart).
 */
export const REFRESH_SCRIPT = `(() => {
  const main = document.querySelector('main[data-refresh-seconds]');
  if (!main) return;
  let failures = 0;
  const check = async () => {
    try {
      const response = await fetch(location.href, { cache: 'no-store', headers: { accept: 'text/html' } });
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('main[data-page]');
      // Not our page (a 5xx, a proxy's error page, a 429): kept, and asked again, never shown.
      if (!next) throw new Error(String(response.status));
      failures = 0;
      if (next.dataset.page !== main.dataset.page || next.dataset.state !== main.dataset.state) return location.reload();
      const seconds = Number(next.dataset.refreshSeconds);
      if (seconds > 0) setTimeout(check, seconds * 1000);
    } catch {
      // Never given up: the server's own page says when to stop. 5 s, then less often, at most a minute.
      setTimeout(check, Math.min(60, 5 * 2 ** Math.min(failures++, 4)) * 1000);
    }
  };
  setTimeout(check, Number(main.dataset.refreshSeconds) * 1000);
})();
`;
