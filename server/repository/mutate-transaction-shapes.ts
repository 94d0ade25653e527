/**
 * mutateTransaction's statements compiled once per shape (issue 17). Building and compiling a
 * Kysely query (builders, frozen nodes, the compiler's visit) cost a feedback more CPU than
 * SQLite took to run it, yet the statements of a feedback have a handful of shapes: the same SQL
 * text with other values. So each shape is built once, with a placeholder string in the place of
 * every value (db/compiled-query.ts's slots, here named; a name may stand in several places);
 * the compiled SQL is kept and only the parameter list is made per request. Kysely
 * stays the one place the SQL is written; a test compares each shape's text and parameters with
 * the query Kysely builds from the real values (test/server/repository/mutate-transaction-shapes.test.ts).
 */
import type { Compilable, InsertQueryBuilder, InsertResult, QueryCreator, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Database } from '../db/schema.ts';
import { planSlots, slotParameters } from '../db/compiled-query.ts';

/** A write of mutateTransaction's last step (run alone on SQLite, as a CTE on PostgreSQL). */
export type WriteQuery = InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult>;

/** Builds a write of mutateTransaction's last step from its slot values (real ones, or a shape's placeholders). */
export type WriteBuilder = (qc: QueryCreator<Database>, v: Readonly<Record<string, any>>) => WriteQuery;

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
  const plan = planSlots('compileShape', names.length, (slot) => {
    const slots: Record<string, unknown> = {};
    names.forEach((name, index) => (slots[name] = slot(index)));
    return build(slots);
  });
  const unused = names.filter((_, index) => plan.uses[index] === 0);
  if (unused.length > 0) throw new Error(`compileShape: the slots ${unused.join(', ')} are not parameters of the query`);
  return {
    sql: plan.compiled.sql,
    parameters: (values) =>
      slotParameters(plan, (index) => {
        const name = names[index]!;
        const value = values[name];
        // Kysely leaves an undefined value out of an insert or update: a shape cannot.
        if (value === undefined) throw new Error(`compileShape: no value for slot ${name}`);
        return value;
      }),
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
