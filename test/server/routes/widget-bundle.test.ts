/** Serving dist/ogone-checkout.js: compressed, ETag, versioned immutable URL, 503 when missing. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { widgetBundleRoutes } from '../../../server/routes/widget-bundle.ts';

describe('widget bundle', () => {
  let dir: string;
  const source = `export class OgoneCheckout extends HTMLElement {}\n${'// padding so compression matters\n'.repeat(200)}`;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-dist-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('answers 503 with a clear message while the widget is not built', async () => {
    const app = widgetBundleRoutes({ distDir: dir });
    const response = await app.request('/ogone-checkout.js');
    assert.equal(response.status, 503);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /npm run build/);
  });

  it('serves brotli, gzip or identity with an ETag, 304 on revalidation, and a versioned immutable URL', async () => {
    await writeFile(path.join(dir, 'ogone-checkout.js'), source);
    const app = widgetBundleRoutes({ distDir: dir });
    const br = await app.request('/ogone-checkout.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    assert.match(br.headers.get('content-type') ?? '', /javascript/);
    const compressed = Buffer.from(await br.arrayBuffer());
    assert.ok(compressed.length < source.length / 4);
    assert.equal(brotliDecompressSync(compressed).toString(), source);
    const gz = await app.request('/ogone-checkout.js', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), source);
    const plain = await app.request('/ogone-checkout.js');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), source);
    // Readable from any page: the widget's CORS probe (a HEAD) tells a server that is up, but
    // refused the page's origin, from a proxy's own error for a server that is down by this header.
    const probe = await app.request('/ogone-checkout.js', { method: 'HEAD', headers: { origin: 'https://shop.example' } });
    assert.equal(probe.status, 200);
    assert.equal(probe.headers.get('access-control-allow-origin'), '*');

    const etag = br.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const revalidated = await app.request('/ogone-checkout.js', { headers: { 'if-none-match': etag } });
    assert.equal(revalidated.status, 304);

    const manifest = (await (await app.request('/ogone-checkout.manifest.json')).json()) as { file: string; integrity: string };
    assert.equal(manifest.file, `/ogone-checkout.${etag.slice(1, -1)}.js`);
    assert.match(manifest.integrity, /^sha384-/);
    const versioned = await app.request(manifest.file);
    assert.equal(versioned.status, 200);
    assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(versioned.headers.get('access-control-allow-origin'), '*');

    // A rebuild changes the hash; the old versioned URL points to the new one.
    await writeFile(path.join(dir, 'ogone-checkout.js'), source + '// v2\n');
    const old = await app.request(manifest.file);
    assert.equal(old.status, 302);
    assert.notEqual(old.headers.get('location'), manifest.file);
    assert.equal((await app.request('/ogone-checkout.0123456789abcdef.js')).status, 302);
    assert.equal((await app.request('/ogone-checkout.evil.js')).status, 404);
  });

  // q=0 means "not acceptable" (RFC 9110 §12.4.2): brotli was sent to a client refusing it (review r1100).
  it('never sends an encoding the client refuses, and honours a preference for gzip', async () => {
    await writeFile(path.join(dir, 'ogone-checkout.js'), source);
    const app = widgetBundleRoutes({ distDir: dir });
    const encodingFor = async (header: string) =>
      (await app.request('/ogone-checkout.js', { headers: { 'accept-encoding': header } })).headers.get('content-encoding');
    assert.equal(await encodingFor('gzip, deflate, br, zstd'), 'br');
    assert.equal(await encodingFor('gzip, br;q=0'), 'gzip');
    assert.equal(await encodingFor('BR;Q=0, gzip'), 'gzip');
    assert.equal(await encodingFor('br;q=0.5, gzip'), 'gzip');
    assert.equal(await encodingFor('gzip;q=0, br;q=0'), null);
    assert.equal(await encodingFor('identity'), null);
    const manifest = await app.request('/ogone-checkout.manifest.json', { headers: { origin: 'https://shop.example' } });
    assert.equal(manifest.headers.get('access-control-allow-origin'), '*');
  });
});
