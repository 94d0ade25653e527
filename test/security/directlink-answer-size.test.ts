/**
 * Resource exhaustion through the DirectLink answer (server/directlink/client.ts): whatever sits at
 * OGONE_BASE_URL (a misconfigured or compromised proxy, a white label's error page, a MITM on a
 * broken TLS setup) answers every DirectLink call — and those calls are made by the reconciler on
 * its own, by saved-card payments and by card deletions a shopper triggers from the widget.
 *
 * 1. The answer is read no further than 1 MiB: read whole, an endless or huge answer was buffered
 *    into memory until the 40 s timeout (10 s for queries) — 96 MiB took 192 MiB.
 * 2. The excerpt of an error page strips tags in linear time: `/<[^>]*>/g` backtracks to the end
 *    from every `<` of a body of `<` with no `>`, on the event loop — 100 KB of them held the whole
 *    server 15 s. The bound below is 1 s, fifteen times under that and a thousand times over what
 *    the linear strip takes, so a shared host's pauses do not decide it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { providerConfig } from '../support/accounts.ts';

const MiB = 1024 * 1024;

interface Platform {
  baseUrl: string;
  server: Server;
  /** Bytes of the answer the client's socket accepted. */
  written: number;
  answer: 'huge' | 'angles';
}

let platform: Platform;

/** 96 MiB of text at 200 (written with back-pressure), or 100 KB of `<` at 500. */
const HUGE_TOTAL = 96 * MiB;
const ANGLES = 100_000;

before(async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (platform.answer === 'angles') {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<'.repeat(ANGLES));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (platform.written < HUGE_TOTAL) {
          if (res.destroyed) return;
          platform.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  platform = { baseUrl: `http://127.0.0.1:${port}`, server, written: 0, answer: 'huge' };
});

after(async () => {
  platform.server.closeAllConnections();
  await new Promise<void>((resolve) => platform.server.close(() => resolve()));
});

test('a huge DirectLink answer is not buffered whole: reading stops at a bounded size', async () => {
  platform.answer = 'huge';
  platform.written = 0;
  const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), queryTimeoutMs: 30_000 });
  const heapBefore = process.memoryUsage().arrayBuffers;
  let peakArrayBuffers = heapBefore;
  const sampler = setInterval(() => {
    peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
  }, 5);
  await assert.rejects(client.query({ payId: '1111111' }), (error: Error) => /more than 1024 KiB.*OGONE_BASE_URL/.test(error.message));
  clearInterval(sampler);
  peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
  const readMiB = platform.written / MiB;
  const grewMiB = (peakArrayBuffers - heapBefore) / MiB;
  // A DirectLink ncresponse is a few KB; a cap of 1 MiB plus the kernel's socket buffers stays far
  // below 24 MiB, of 96 MiB sent.
  assert.ok(readMiB <= 24, `the client read ${readMiB.toFixed(1)} MiB of a DirectLink answer (no size cap)`);
  assert.ok(grewMiB <= 24, `reading one DirectLink answer took ${grewMiB.toFixed(1)} MiB`);
});

test('a DirectLink error page of 100 KB of "<" does not block the event loop', async () => {
  platform.answer = 'angles';
  const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), queryTimeoutMs: 30_000 });
  // The longest gap between two ticks of a 10 ms timer while the call runs: the event-loop stall
  // every other request of the server would wait through.
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 10);
  await assert.rejects(client.query({ payId: '1111111' }), (error: Error) => /HTTP 500/.test(error.message));
  clearInterval(ticker);
  longestGap = Math.max(longestGap, performance.now() - last);
  assert.ok(longestGap < 1000, `the event loop was blocked for ${longestGap.toFixed(0)} ms by one DirectLink error page`);
});
