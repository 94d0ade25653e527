/**
 * The one error a bad or missing setting raises. Its own module so every parser (env.ts,
 * http-settings.ts, whole-setting.ts, reconciler-settings.ts, metrics-settings.ts) can throw it without importing
 * env.ts, which imports them (issue 18: no import cycle).
 */

/** Thrown for a bad or missing setting; `variable` names it, `message` is one line. */
export class ConfigError extends Error {
  readonly variable: string;
  /** What `serve` exits with: 2 for a bad setting, 1 when it refuses to run at all (no Ogone account). */
  readonly exitCode: 1 | 2;
  constructor(variable: string, problem: string, exitCode: 1 | 2 = 2) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
    this.exitCode = exitCode;
  }
}
