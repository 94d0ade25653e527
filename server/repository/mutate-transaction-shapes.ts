/**
 * mutateTransaction's statements compiled once per shape (issue 17). Building and compiling a
 * Kysely query (builders, frozen nodes, the compiler's visit) cost a feedback more CPU than
 * SQLite took to run it, yet the statements of a feedback have a handful of shapes: the same SQL
 * text with other values. So each shape is built once, with a placeholder string in the place of
 * every value; the compiled SQL is kept and only the parameter list is made per request. Kysely
 * stays the one place the SQL is written; a test compares each shape's text and parameters with
 * the query Kysely builds from the real values (test/server/repository/mutate-transaction-shapes.test.ts).
 */
import type { Compilable } from 'kysely';

/** Marks a parameter as a slot to fill: no value of ours starts with a NUL character. */
const SLOT = '\u0000oc-slot:';

/** The values of one statement, by slot name. */
export type SlotValues = Readonly<Record<string, unknown>>;

/** A statement built with `slots` in the place of its values; `slots[name]` is what the builder puts in. */
export type ShapeBuilder = (slots: Readonly<Record<string, any>>) => Compilable<unknown>;

export interface Shape {
  sql: string;
  /** The parameters for `values`, in the compiled order (constants of the shape kept as they were). */
  parameters(values: SlotValues): unknown[];
}

/** Compiles `build` once with placeholders for `names` and maps each parameter back to its slot. */
export function compileShape(names: readonly string[], build: ShapeBuilder): Shape {
  const slots: Record<string, string> = {};
  for (const name of names) slots[name] = `${SLOT}${name}`;
  const compiled = build(slots).compile();
  if (compiled.sql.includes(SLOT)) throw new Error('compileShape: a value was written into the SQL text instead of a parameter');
  const plan = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(SLOT) ? { slot: parameter.slice(SLOT.length) } : { constant: parameter },
  );
  const used = new Set(plan.flatMap((p) => ('slot' in p ? [p.slot] : [])));
  const unused = names.filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`compileShape: the slots ${unused.join(', ')} are not parameters of the query`);
  return {
    sql: compiled.sql,
    parameters(values) {
      const out = new Array<unknown>(plan.length);
      for (let i = 0; i < plan.length; i++) {
        const step = plan[i]!;
        if ('constant' in step) {
          out[i] = step.constant;
          continue;
        }
        const value = values[step.slot];
        // Kysely leaves an undefined value out of an insert or update: a shape cannot.
        if (value === undefined) throw new Error(`compileShape: no value for slot ${step.slot}`);
        out[i] = value;
      }
      return out;
    },
  };
}

/**
 * Shapes by key (the statement and whatever changes its SQL: the columns a patch sets, the number
 * of event rows). Bounded: the least recently compiled shape goes beyond `size`, though the
 * feedback path has a few dozen at most.
 */
export class ShapeCache {
  readonly #shapes = new Map<string, Shape>();
  readonly #size: number;
  constructor(size = 256) {
    this.#size = size;
  }
  get(key: string, names: readonly string[], build: ShapeBuilder): Shape {
    let shape = this.#shapes.get(key);
    if (!shape) {
      shape = compileShape(names, build);
      this.#shapes.set(key, shape);
      if (this.#shapes.size > this.#size) this.#shapes.delete(this.#shapes.keys().next().value as string);
    }
    return shape;
  }
}
