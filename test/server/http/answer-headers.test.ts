/**
 * The headers every Node answer carries, added as its head is written (server/http/node-response.ts):
 * each one once, the answer's own value winning whatever its case, in every form `writeHead`
 * takes — a record, a reason phrase, flat and paired arrays, headers set earlier with setHeader,
 * and Node's implicit head.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, request, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { AnswerHeaders } from '../../../server/http/node-response.ts';

const HEADERS = new AnswerHeaders(
  [
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Referrer-Policy', 'no-referrer'],
  ],
  'X-Request-Id',
);

const ANSWERS: Record<string, (res: ServerResponse) => void> = {
  '/record': (res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'x-frame-options': 'DENY' }).end('a'),
  '/reason': (res) => res.writeHead(201, 'Made', { 'X-REQUEST-ID': 'route-id' }).end('b'),
  '/implicit': (res) => res.end('c'),
  '/set-header': (res) => {
    res.setHeader('Referrer-Policy', 'origin');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('d');
  },
  '/pairs': (res) =>
    res
      .writeHead(200, [
        ['x-frame-options', 'DENY'],
        ['Content-Type', 'text/plain'],
      ] as unknown as string[])
      .end('e'),
  '/flat': (res) => res.writeHead(200, ['Referrer-Policy', 'same-origin', 'Set-Cookie', 'a=1']).end('f'),
  '/none': (res) => res.writeHead(204).end(),
  // Node sends a head holding an Expect from writeHead itself.
  '/expect': (res) => res.writeHead(200, { Expect: '100-continue', 'Content-Length': '1' }).end('g'),
};

function get(base: string, pathname: string): Promise<{ status: number; raw: string[] }> {
  return new Promise((resolve, reject) => {
    request(`${base}${pathname}`, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: res.rawHeaders }));
    })
      .on('error', reject)
      .end();
  });
}

/** The values of header `name` in the answer, however many times it came. */
function values(raw: string[], name: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name.toLowerCase()) found.push(raw[i + 1]!);
  return found;
}

describe('headers added as the answer is written', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      HEADERS.attach(res, 'id-1');
      ANSWERS[req.url ?? '']!(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('adds every header to a record, the route’s own value winning whatever its case', async () => {
    const { raw } = await get(base, '/record');
    assert.deepEqual(values(raw, 'X-Frame-Options'), ['DENY']);
    assert.deepEqual(values(raw, 'Referrer-Policy'), ['no-referrer']);
    assert.deepEqual(values(raw, 'X-Request-Id'), ['id-1']);
    assert.deepEqual(values(raw, 'Content-Type'), ['text/plain']);
  });

  it('keeps a reason phrase and a route’s own per-answer header', async () => {
    const { status, raw } = await get(base, '/reason');
    assert.equal(status, 201);
    assert.deepEqual(values(raw, 'X-Request-Id'), ['route-id']);
    assert.deepEqual(values(raw, 'X-Frame-Options'), ['SAMEORIGIN']);
  });

  it('adds them to Node’s implicit head, to a head without headers and to one Node sends at once', async () => {
    for (const pathname of ['/implicit', '/none', '/expect']) {
      const { raw } = await get(base, pathname);
      assert.deepEqual(values(raw, 'X-Frame-Options'), ['SAMEORIGIN'], pathname);
      assert.deepEqual(values(raw, 'X-Request-Id'), ['id-1'], pathname);
    }
  });

  it('lets a header set earlier with setHeader win', async () => {
    const { raw } = await get(base, '/set-header');
    assert.deepEqual(values(raw, 'Referrer-Policy'), ['origin']);
    assert.deepEqual(values(raw, 'X-Frame-Options'), ['SAMEORIGIN']);
  });

  it('takes the array forms of writeHead', async () => {
    const pairs = await get(base, '/pairs');
    assert.deepEqual(values(pairs.raw, 'X-Frame-Options'), ['DENY']);
    assert.deepEqual(values(pairs.raw, 'Referrer-Policy'), ['no-referrer']);
    const flat = await get(base, '/flat');
    assert.deepEqual(values(flat.raw, 'Referrer-Policy'), ['same-origin']);
    assert.deepEqual(values(flat.raw, 'Set-Cookie'), ['a=1']);
    assert.deepEqual(values(flat.raw, 'X-Request-Id'), ['id-1']);
  });
});

describe('the per-answer value', () => {
  it('is refused, and no head written, when it could end the header line (CR, LF)', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    HEADERS.attach(res, 'id\r\nSet-Cookie: session=stolen');
    assert.throws(() => res.writeHead(200, { 'Content-Type': 'text/plain' }), { code: 'ERR_INVALID_CHAR' });
    assert.equal(res.headersSent, false);
  });
});
