/**
 * Where a capture, refund or cancel stands (docs/ogone-protocol.md §8): `sending` while its
 * DirectLink call is under way, `pending` while the platform processes it offline (91, 81, 61) or
 * answered uncertain, `unknown` when the call got no answer (a query tells later), then `done`,
 * or `failed` (refused, or it never reached the platform).
 */
export const MAINTENANCE_STATUSES = ['sending', 'pending', 'done', 'failed', 'unknown'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/**
 * An operation whose outcome the platform has not given yet: its amount stays reserved, by the
 * server's ledger (server/domain/ledger.ts) and by what the dashboard offers alike.
 */
export const OPEN_MAINTENANCE_STATUSES: ReadonlySet<string> = new Set<MaintenanceStatus>(['sending', 'pending', 'unknown']);
