import type { ConfigDiff, ConfigFieldChange, HallConfig } from '@onestop/shared';

/*
 * What a configuration change changed, field by field: the items added and removed in each
 * collection (by id), and every field that differs in the hall and in the items kept. Values are
 * shown short; the list is capped. The configurations are compared
 * as redacted for the console (no PIN hashes).
 */

export const DIFF_MAX_CHANGES = 30;
const VALUE_MAX = 80;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const COLLECTIONS = ['departments', 'services', 'windows', 'staff', 'combinedVisits'] as const;

export function diffConfig(before: HallConfig, after: HallConfig): ConfigDiff {
  const changes: ConfigFieldChange[] = [];
  fields('hall', null, '', json(before.hall), json(after.hall), changes);
  for (const section of COLLECTIONS) {
    const was = items(before, section);
    const now = items(after, section);
    for (const [id, item] of was) {
      if (!now.has(id)) changes.push(change(section, id, 'removed', '', title(item), null));
    }
    for (const [id, item] of now) {
      const old = was.get(id);
      if (old === undefined) changes.push(change(section, id, 'added', '', null, title(item)));
      else fields(section, id, '', old, item, changes);
    }
  }
  return {
    changes: changes.slice(0, DIFF_MAX_CHANGES),
    more: Math.max(0, changes.length - DIFF_MAX_CHANGES),
  };
}

function json(value: unknown): Json {
  // A HallConfig is plain JSON; a round trip also drops undefined fields.
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

/** The items of a collection by id (staff by code). */
function items(config: HallConfig, section: (typeof COLLECTIONS)[number]): Map<string, Json> {
  const list = json(config[section] ?? []);
  const out = new Map<string, Json>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const id = item.id ?? item.code;
    if (typeof id === 'string') out.set(id, item);
  }
  return out;
}

function fields(
  section: string,
  item: string | null,
  path: string,
  was: Json,
  now: Json,
  out: ConfigFieldChange[],
): void {
  if (JSON.stringify(was) === JSON.stringify(now)) return;
  // A window's services by service: `services.invoice: 1 → 2`, `services.tax: — → 1`.
  const wasWeights = weights(was);
  const nowWeights = weights(now);
  if (wasWeights !== null && nowWeights !== null) {
    was = wasWeights;
    now = nowWeights;
  }
  if (isRecord(was) && isRecord(now)) {
    const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
    for (const key of keys) {
      fields(
        section,
        item,
        path === '' ? key : `${path}.${key}`,
        was[key] ?? null,
        now[key] ?? null,
        out,
      );
    }
    return;
  }
  out.push(change(section, item, 'changed', path, short(was), short(now)));
}

/** `[{serviceId, weight}]` as `{serviceId: weight}`; null for any other value. */
function weights(v: Json): { [key: string]: Json } | null {
  if (!Array.isArray(v)) return null;
  const out: { [key: string]: Json } = {};
  for (const x of v) {
    if (!isRecord(x) || typeof x.serviceId !== 'string' || typeof x.weight !== 'number')
      return null;
    out[x.serviceId] = x.weight;
  }
  return out;
}

function isRecord(v: Json): v is { [key: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function change(
  section: string,
  item: string | null,
  kind: ConfigFieldChange['change'],
  field: string,
  from: string | null,
  to: string | null,
): ConfigFieldChange {
  return { section, item, change: kind, field, from, to };
}

/** An item named by its Chinese name when it has one. */
function title(item: Json): string {
  if (isRecord(item)) {
    const name = item.name ?? null;
    if (isRecord(name) && typeof name.zh === 'string') return cap(name.zh);
    if (typeof name === 'string') return cap(name);
  }
  return short(item) ?? '';
}

/** A value, short: `fund:3, social:1` for a window's services, lists joined, else JSON. */
function short(v: Json): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return cap(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    return cap(
      v
        .map((x) =>
          isRecord(x) && typeof x.serviceId === 'string' && typeof x.weight === 'number'
            ? `${x.serviceId}:${x.weight}`
            : typeof x === 'string' || typeof x === 'number'
              ? String(x)
              : JSON.stringify(x),
        )
        .join(', '),
    );
  }
  return cap(JSON.stringify(v));
}

function cap(s: string): string {
  return s.length > VALUE_MAX ? `${s.slice(0, VALUE_MAX - 1)}…` : s;
}
