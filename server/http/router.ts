/**
 * The app's router: Hono's TrieRouter, with the match of each fixed path (`/healthz`,
 * `/payment/ogone/return`, …) kept once found.
 *
 * Hono's default SmartRouter picks RegExpRouter, its fastest, only when every route suits it;
 * ours do not (the widget bundle's pattern and fixed paths beside a parameter, such as
 * `/api/transactions/export.csv` and `/api/transactions/:reference`), so it settles on
 * TrieRouter, which walks its tree on every request (issue 17: a few percent of the floor). The
 * match of a path that names a fixed route exactly has no parameters and never changes: it is
 * kept, one entry per fixed route and method at most, so the cache cannot grow with what
 * clients send (a path with a parameter, or one no fixed route names, is matched every time).
 */
import type { H, RouterRoute } from 'hono/types';
import type { Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

type Entry = [H, RouterRoute];

/** Whether `path` is a fixed route's own (no parameter, no wildcard) and the match holds no parameter. */
function fixedMatch(result: Result<Entry>, path: string): boolean {
  if (result.length !== 1) return false; // a router with a parameter stash: not ours
  let named = false;
  for (const [[, route], params] of result[0]) {
    for (const _ in params) return false;
    if (route.path === path) named = true;
  }
  return named;
}

export class FixedPathCachingRouter implements Router<Entry> {
  readonly name = 'TrieRouter (fixed paths cached)';
  readonly #inner: Router<Entry> = new TrieRouter<Entry>();
  /** By method, then path. */
  #cache = new Map<string, Map<string, Result<Entry>>>();

  /** How many matches are kept (tests: it stays bounded by the fixed routes). */
  get kept(): number {
    let count = 0;
    for (const byPath of this.#cache.values()) count += byPath.size;
    return count;
  }

  add(method: string, path: string, handler: Entry): void {
    this.#cache = new Map(); // a route added later may change what a path matches
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<Entry> {
    const byPath = this.#cache.get(method);
    const kept = byPath?.get(path);
    if (kept) return kept;
    const result = this.#inner.match(method, path);
    if (fixedMatch(result, path)) {
      if (byPath) byPath.set(path, result);
      else this.#cache.set(method, new Map([[path, result]]));
    }
    return result;
  }
}
