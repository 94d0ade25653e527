/**
 * LOG_FORMAT, validated like every other setting: a bad value stops the start with one line
 * naming the variable. Its own module (like http-settings.ts) so the composition root and
 * `serve` read it without going through the whole server configuration.
 */
import type { LogFormat } from '../logger.ts';
import { ConfigError } from './config-error.ts';
import { defaultValue } from './settings.ts';

const FORMATS: readonly LogFormat[] = ['json', 'pretty'];

export function parseLogFormat(env: Record<string, string | undefined>): LogFormat {
  const value = env.LOG_FORMAT?.trim() || defaultValue('LOG_FORMAT');
  const format = FORMATS.find((candidate) => candidate === value);
  if (!format) throw new ConfigError('LOG_FORMAT', 'must be json (one JSON object a line, for log collectors) or pretty (readable lines)');
  return format;
}
