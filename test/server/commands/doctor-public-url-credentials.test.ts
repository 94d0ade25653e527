/**
 * Review r1300 found that `ogone-checkout doctor` prints the password held in PUBLIC_URL, three times, and puts it
 * in the back-office checklist.
 *
 * Defect: serve refuses a PUBLIC_URL carrying credentials ("PUBLIC_URL: must carry no user name
 * or password", exit 2), and doctor reports the same error — but runDoctor
 * (server/commands/doctor.ts) builds `returnUrl` from the raw PUBLIC_URL, so the password is
 * printed in the return-route probe's message (once as the URL, once inside fetch's error text)
 * and in the checklist's two "URL of the merchant's post-payment page" lines, which README
 * ("Going live") tells the operator to copy into Ogone's back office. The same module's webhook
 * probe takes care never to print credentials of WEBHOOK_URL (probes.ts probeWebhook,
 * printableEndpoint); the brief's rule is that no secret reaches any output.
 * Who suffers: the operator who pastes doctor's output into a support ticket, a chat or the
 * back office leaks the proxy / basic-auth password; a CI log keeps it.
 * The fix made: in server/commands/doctor.ts runDoctor, build returnUrl from PUBLIC_URL with its
 * username/password removed (or, when PUBLIC_URL carries credentials, skip the return-route
 * probe and show the checklist URL without them), as printableEndpoint does for WEBHOOK_URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

const PASSWORD = 'Pr0xyPassw0rdSecret';

describe('doctor with credentials in PUBLIC_URL', () => {
  it('reports the setting (exit 1) without ever printing the password, in text or JSON', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
    try {
      // Port 1 on loopback: the return-route probe fails at once, no network needed.
      const env = { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: dataDir, PUBLIC_URL: `https://admin:${PASSWORD}@127.0.0.1:1` };
      const text = await runCli(['doctor'], env);
      assert.equal(text.code, 1, `exit ${text.code}`);
      assert.match(text.stdout, /PUBLIC_URL/);
      assert.equal(text.stdout.includes(PASSWORD) || text.stderr.includes(PASSWORD), false, `password printed:\n${text.stdout}`);
      const json = await runCli(['doctor', '--json'], env);
      assert.equal(json.stdout.includes(PASSWORD) || json.stderr.includes(PASSWORD), false, `password in --json:\n${json.stdout}`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
