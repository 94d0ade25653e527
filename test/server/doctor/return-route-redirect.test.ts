/**
 * Found by review r1696 (2026-12-07), now fixed.
 * The fix: doctor's return-route probe reports a 3xx answer as an error on PUBLIC_URL (Ogone does not follow a redirect of its feedback)
 *
 * r1696 — doctor calls a return URL that redirects "answering": Ogone's feedback would never reach
 * the server.
 *
 * What is wrong: doctor's return-route probe (server/doctor/probes.ts probeReturnRoute) GETs
 * PUBLIC_URL + /payment/ogone/return with `redirect: 'manual'` and counts every status except 404
 * and 5xx as the route being there. A 301/302/307/308 passes: "answers (HTTP 301 to an empty
 * request)", severity ok, exit 0. Our route never redirects an empty request (it answers 400
 * naming the missing field), so a redirect means something else holds that URL.
 *
 * Why it matters (money, an operator): a redirect at the feedback URL is a common deployment
 * mistake. PUBLIC_URL may be set to http:// behind the nginx site of docs/deploy.md, which
 * "redirects plain HTTP" (doctor flags http only in production, so a test account passes). Or
 * PUBLIC_URL may name a path that a front end sends on to a login page. Ogone's post-sale
 * request is then not processed: docs/ogone-protocol.md §5 ("What we answer") and the list of
 * known differences ([ADV] §9.3.3) say the platform treats a redirection answer as the page to
 * show the shopper, and the sandbox counts a 302 as a failed request. So the server-to-server
 * feedback never reaches the server and payments stay unresolved until the reconciler. README
 * "Going live" says doctor flags "a return route that does not answer", and the operator is told
 * to run doctor "until it exits 0" before copying the URL into the back office.
 *
 * What the test expects: for a return URL answering each redirect status, the finding has
 * severity `error` (the setting PUBLIC_URL). It does not expect an `ok` that says the route
 * answers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { probeReturnRoute } from '../../../server/doctor/probes.ts';
import { MESSAGES } from '../../../server/doctor/i18n.ts';

describe('r1696: doctor and a return URL that redirects', () => {
  let server: Server;
  let origin = '';
  before(async () => {
    // Answers like nginx's plain-HTTP server block or a login wall: a redirect, whatever the path.
    server = createServer((req, res) => {
      const status = Number(/^\/(\d{3})\//.exec(req.url ?? '')?.[1] ?? 301);
      res.writeHead(status, { location: `https://pay.example.com${req.url ?? '/'}` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => {
    server.close();
  });

  for (const status of [301, 302, 307, 308]) {
    it(`a return URL answering ${status} is an error, not "answers"`, async () => {
      const finding = await probeReturnRoute(`${origin}/${status}/payment/ogone/return`, MESSAGES.en);
      assert.equal(finding.setting, 'PUBLIC_URL');
      assert.equal(finding.severity, 'error', `doctor said: ${finding.message}`);
    });
  }
});
