/**
 * Property-based fuzzing (fast-check) of `/payment/ogone/return`, in process through
 * `app.request()` over a real SQLite file. Genuine SHA-OUT-signed feedback is mutated:
 * - changes that keep the signature valid (names' case, order, unsigned extra parameters,
 *   lowercase digest, empty signed parameters, GET/POST/multipart/split, any percent-encoding)
 *   must be processed — the feedback log grows;
 * - changes that break it (a signed value changed, removed or added, no/short/long/non-hex/
 *   flipped SHASIGN, another algorithm, another passphrase) must be refused with a 4xx and change
 *   nothing; a name given twice (earlier, later, in another case, even an empty copy that leaves
 *   the signature valid) is a 400 (docs/ogone-protocol.md §3);
 * - random parameters are never processed; broken percent-encoding is a 400; bodies over the
 *   limit a 413. Never a 5xx, never a crash.
 * After every request a fingerprint of the database (feedback log, outbox, transactions,
 * aliases, sessions) tells whether anything changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { SHA_OUT_PARAMETERS } from '../../shared/sha-out-parameters.ts';
import { shaString } from '../../shared/signature.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { BROWSER_HEADERS, PLATFORM_HEADERS } from '../support/headers.ts';
import { feedbackParams } from '../support/feedback.ts';

type Pair = [string, string];
type Transport = 'get' | 'post' | 'multipart' | 'split';
type Encoding = 'form' | 'component' | 'every-byte';

const SHA_OUT = TEST_ENV.OGONE_SHA_OUT;
const SIGNED = new Set(SHA_OUT_PARAMETERS);
const RUNS = {
  accepted: Number(process.env.OC_FUZZ_ACCEPTED ?? 1500),
  refused: Number(process.env.OC_FUZZ_REFUSED ?? 3500),
  random: Number(process.env.OC_FUZZ_RANDOM ?? 1500),
  broken: Number(process.env.OC_FUZZ_BROKEN ?? 1000),
  oversized: 30,
};

interface Target {
  reference: string;
  amount: number;
  currency: string;
}

// --- encoding a request -------------------------------------------------------------------

function percentEveryByte(text: string, upper: boolean): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => `%${byte.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`)
    .join('');
}

function encodePairs(pairs: Pair[], encoding: Encoding): string {
  switch (encoding) {
    case 'form':
      return new URLSearchParams(pairs).toString();
    case 'component':
      return pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
    case 'every-byte':
      return pairs.map(([n, v], i) => `${percentEveryByte(n, i % 2 === 0)}=${percentEveryByte(v, i % 2 === 1)}`).join('&');
  }
}

interface Shot {
  pairs: Pair[];
  transport: Transport;
  encoding: Encoding;
  channel: 'server' | 'browser';
  /** Where `split` cuts: pairs before go in the body, the rest in the query (order kept). */
  cut: number;
}

function toRequest(shot: Shot): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { ...(shot.channel === 'server' ? PLATFORM_HEADERS : BROWSER_HEADERS) };
  const base = 'http://localhost/payment/ogone/return';
  switch (shot.transport) {
    case 'get':
      return { url: `${base}?${encodePairs(shot.pairs, shot.encoding)}`, init: { method: 'GET', headers } };
    case 'post':
      return {
        url: base,
        init: {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: encodePairs(shot.pairs, shot.encoding),
        },
      };
    case 'multipart': {
      const form = new FormData();
      for (const [name, value] of shot.pairs) form.append(name, value);
      return { url: base, init: { method: 'POST', headers, body: form } };
    }
    case 'split': {
      const cut = Math.min(shot.cut, shot.pairs.length);
      const body = encodePairs(shot.pairs.slice(0, cut), shot.encoding);
      const query = encodePairs(shot.pairs.slice(cut), shot.encoding);
      return {
        url: `${base}${query ? `?${query}` : ''}`,
        init: { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body },
      };
    }
  }
}

// --- arbitraries -------------------------------------------------------------------------

const transportArb = fc.constantFrom<Transport>('get', 'post', 'multipart', 'split');
const encodingArb = fc.constantFrom<Encoding>('form', 'component', 'every-byte');
const channelArb = fc.constantFrom<'server' | 'browser'>('server', 'browser');
/** Printable text including spaces, reserved characters and non-ASCII letters. */
const textArb = fc.string({
  unit: fc.constantFrom(...Array.from('aZ09 +&=%?#/;:,.-_~!*\'()"<>éß中😀\u00a0abcdefghijklmnopqrstuvwxyz')),
  maxLength: 24,
});
const unsignedNameArb = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/)
  .map((name) => `xf_${name}`)
  .filter((name) => !SIGNED.has(name.toUpperCase()));

function recase(name: string, mode: number): string {
  if (mode === 0) return name;
  if (mode === 1) return name.toLowerCase();
  if (mode === 2) return name.toUpperCase();
  return [...name].map((ch, i) => (i % 2 ? ch.toLowerCase() : ch.toUpperCase())).join('');
}

/** A shuffle driven by a seed from fast-check (shrinkable, replayable). */
function permute<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('fuzzing /payment/ogone/return', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let testApp: TestApp;
  let reader: Database.Database;
  const targets: Target[] = [];
  const statuses = new Map<number, number>();
  let total = 0;

  before(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database, { deps: { rateLimit: { windowMs: 60_000, limit: 1_000_000 } } });
    for (let i = 0; i < 12; i++) {
      const session = await testApp.api('/api/checkout-sessions', {
        method: 'POST',
        json: {
          amount: 1000 + i * 111,
          currency: i % 3 === 0 ? 'JPY' : 'EUR',
          ...(i % 4 === 0 ? { customer: { id: `fuzz-${i}` }, saveCard: 'always' } : {}),
        },
      });
      assert.equal(session.status, 201);
      const { id, amount, currency } = (await session.json()) as { id: string; amount: number; currency: string };
      const attempt = await testApp.app.request(`/checkout/sessions/${id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(attempt.status, 201);
      const { reference } = (await attempt.json()) as { reference: string };
      targets.push({ reference, amount, currency });
    }
    reader = new Database((database.options as { file: string }).file, { readonly: true });
  });

  after(async () => {
    reader?.close();
    await testApp?.close();
    await database?.drop();
    const summary = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    process.stdout.write(`# feedback fuzz: ${total} requests (${summary})\n`);
  });

  function fingerprint(): string {
    const row = reader
      .prepare(
        `select (select count(*) from feedback_log) || '|' || (select count(*) from webhook_events) || '|' ||
          (select group_concat(reference || state || coalesce(last_status, '') || amount_mismatch || coalesce(payid, ''), ',') from transactions) || '|' ||
          (select count(*) from aliases) || '|' || (select group_concat(status, ',') from checkout_sessions) as fp`,
      )
      .get() as { fp: string };
    return row.fp;
  }

  async function send(shot: Shot): Promise<{ status: number; changed: boolean; body: string }> {
    const before = fingerprint();
    const { url, init } = toRequest(shot);
    const response = await testApp.app.request(url, init);
    const body = await response.text();
    total++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    assert.ok(response.status < 500, `5xx: ${response.status} ${body.slice(0, 200)}`);
    return { status: response.status, changed: fingerprint() !== before, body };
  }

  /** Signed feedback for one of our transactions, as ordered pairs (SHASIGN last). */
  const genuineArb = fc
    .record({
      target: fc.nat({ max: 11 }),
      status: fc.constantFrom(0, 1, 2, 4, 5, 9, 41, 46, 51, 52, 91, 92, 93),
      payId: fc.stringMatching(/^[1-9]\d{5,9}$/),
      // No CR/LF: multipart bodies normalise line breaks, which Ogone's values never contain.
      cn: fc.string({ unit: 'grapheme', maxLength: 20 }).filter((cn) => !/[\r\n]/.test(cn)),
      withAlias: fc.boolean(),
    })
    .map(({ target, status, payId, cn, withAlias }) => {
      const t = targets[target]!;
      const params = feedbackParams(
        {
          reference: t.reference,
          amount: t.amount,
          currency: t.currency,
          status,
          payId,
          extra: { CN: cn },
          ...(withAlias ? { alias: `OC-FUZZ${target}` } : {}),
        },
        SHA_OUT,
      );
      const { SHASIGN, ...rest } = params;
      return { pairs: [...Object.entries(rest), ['SHASIGN', SHASIGN!]] as Pair[], params };
    });

  const envelopeArb = fc.record({ transport: transportArb, encoding: encodingArb, channel: channelArb, cut: fc.nat({ max: 30 }) });

  it('processes feedback whose signature stays valid', async () => {
    const preserving = fc.record({
      recase: fc.array(fc.nat({ max: 3 }), { minLength: 20, maxLength: 20 }),
      order: fc.option(fc.nat(), { nil: undefined }),
      // Distinct names: a name given twice is refused (the 'later-duplicate' break below).
      extras: fc.uniqueArray(fc.tuple(unsignedNameArb, textArb), { maxLength: 4, selector: ([name]) => name.toUpperCase() }),
      emptySigned: fc.subarray(['COMPLUS', 'AAVADDRESS', 'SUBBRAND', 'CCCTY', 'ECI'], { maxLength: 3 }),
      lowercaseDigest: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(genuineArb, preserving, envelopeArb, async (genuine, m, envelope) => {
        let pairs: Pair[] = genuine.pairs.map(([name, value], i) => [name === 'SHASIGN' ? name : recase(name, m.recase[i % 20]!), value]);
        if (m.lowercaseDigest) pairs = pairs.map(([n, v]) => [n, n === 'SHASIGN' ? v.toLowerCase() : v]);
        pairs.push(...m.emptySigned.filter((name) => !(name in genuine.params)).map((name): Pair => [name, '']));
        pairs.push(...m.extras);
        if (m.order !== undefined) pairs = permute(pairs, m.order);
        const result = await send({ pairs, ...envelope });
        assert.equal(result.status, envelope.channel === 'server' ? 200 : 303, result.body.slice(0, 300));
        assert.ok(result.changed, 'a processed feedback is logged');
      }),
      { numRuns: RUNS.accepted },
    );
  });

  it('refuses feedback whose signature is broken, and changes nothing', async () => {
    const signedPresent = (params: Record<string, string>) =>
      Object.keys(params).filter((name) => SIGNED.has(name.toUpperCase()) && params[name] !== '');
    const breakArb = fc.oneof(
      fc.constant({ kind: 'drop-shasign' as const }),
      fc.record({ kind: fc.constant('length' as const), length: fc.integer({ min: 0, max: 160 }).filter((n) => n !== 128) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: 127 }), to: fc.nat({ max: 15 }) }),
      fc.record({ kind: fc.constant('non-hex' as const), at: fc.nat({ max: 127 }), ch: fc.constantFrom('g', 'Z', ' ', '-', 'é', '%') }),
      fc.record({ kind: fc.constant('algorithm' as const), algorithm: fc.constantFrom('sha1', 'sha256') }),
      fc.record({
        kind: fc.constant('passphrase' as const),
        passphrase: fc.string({ minLength: 1, maxLength: 32 }).filter((p) => p !== SHA_OUT),
      }),
      fc.record({ kind: fc.constant('change-value' as const), which: fc.nat(), value: textArb }),
      fc.record({ kind: fc.constant('remove-signed' as const), which: fc.nat() }),
      fc.record({
        kind: fc.constant('add-signed' as const),
        name: fc.constantFrom('COMPLUS', 'AAVADDRESS', 'SUBBRAND', 'CCCTY', 'ECI', 'PAYIDSUB', 'SCORING'),
        value: fc.string({ minLength: 1, maxLength: 10 }),
      }),
      fc.record({ kind: fc.constant('earlier-duplicate' as const), which: fc.nat(), value: textArb }),
      fc.record({ kind: fc.constant('case-duplicate' as const), which: fc.nat(), value: fc.string({ minLength: 1, maxLength: 10 }) }),
      // Any later copy, even an empty one that SHA-OUT leaves out and so keeps the signature valid.
      fc.record({ kind: fc.constant('later-duplicate' as const), which: fc.nat(), value: fc.oneof(fc.constant(''), textArb) }),
      fc.record({ kind: fc.constant('shasign-first-wrong' as const), digest: fc.stringMatching(/^[0-9A-F]{128}$/) }),
    );
    const cosmetic = fc.record({
      recase: fc.nat({ max: 3 }),
      order: fc.option(fc.nat(), { nil: undefined }),
      extras: fc.array(fc.tuple(unsignedNameArb, textArb), { maxLength: 2 }),
    });

    await fc.assert(
      fc.asyncProperty(genuineArb, breakArb, cosmetic, envelopeArb, async (genuine, broken, look, envelope) => {
        const params = genuine.params;
        const digest = params.SHASIGN!;
        let pairs: Pair[] = genuine.pairs.map(([n, v]) => [n, v]);
        const signed = signedPresent(params);
        const setDigest = (value: string | undefined) => {
          pairs = pairs.filter(([n]) => n !== 'SHASIGN');
          if (value !== undefined) pairs.push(['SHASIGN', value]);
        };
        const unsigned = Object.fromEntries(pairs.filter(([n]) => n !== 'SHASIGN'));
        switch (broken.kind) {
          case 'drop-shasign':
            setDigest(undefined);
            break;
          case 'length':
            setDigest(digest.repeat(2).slice(0, broken.length));
            break;
          case 'flip': {
            const hex = '0123456789ABCDEF';
            const current = digest[broken.at]!;
            const replacement = hex[broken.to]! === current ? hex[(broken.to + 1) % 16]! : hex[broken.to]!;
            setDigest(digest.slice(0, broken.at) + replacement + digest.slice(broken.at + 1));
            break;
          }
          case 'non-hex':
            setDigest(digest.slice(0, broken.at) + broken.ch + digest.slice(broken.at + 1));
            break;
          case 'algorithm':
            setDigest(
              createHash(broken.algorithm)
                .update(shaString(unsigned, SHA_OUT, 'out'), 'utf8')
                .digest('hex')
                .toUpperCase(),
            );
            break;
          case 'passphrase':
            setDigest(
              createHash('sha512')
                .update(shaString(unsigned, broken.passphrase, 'out'), 'utf8')
                .digest('hex')
                .toUpperCase(),
            );
            break;
          case 'change-value': {
            const name = signed[broken.which % signed.length]!;
            const value = broken.value === params[name] ? `${broken.value}x` : broken.value;
            pairs = pairs.map(([n, v]) => [n, n === name ? value : v]);
            break;
          }
          case 'remove-signed': {
            const name = signed[broken.which % signed.length]!;
            pairs = pairs.filter(([n]) => n !== name);
            break;
          }
          case 'add-signed':
            pairs.unshift([broken.name, broken.value]);
            break;
          case 'earlier-duplicate': {
            const name = signed[broken.which % signed.length]!;
            const value = broken.value === params[name] ? `${broken.value}x` : broken.value;
            pairs.unshift([name, value]);
            break;
          }
          case 'case-duplicate': {
            const name = signed[broken.which % signed.length]!;
            const variant = name === name.toLowerCase() ? name.toUpperCase() : name.toLowerCase();
            pairs.push([variant, broken.value]);
            break;
          }
          case 'later-duplicate':
            pairs.push([pairs[broken.which % pairs.length]![0], broken.value]);
            break;
          case 'shasign-first-wrong':
            pairs.unshift([
              'SHASIGN',
              broken.digest === digest ? broken.digest.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : broken.digest,
            ]);
            break;
        }
        // Cosmetic changes on top must not make a broken signature pass — except those that
        // would undo the break itself: recasing merges a case-variant duplicate into a later
        // exact one, reordering may put an earlier duplicate after the original.
        if (broken.kind !== 'case-duplicate') pairs = pairs.map(([n, v]) => [n === 'SHASIGN' ? n : recase(n, look.recase), v]);
        pairs.push(...look.extras);
        if (look.order !== undefined && broken.kind !== 'earlier-duplicate' && broken.kind !== 'shasign-first-wrong')
          pairs = permute(pairs, look.order);
        const result = await send({ pairs, ...envelope });
        assert.ok([400, 403].includes(result.status), `${broken.kind}: ${result.status} ${result.body.slice(0, 200)}`);
        if (/duplicate|shasign-first/.test(broken.kind)) assert.equal(result.status, 400, `${broken.kind}: ${result.body.slice(0, 200)}`);
        assert.equal(result.changed, false, `${broken.kind} changed the database`);
      }),
      { numRuns: RUNS.refused },
    );
  });

  it('never processes random parameters', async () => {
    const nameArb = fc.oneof(
      fc.constantFrom('orderID', 'ORDERID', 'STATUS', 'amount', 'currency', 'SHASIGN', 'PAYID', 'NCERROR', 'ALIAS', 'CN'),
      fc.string({ maxLength: 12 }),
    );
    const valueArb = fc.oneof(
      fc.constantFrom(...['9', '5', '2', 'EUR', '19.99', ''], ...targets.map((t) => t.reference)),
      fc.stringMatching(/^[0-9A-F]{128}$/),
      fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(nameArb, valueArb), { maxLength: 20 }), envelopeArb, async (pairs, envelope) => {
        const result = await send({ pairs, ...envelope });
        assert.ok([400, 403].includes(result.status), `${result.status} ${result.body.slice(0, 200)}`);
        assert.equal(result.changed, false);
      }),
      { numRuns: RUNS.random },
    );
  });

  it('answers 400 to broken percent-encoding, wherever it is', async () => {
    const brokenArb = fc.constantFrom('%', '%G1', '%ZZ', '%4', 'a%2', '%E9%', '%FF%Z0');
    await fc.assert(
      fc.asyncProperty(
        genuineArb,
        brokenArb,
        fc.nat(),
        fc.boolean(),
        fc.constantFrom<'get' | 'post'>('get', 'post'),
        channelArb,
        async (genuine, bad, at, inName, transport, channel) => {
          const encoded = genuine.pairs.map(([n, v]) => [encodeURIComponent(n), encodeURIComponent(v)] as Pair);
          const index = at % encoded.length;
          const [name, value] = encoded[index]!;
          // Followed by '_' so the broken escape cannot borrow hex digits from what comes next.
          encoded[index] = inName ? [`${name.slice(0, 2)}${bad}_${name.slice(2)}`, value] : [name, `${value}${bad}_`];
          const raw = encoded.map(([n, v]) => `${n}=${v}`).join('&');
          const headers = { ...(channel === 'server' ? PLATFORM_HEADERS : BROWSER_HEADERS) };
          const before = fingerprint();
          const response =
            transport === 'get'
              ? await testApp.app.request(`http://localhost/payment/ogone/return?${raw}`, { headers })
              : await testApp.app.request('http://localhost/payment/ogone/return', {
                  method: 'POST',
                  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
                  body: raw,
                });
          const text = await response.text();
          total++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.equal(
            response.status,
            400,
            `${bad} in ${inName ? 'a name' : 'a value'} by ${transport}: ${response.status} ${text.slice(0, 200)}`,
          );
          assert.equal(fingerprint(), before);
        },
      ),
      { numRuns: RUNS.broken },
    );
  });

  // Well-formed escapes whose bytes are not UTF-8 are ISO-8859-1 (form-params.ts): a signed value
  // they change is refused with the signature, and nothing changes.
  it('reads escapes that are not UTF-8 as ISO-8859-1: a signed value so changed is refused, nothing changes', async () => {
    const latin1Arb = fc.constantFrom('%E0%A4', '%C3', '%FF', '%ED%A0%80', '%C0%AF', '%E9');
    await fc.assert(
      fc.asyncProperty(
        genuineArb,
        latin1Arb,
        fc.nat(),
        fc.constantFrom<'get' | 'post'>('get', 'post'),
        async (genuine, bytes, at, transport) => {
          const encoded = genuine.pairs.map(([n, v]) => [encodeURIComponent(n), encodeURIComponent(v)] as Pair);
          const index = at % encoded.length;
          const [name, value] = encoded[index]!;
          encoded[index] = [name, `${value}${bytes}_`];
          const raw = encoded.map(([n, v]) => `${n}=${v}`).join('&');
          const before = fingerprint();
          const response =
            transport === 'get'
              ? await testApp.app.request(`http://localhost/payment/ogone/return?${raw}`, { headers: PLATFORM_HEADERS })
              : await testApp.app.request('http://localhost/payment/ogone/return', {
                  method: 'POST',
                  headers: { ...PLATFORM_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
                  body: raw,
                });
          const text = await response.text();
          total++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.equal(response.status, 403, `${bytes} in ${name} by ${transport}: ${response.status} ${text.slice(0, 200)}`);
          assert.equal(fingerprint(), before);
        },
      ),
      { numRuns: Math.ceil(RUNS.broken / 4) },
    );
  });

  it('answers 413 to an oversized body, even a validly signed one', async () => {
    await fc.assert(
      fc.asyncProperty(
        genuineArb,
        fc.integer({ min: 64 * 1024 + 1, max: 256 * 1024 }),
        fc.constantFrom('post', 'multipart'),
        async (genuine, size, transport) => {
          const pairs: Pair[] = [...genuine.pairs, ['XF_PADDING', 'x'.repeat(size)]];
          const result = await send({ pairs, transport: transport as Transport, encoding: 'form', channel: 'server', cut: 0 });
          assert.equal(result.status, 413);
          assert.equal(result.changed, false);
        },
      ),
      { numRuns: RUNS.oversized },
    );
    assert.ok(total >= 7000, `${total} requests`);
  });
});
