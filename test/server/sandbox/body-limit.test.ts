/**
 * In sandbox mode the mounted sandbox answers `/ncol/…` before the app (start-server.ts
 * byPathPrefix), so none of the app's middleware runs there, its 64 KiB body limit included; the
 * sandbox read every body whole (`c.req.arrayBuffer()` / `parseBody`) and parsed it on the event
 * loop, and `/ncol/…` is open to anyone even on a public address (sandbox-access.ts). One 50 MB
 * chunked POST took RSS from ~140 MB to ~1.5 GB and held the server ~16 s. The sandbox now has
 * limits of its own (server/sandbox/app.ts): a larger body is a 413, not read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawnServer, type ServerProcess } from '../../support/processes.ts';
import { sandboxEnv } from '../../ops/helpers.ts';

const BODY_BYTES = 2_000_000; // 30 times the 64 KiB limit; small enough to run fast

/**
 * Announces a body of `size` bytes (chunked or by Content-Length) on its own connection but sends
 * only its first 256 KB — past every limit, and no client-side race with the server closing the
 * connection after its answer — then waits for the status line (5 s at most: a server that waits
 * for the rest answers nothing).
 */
function post(url: string, path: string, size: number, chunked: boolean): Promise<string> {
  const { hostname, port } = new URL(url);
  const sent = 'a=&'.repeat(Math.ceil(256_000 / 3)).slice(0, Math.min(size, 256_000));
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let data = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`;
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n${framing}\r\nConnection: close\r\n\r\n`,
    );
    for (let i = 0; i < sent.length; i += 65_536) {
      const piece = sent.slice(i, i + 65_536);
      socket.write(chunked ? `${piece.length.toString(16)}\r\n${piece}\r\n` : piece);
    }
  });
}

describe('sandbox mode: the platform paths keep the body limit', () => {
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  let server: ServerProcess;

  before(async () => {
    files = await sandboxEnv();
    server = await spawnServer({ env: files.env });
  });

  after(async () => {
    await server?.stop();
    await files?.remove();
  });

  it('control: the feedback route refuses a 2 MB chunked body with 413', async () => {
    assert.match(await post(server.url, '/payment/ogone/return', BODY_BYTES, true), /^HTTP\/1\.1 413/);
  });

  it('a 2 MB chunked body to the sandbox hosted page is refused with 413', async () => {
    assert.match(await post(server.url, '/ncol/test/orderstandard_utf8.asp', BODY_BYTES, true), /^HTTP\/1\.1 413/);
  });

  it('a 2 MB Content-Length body to the sandbox DirectLink order is refused with 413', async () => {
    assert.match(await post(server.url, '/ncol/test/orderdirect_utf8.asp', BODY_BYTES, false), /^HTTP\/1\.1 413/);
  });
});
