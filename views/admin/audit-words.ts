import { DETAIL_REFERENCES, nameKey, TIER_FROM_TO, type AuditName, type AuditNames } from '../../src/admin/audit-names';
import { isMessageKey, type Locale, type MessageKey, type Translate } from '../../src/lib/i18n';
import { targetTypeLabel } from './audit-parts';

/**
 * An audit entry in the reader's words, for the page and the exports alike: each detail field by its label
 * (audit.field.<key>, the raw key when there is none), enum values (tiers, statuses, roles, languages …) by
 * their names, ids by the name of what they point at, and the target by its name ("#6" when it is gone).
 */

export interface AuditWording {
  t: Translate;
  locale: Locale;
  fmt: { dateTime(at: number): string };
}

export interface DetailLine {
  key: string;
  label: string;
  text: string;
}

type ValueKind = 'tier' | 'user' | 'club' | 'event' | 'lounge' | 'role' | 'locale' | 'membership' | 'importStatus' | 'outboxStatus' | 'channel' | 'rosterStatus' | 'city' | 'category' | 'amenity' | 'noShowPolicy' | 'targetType' | 'instant' | 'minutes';

/** What a field's value is, whatever the action. */
const FIELD_KINDS: Record<string, ValueKind> = { ...DETAIL_REFERENCES, role: 'role', locale: 'locale', channel: 'channel', city: 'city', category: 'category', amenities: 'amenity', noShowPolicy: 'noShowPolicy' };

const MEMBERSHIP_ACTIONS = ['club.member.approved', 'club.member.declined', 'club.member.removed', 'club.waitlist.prioritized'];

/** What a field's value is in one action's entries (the same name means different things in different actions). */
const ACTION_KINDS: Record<string, Record<string, ValueKind>> = {
  ...Object.fromEntries([...TIER_FROM_TO].map((a) => [a, { from: 'tier', to: 'tier' }])),
  ...Object.fromEntries(MEMBERSHIP_ACTIONS.map((a) => [a, { from: 'membership', to: 'membership' }])),
  'member.import': { status: 'importStatus' },
  'audit.log.exported': { targetType: 'targetType' },
  'outbox.message.retried': { status: 'outboxStatus' },
  'club.roster.exported': { status: 'rosterStatus' },
  'event.updated': { startsAt: 'instant', endsAt: 'instant', opensAt: 'instant', closesAt: 'instant' },
  'lounge.updated': { opensAt: 'minutes', closesAt: 'minutes' },
};

const KIND_KEYS: Partial<Record<ValueKind, string>> = {
  role: 'role.',
  locale: 'admin.import.language.',
  membership: 'audit.membership.',
  importStatus: 'admin.import.status.',
  outboxStatus: 'admin.outbox.status.',
  channel: 'admin.outbox.channel.',
  rosterStatus: 'roster.filter.',
  city: 'city.',
  category: 'category.',
  amenity: 'amenity.',
  noShowPolicy: 'lounges.noShow.',
};

const pickName = (w: AuditWording, n: AuditName) => (w.locale === 'zh' ? n.zh : n.en);

/** A person as the admin pages show one: the name and the masked phone. */
function personText(w: AuditWording, n: AuditName): string {
  return n.phone ? `${pickName(w, n)} ${n.phone}` : pickName(w, n);
}

/** Fields whose name means something else in one action: an export's from/to are the dates of its filter. */
const ACTION_LABELS: Record<string, Record<string, MessageKey>> = {
  'audit.log.exported': { from: 'admin.audit.from', to: 'admin.audit.to' },
  // the old allowance is stored as { visits, companions }, the new as the tier's own column names
  'tier.allowance.changed': { companions: 'audit.field.companionsPerVisit' },
};

export function fieldLabel(t: Translate, key: string, action?: string): string {
  const special = action ? ACTION_LABELS[action]?.[key] : undefined;
  if (special) return t(special);
  const k = `audit.field.${key}`;
  return isMessageKey(k) ? t(k) : key;
}

function scalarText(w: AuditWording, names: AuditNames, kind: ValueKind | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return w.t(value ? 'audit.value.yes' : 'audit.value.no');
  if (kind === 'tier' || kind === 'user' || kind === 'club' || kind === 'event' || kind === 'lounge') {
    const n = names.get(nameKey(kind, String(value)));
    if (!n) return kind === 'tier' ? String(value) : `#${String(value)}`;
    return kind === 'user' ? personText(w, n) : pickName(w, n);
  }
  if (kind === 'targetType' && typeof value === 'string') return targetTypeLabel(w.t, value);
  if (kind === 'instant' && typeof value === 'number') return w.fmt.dateTime(value);
  if (kind === 'minutes' && typeof value === 'number') return `${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;
  const prefix = kind ? KIND_KEYS[kind] : undefined;
  const key = prefix && typeof value === 'string' ? `${prefix}${value}` : '';
  if (isMessageKey(key)) return w.t(key);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? '';
}

const isFromTo = (v: object) => {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === 'from' || k === 'to');
};

/**
 * A value as one line of words. `field` is the nearest named field (a from/to pair is worded as its field's kind:
 * `changed: { minTier: { from, to } }` shows two tier names).
 */
function valueText(w: AuditWording, names: AuditNames, action: string, field: string, value: unknown, depth: number): string {
  const kind = ACTION_KINDS[action]?.[field] ?? FIELD_KINDS[field];
  if (value === null || typeof value !== 'object') return scalarText(w, names, kind, value);
  if (depth > 2) return JSON.stringify(value) ?? '';
  if (Array.isArray(value)) return value.map((v) => valueText(w, names, action, field, v, depth + 1)).join(', ');
  const obj = value as Record<string, unknown>;
  if (isFromTo(obj)) return `${valueText(w, names, action, field, obj.from, depth + 1)} → ${valueText(w, names, action, field, obj.to, depth + 1)}`;
  const sep = w.locale === 'zh' ? '；' : '; ';
  return Object.entries(obj)
    .map(([k, v]) => `${fieldLabel(w.t, k, action)}${w.locale === 'zh' ? '：' : ': '}${valueText(w, names, action, k, v, depth + 1)}`)
    .join(sep);
}

/** The detail of an entry as labelled lines (already redacted by the service). */
export function detailLines(w: AuditWording, names: AuditNames, action: string, detail: Record<string, unknown> | null): DetailLine[] {
  return Object.entries(detail ?? {}).map(([key, value]) => ({ key, label: fieldLabel(w.t, key, action), text: valueText(w, names, action, key, value, 0) }));
}

/** The detail as one text (for a spreadsheet cell). */
export function detailWords(w: AuditWording, names: AuditNames, action: string, detail: Record<string, unknown> | null): string {
  const colon = w.locale === 'zh' ? '：' : ': ';
  return detailLines(w, names, action, detail)
    .map((l) => `${l.label}${colon}${l.text}`)
    .join(w.locale === 'zh' ? '；' : '; ');
}

/** The name of an entry's target, or null when it has none (gone, or a kind without names). */
export function targetName(w: AuditWording, names: AuditNames, type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  const n = names.get(nameKey(type, id));
  if (!n) return null;
  return type === 'user' ? personText(w, n) : pickName(w, n);
}

/** "用户 张三 138****0000", "贵宾厅 海口美兰 T1", or "用户 #6" when the target is gone. */
export function targetText(w: AuditWording, names: AuditNames, type: string, id: string | null): string {
  const name = targetName(w, names, type, id);
  return `${targetTypeLabel(w.t, type)}${name ? ` ${name}` : id ? ` #${id}` : ''}`;
}
