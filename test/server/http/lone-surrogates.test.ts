/**
 * A JSON body may hold a lone UTF-16 surrogate (`"\ud83d"`: half an emoji; RFC 8259 §8.2 leaves
 * such strings' handling unpredictable). POST /api/checkout-sessions accepted one in `description`
 * and answered it back as given (201), but neither database can store it: PostgreSQL's driver
 * writes U+FFFD, SQLite three U+FFFD. The session read back — and sent to Ogone as COM — was not
 * the one the create answer (and its idempotent replays) described, and differed per database.
 * It is refused with 400 naming the field, as a NUL is (nul-characters.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a lone surrogate in a session's description (${kind})`, () => {
    const t = useTestApp(kind);

    it('is refused 400 naming description; a whole pair is kept as given', async () => {
      const response = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', description: 'Caf\ud83d' },
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { field?: string } }).error.field, 'description');
      // A whole emoji (a pair) is text like any other.
      const whole = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', description: 'Caf\ud83d\ude00' },
      });
      assert.equal(whole.status, 201);
      const created = (await whole.json()) as { id: string; description: string };
      const read = (await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as { description: string };
      assert.equal(read.description, 'Caf\ud83d\ude00', 'kept as given');
    });
  });
}
