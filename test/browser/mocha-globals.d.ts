/**
 * The Mocha globals @web/test-runner provides in browser test files (no @types/mocha here; the
 * node suite uses node:test imports, which shadow these).
 */
interface BrowserTestContext {
  timeout(ms: number): void;
  skip(): never;
}
type BrowserTestFn = (this: BrowserTestContext) => void | Promise<unknown>;
declare function describe(title: string, suite: (this: BrowserTestContext) => void): void;
declare function it(title: string, test: BrowserTestFn): void;
declare function before(hook: BrowserTestFn): void;
declare function after(hook: BrowserTestFn): void;
declare function beforeEach(hook: BrowserTestFn): void;
declare function afterEach(hook: BrowserTestFn): void;
