/**
 * A whole-number setting read outside the zod schema of env.ts (the reconciler's and the
 * listener's, which are read where they are used): blank means the table's default, anything
 * else must be 1 to 7 digits within the table's range, or the start is refused naming the setting.
 */
import { ConfigError } from './config-error.ts';
import { wholeRange, type SettingName } from './settings.ts';

export function wholeSetting(env: Record<string, string | undefined>, name: SettingName): number {
  const { fallback, min, max, unit } = wholeRange(name);
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || (max !== undefined && Number(raw) > max)) {
    throw new ConfigError(
      name,
      max === undefined
        ? `must be a whole number of ${unit} of at least ${min}`
        : `must be a whole number of ${unit} from ${min} to ${max}`,
    );
  }
  return Number(raw);
}
