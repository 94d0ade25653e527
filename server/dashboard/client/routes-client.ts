/** The dashboard's own paths (server/dashboard/page.ts serves the same shell on each). */
export const DASHBOARD_PATH = '/dashboard';
const TRANSACTION = /^\/dashboard\/transactions\/([^/]+)\/?$/;

export type View = { kind: 'list' } | { kind: 'transaction'; reference: string };

export function viewOf(pathname: string): View {
  const match = TRANSACTION.exec(pathname);
  if (match?.[1]) {
    try {
      return { kind: 'transaction', reference: decodeURIComponent(match[1]) };
    } catch {
      return { kind: 'list' };
    }
  }
  return { kind: 'list' };
}
