/**
 * The sandbox's DirectLink new order against the literal wire values of the DirectLink guide
 * (§3.3 statuses, §7 troubleshooting) and the e-Commerce Advanced guide's status table (§14).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink, parseNcResponse } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

describe('DirectLink orderdirect, as the guides answer', () => {
  // [DL] §7 "Appendix: Troubleshooting": "no <parameter> (for instance: no PSPID) … Note: ORDERID is
  // the first field we check, so if you receive the error "no ORDERID", it can also mean we did not
  // receive any values at all." An empty POST must answer "no orderid" (NCERROR 50001111, as the
  // guides' error example NCSTATUS="5" NCERROR="50001111" NCERRORPLUS=" no orderid" STATUS="0").
  it('an empty POST to orderdirect answers "no ORDERID" (50001111), not a PSPID error', async () => {
    const response = await fetch(`${running.url}/ncol/test/orderdirect_utf8.asp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    const xml = parseNcResponse(await response.text());
    assert.equal(xml.STATUS, '0');
    assert.equal(xml.NCERROR, '50001111', `NCERROR ${xml.NCERROR} NCERRORPLUS ${JSON.stringify(xml.NCERRORPLUS)}`);
    assert.match(xml.NCERRORPLUS ?? '', /no orderid/i);
  });

  // [DL] §3.3 / [ADV] §14: 5 "if you send Operation code RES", 9 "if you have sent Operation code
  // SAL"; the uncertain results are "52 Authorisation not known Or 92 Payment uncertain … during
  // the authorisation/payment process". An authorisation-only order (RES) has no payment (capture)
  // whose result could be uncertain: its uncertain result is 52, as its waiting one is 51 (not 91).
  it('an authorisation (RES) whose result is unknown answers 52 "Authorisation not known", not 92 "Payment uncertain"', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'RES', CARDNO: '4000000000009292' }));
    assert.equal(xml.NCSTATUS, '2');
    assert.equal(xml.STATUS, '52', `RES answered STATUS ${xml.STATUS}`);
  });
});
