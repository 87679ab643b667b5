import type { AuditFilterInput } from '../../src/admin/audit-log';
import { isMessageKey, type Translate } from '../../src/lib/i18n';
import { adminAuditMessages } from '../../src/messages/admin-audit';

/** Shared by the audit page and its CSV: labels, links and the compact form of a detail value. */

const ACTION_PREFIX = 'admin.audit.action.';

/** Every action that has a label, for the filter's suggestions. */
export const LABELLED_ACTIONS: string[] = Object.keys(adminAuditMessages)
  .filter((k) => k.startsWith(ACTION_PREFIX))
  .map((k) => k.slice(ACTION_PREFIX.length))
  .sort();

/** "member.", "club." …: the first part of every labelled action. */
export const ACTION_PREFIXES: string[] = [...new Set(LABELLED_ACTIONS.map((a) => `${a.split('.')[0]}.`))].sort();

/** The human label of an action, or null when there is none (the dotted name is shown alone). */
export function actionLabel(t: Translate, action: string): string | null {
  const key = `${ACTION_PREFIX}${action}`;
  return isMessageKey(key) ? t(key) : null;
}

export function targetTypeLabel(t: Translate, type: string): string {
  const key = `admin.audit.target.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

const TARGET_PAGES: Record<string, (id: string) => string> = {
  user: (id) => `/admin/members/${id}`,
  club: (id) => `/admin/clubs/${id}/edit`,
  event: (id) => `/events/${id}`,
  lounge: (id) => `/admin/lounges/${id}/edit`,
  tier: () => '/admin/tiers',
  feedback_ticket: (id) => `/admin/feedback/${id}`,
  outbox: () => '/admin/outbox',
  import: (id) => `/admin/import/${id}`,
};

/** The page about a target, where there is one. */
export function targetHref(type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  const page = TARGET_PAGES[type];
  if (!page) return null;
  if (type !== 'tier' && !/^[1-9]\d{0,15}$/.test(id)) return null;
  return page(encodeURIComponent(id));
}

export const DETAIL_VALUE_MAX = 80;

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The filter as a query string (empty fields left out), optionally with a cursor. */
export function auditQueryString(filter: AuditFilterInput, before?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
  if (before !== undefined) params.set('before', String(before));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}
