/**
 * The API password (OGONE_PASSWORD) echoed by the platform in a refused Batch DELALIAS never
 * reaches the logs, the answers or the stored alias.
 *
 * Forgetting a saved card sends a Batch upload carrying PSPID, USERID and PSWD
 * (server/aliases/batch-delete.ts). A refusal's NCERRORPLUS text is kept in the reason that
 * aliases/deletion.ts logs ("saved card not yet deleted at the platform; will retry") and stores
 * in the alias row. Review r1370 found it cleaned of the password verbatim only: a refusal
 * repeating the form as posted, form-encoded (`PSWD=Api-Password-42%21`), put the API password —
 * which refunds, captures and charges saved cards — in the log line. It is now scrubbed as
 * DirectLink's refusals are (server/directlink/errors.ts scrub(); the DirectLink case:
 * test/security/directlink-password-echo.test.ts). README "Security model": "Logs are structured
 * and redact passphrases, passwords, keys and the webhook secret".
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const PASSWORD = TEST_ENV.OGONE_PASSWORD; // 'Api-Password-42!'
const FORM_ENCODED = new URLSearchParams({ p: PASSWORD }).toString().slice(2); // 'Api-Password-42%21'

/** A Batch upload page refusing the file and repeating, in NCERRORPLUS, the form it was posted. */
async function platformEchoingTheForm() {
  const uploads: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      uploads.push(body);
      // The multipart fields, repeated as a query string (as a gateway's error text does).
      const fields = new URLSearchParams();
      for (const match of body.matchAll(/name="([A-Z_]+)"\r\n\r\n([^\r]*)\r\n/g)) fields.set(match[1]!, match[2]!);
      const echoed = `unknown or invalid parameters: ${fields.toString()}`;
      response.setHeader('content-type', 'text/xml');
      response.end(
        `<UPLOADRESULT NCERROR="50001119" NCERRORPLUS="${echoed.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></UPLOADRESULT>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uploads,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a refused Batch DELALIAS whose answer repeats the posted form', () => {
  let database: TestDatabase;
  let t: TestApp;
  let platform: Awaited<ReturnType<typeof platformEchoingTheForm>>;
  after(async () => {
    await t?.close();
    await platform?.close();
    await database?.drop();
  });

  it('leaves the API password out of the logs, the answer and the stored alias', async () => {
    database = await createTestDatabase('sqlite');
    platform = await platformEchoingTheForm();
    const config = parseServerConfig({ ...TEST_ENV });
    t = await createTestApp(database, {
      deps: {
        platformBaseUrl: platform.baseUrl,
        directLink: createDirectLinkClient({ config: { ...config.provider, baseUrl: platform.baseUrl } }),
      },
    });
    const { card } = await paidWithSavedCard(t, 'cust-r1370');

    const response = await t.api(`/api/aliases/${card.id}`, { method: 'DELETE' });
    const answer = await response.text();
    assert.equal(platform.uploads.length, 1, 'the DELALIAS reached the platform');
    assert.ok(platform.uploads[0]!.includes(PASSWORD), 'the upload carried the password (as it must)');

    const stored = JSON.stringify(await t.repository.getAlias(card.id));
    const places = { logs: t.logs, answer: [answer], storedAlias: [stored] };
    const leaks = Object.entries(places).flatMap(([where, texts]) =>
      texts.filter((text) => text.includes(PASSWORD) || text.includes(FORM_ENCODED)).map((text) => `${where}: ${text.slice(0, 400)}`),
    );
    assert.deepEqual(leaks, [], `the API password (${FORM_ENCODED} form-encoded) was found in:\n${leaks.join('\n')}`);
  });
});
