/**
 * Property-based fuzzing (fast-check) of the widget's public endpoints, in process through
 * `app.request()` over a real SQLite file: `GET /checkout/sessions/:id`, `POST
 * /checkout/sessions/:id/attempts`, `GET|POST /checkout/buttons/:id`, with mutated ids, random
 * and mutated JSON bodies, wrong content types, broken bytes and oversized bodies.
 * Never a 5xx; every 4xx is our JSON error; an attempt is created only when the request is
 * valid, always for the amount the merchant stored; a refused request changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const RUNS = { reads: Number(process.env.OC_FUZZ_READS ?? 1200), attempts: Number(process.env.OC_FUZZ_ATTEMPTS ?? 1800), oversized: 20 };

interface Known {
  sessions: Array<{ id: string; amount: number; currency: string; paid: boolean }>;
  buttons: Array<{ id: string; amount: number; currency: string; min: number; max: number }>;
}

describe('fuzzing the public checkout endpoints', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let testApp: TestApp;
  let reader: Database.Database;
  const known: Known = { sessions: [], buttons: [] };
  const statuses = new Map<number, number>();
  let total = 0;

  before(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database, { deps: { rateLimit: { windowMs: 60_000, limit: 1_000_000 } } });
    for (let i = 0; i < 6; i++) {
      const response = await testApp.api('/api/checkout-sessions', {
        method: 'POST',
        json: {
          amount: 500 + i * 250,
          currency: i % 2 ? 'EUR' : 'JPY',
          saveCard: i % 3 === 0 ? 'optional' : 'never',
          ...(i % 3 === 0 ? { customer: { id: `pub-${i}` } } : {}),
        },
      });
      assert.equal(response.status, 201);
      const body = (await response.json()) as { id: string; amount: number; currency: string };
      known.sessions.push({ id: body.id, amount: body.amount, currency: body.currency, paid: false });
    }
    for (let i = 0; i < 3; i++) {
      const response = await testApp.api('/api/buttons', {
        method: 'POST',
        json: { name: `Button ${i}`, amount: 1200 + i, currency: 'EUR', minQuantity: 1, maxQuantity: 3 + i },
      });
      assert.equal(response.status, 201);
      const body = (await response.json()) as { id: string };
      known.buttons.push({ id: body.id, amount: 1200 + i, currency: 'EUR', min: 1, max: 3 + i });
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
    process.stdout.write(`# public fuzz: ${total} requests (${summary})\n`);
  });

  const counts = () =>
    reader.prepare('select (select count(*) from transactions) as t, (select count(*) from checkout_sessions) as s').get() as {
      t: number;
      s: number;
    };

  /** Every answer: no 5xx, 4xx as `{ error: { code, message } }`. */
  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; text: string }> {
    const response = await testApp.app.request(`http://localhost${path}`, init);
    const text = await response.text();
    total++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    // 501: paying with a saved card is not configured on this app (no DirectLink) — an answer, not a failure.
    const expected501 = response.status === 501 && body?.error?.code === 'alias_payments_unavailable';
    assert.ok(response.status < 500 || expected501, `${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 300)}`);
    if (response.status >= 400) {
      assert.equal(typeof body?.error?.code, 'string', `${path}: ${response.status} body ${text.slice(0, 200)}`);
      assert.equal(typeof body?.error?.message, 'string');
    }
    return { status: response.status, body, text };
  }

  /** An id: one of ours, one of ours mutated, or anything (percent-encoded into the path). */
  const idArb = fc.oneof(
    fc
      .constantFrom(...(['s', 'b'] as const))
      .chain((kind) =>
        fc.nat().map((n) => (kind === 's' ? known.sessions[n % known.sessions.length]!.id : known.buttons[n % known.buttons.length]!.id)),
      ),
    fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 3 })).map(([n, at, insert]) => {
      const id = known.sessions[n % known.sessions.length]!.id;
      return id.slice(0, at) + insert + id.slice(at + 1);
    }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.constantFrom('', '..', '%', '%2e%2e', 'null', 'undefined', '__proto__', 'constructor', "' or 1=1 --", 'a'.repeat(5000)),
  );
  const pathId = (id: string) => (id === '%' || id.startsWith('%2e') ? id : encodeURIComponent(id));

  it('reads sessions and buttons by any id', async () => {
    await fc.assert(
      fc.asyncProperty(
        idArb,
        fc.constantFrom('sessions', 'buttons'),
        fc.option(fc.constantFrom('https://shop.example.com', 'https://evil.example', 'null'), { nil: undefined }),
        async (id, kind, origin) => {
          const before = counts();
          const { status, body } = await call(`/checkout/${kind}/${pathId(id)}`, { headers: origin ? { origin } : {} });
          assert.ok([200, 400, 404].includes(status), `${status}`);
          if (status === 200) {
            const list = kind === 'sessions' ? known.sessions : known.buttons;
            const match = list.find((item) => item.id === body.id);
            assert.ok(match, 'only an existing id is found');
            assert.equal(body.amount, match.amount);
            assert.equal(JSON.stringify(body).includes('SHASIGN'), false);
          }
          assert.deepEqual(counts(), before, 'a read changes nothing');
        },
      ),
      { numRuns: RUNS.reads },
    );
  });

  it('creates an attempt only for a valid request, always for the stored amount', async () => {
    const valid = fc.record(
      {
        saveCard: fc.boolean(),
        locale: fc.oneof(fc.constantFrom('fr-BE', 'en', 'de_DE', 'zh-Hans-CN', 'xx'), fc.string({ maxLength: 40 })),
        quantity: fc.integer({ min: -2, max: 120 }),
        aliasId: fc.string({ maxLength: 70 }),
        amount: fc.integer(),
        currency: fc.constantFrom('EUR', 'USD', 'JPY'),
        browser: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    );
    const wellFormed = fc.record(
      {
        saveCard: fc.boolean(),
        locale: fc.constantFrom('fr-BE', 'en', 'de_DE', 'nl', 'zh-Hans-CN'),
        quantity: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: [] },
    );
    const bodyArb = fc.oneof(
      { weight: 5, arbitrary: wellFormed.map((value) => JSON.stringify(value)) },
      { weight: 4, arbitrary: valid.map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
      {
        weight: 1,
        arbitrary: fc.anything({ maxDepth: 3 }).map((value) => {
          try {
            return JSON.stringify(value) ?? 'undefined';
          } catch {
            return '{}';
          }
        }),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      {
        weight: 1,
        arbitrary: valid.map((value) => JSON.stringify(value)).chain((text) => fc.nat({ max: text.length }).map((at) => text.slice(0, at))),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          ' ',
          'null',
          '[]',
          '"x"',
          '1',
          '{"saveCard":"yes"}',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{}}}',
        ),
      },
    );
    const targetArb = fc.oneof(
      { weight: 4, arbitrary: fc.nat().map((n) => ({ kind: 'sessions' as const, id: known.sessions[n % known.sessions.length]!.id })) },
      { weight: 3, arbitrary: fc.nat().map((n) => ({ kind: 'buttons' as const, id: known.buttons[n % known.buttons.length]!.id })) },
      { weight: 1, arbitrary: idArb.map((id) => ({ kind: 'sessions' as const, id })) },
    );
    const typeArb = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      'application/json; charset=latin1',
    );

    await fc.assert(
      fc.asyncProperty(targetArb, bodyArb, typeArb, async (target, body, type) => {
        const before = counts();
        const path =
          target.kind === 'sessions' ? `/checkout/sessions/${pathId(target.id)}/attempts` : `/checkout/buttons/${pathId(target.id)}`;
        const { status, body: answer } = await call(path, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
        const after = counts();
        assert.ok([201, 400, 404, 409, 410, 415, 501].includes(status), `${status} ${JSON.stringify(answer)}`);
        // JSON is UTF-8, and only JSON: a body declared in another charset or as another media type
        // is refused for it, naming Content-Type (an empty body reads as none; fetch declares a
        // string body it is given no type for as text/plain).
        const notJson = !(type || 'text/plain').startsWith('application/json') && body.trim() !== '';
        if (status === 415) assert.ok(type === 'application/json; charset=latin1' || notJson, `${type}: ${JSON.stringify(answer)}`);
        if (notJson) assert.notEqual(status, 201, `a body declared ${type} was read as JSON`);
        if (status !== 201) {
          assert.deepEqual(after, before, `a refused attempt (${status}) changes nothing`);
          return;
        }
        // Created: one transaction, for the amount stored by the merchant (times the quantity for buttons).
        assert.equal(after.t, before.t + 1);
        assert.equal(answer.kind, 'redirect');
        const row = reader
          .prepare(
            'select t.amount, t.currency, s.amount as session_amount, s.currency as session_currency, s.quantity, s.button_id from transactions t join checkout_sessions s on s.id = t.session_id where t.reference = ?',
          )
          .get(answer.reference) as {
          amount: number;
          currency: string;
          session_amount: number;
          session_currency: string;
          quantity: number;
          button_id: string | null;
        };
        assert.equal(row.amount, row.session_amount);
        assert.equal(row.currency, row.session_currency);
        if (target.kind === 'sessions') {
          const session = known.sessions.find((s) => s.id === target.id)!;
          assert.equal(row.amount, session.amount);
          assert.equal(after.s, before.s);
        } else {
          const button = known.buttons.find((b) => b.id === target.id)!;
          assert.equal(row.button_id, button.id);
          assert.ok(row.quantity >= button.min && row.quantity <= button.max);
          assert.equal(row.amount, button.amount * row.quantity);
          assert.equal(after.s, before.s + 1);
        }
        // AMOUNT is the amount × 100 for every currency (docs/ogone-protocol.md §2): EUR cents as they are, yen × 100.
        assert.equal(answer.fields.AMOUNT, `${row.amount}${{ EUR: '', JPY: '00' }[row.currency] ?? 'unexpected currency'}`);
        assert.match(answer.fields.SHASIGN, /^[0-9A-F]{128}$/);
      }),
      { numRuns: RUNS.attempts },
    );
  });

  it('answers 413 to oversized bodies and 404 JSON to unknown public paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64 * 1024 + 1, max: 200 * 1024 }), fc.boolean(), async (size, button) => {
        const before = counts();
        const path = button ? `/checkout/buttons/${known.buttons[0]!.id}` : `/checkout/sessions/${known.sessions[1]!.id}/attempts`;
        const { status, body } = await call(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locale: 'x'.repeat(size) }),
        });
        assert.equal(status, 413);
        assert.equal(body.error.code, 'payload_too_large');
        assert.deepEqual(counts(), before);
      }),
      { numRuns: RUNS.oversized },
    );
    for (const path of ['/checkout', '/checkout/sessions', '/checkout/sessions/x/attempts/y', '/checkout/unknown']) {
      const { status } = await call(path);
      assert.equal(status, 404);
    }
    assert.ok(total >= 3000, `${total} requests`);
  });
});
