/**
 * The signer (`shared/signature.ts`: generated list, `_`-first sort key) and the sandbox
 * (`server/sandbox/signature.ts`: its own copy of the printed lists, ICU collation) are written
 * separately from the same guides (docs/ogone-protocol.md §3, §13). On any mix of listed names,
 * family members, unlisted names, `_` and `.` names, empty values and any case, they must build
 * the same string — a disagreement is a bug in one of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SHA_IN_PARAMETER_FAMILIES, SHA_IN_PARAMETER_NAMES } from '../../../shared/sha-in-parameters.ts';
import { SHA_OUT_PARAMETER_NAMES } from '../../../shared/sha-out-parameters.ts';
import { shaString } from '../../../shared/signature.ts';
import { stringToHash } from '../../../server/sandbox/signature.ts';

const nameArb = fc.oneof(
  fc.constantFrom(...SHA_IN_PARAMETER_NAMES),
  fc.constantFrom(...SHA_OUT_PARAMETER_NAMES),
  fc.tuple(fc.constantFrom(...SHA_IN_PARAMETER_FAMILIES), fc.stringMatching(/^[0-9]{1,3}$/)).map(([prefix, n]) => prefix + n),
  fc.constantFrom(
    'PAYIDSUB',
    'SHASIGN',
    'ITEMID',
    'ITEMIDX',
    'FOO',
    'MPI.FOO',
    'SCORING',
    'SCO_CATEGORY',
    'NBRIPUSAGE_ALLTX',
    'OR_ORDERID',
    'ORIG',
    'REF_CUSTOMERID',
    'REFKIND',
  ),
);
const caseArb = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => s.toLowerCase(),
  (s) => s[0] + s.slice(1).toLowerCase(),
);

test('signer and sandbox compose the same SHA-IN and SHA-OUT strings', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(nameArb, fc.oneof(fc.constant(''), fc.string({ maxLength: 8 })), caseArb), {
        maxLength: 25,
        selector: ([name]) => name,
      }),
      (entries) => {
        const pairs = entries.map(([name, value, recase]) => [recase(name), value] as [string, string]);
        const params = Object.fromEntries(pairs);
        for (const direction of ['in', 'out'] as const) {
          assert.equal(stringToHash(pairs, direction, '#'), shaString(params, '#', direction));
        }
      },
    ),
    { numRuns: 2000 },
  );
});
