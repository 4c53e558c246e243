import { type Lang, refusalIssueTexts, type Refusal } from '@onestop/shared';

/*
 * Where a refused configuration change went wrong, from the row or form that sent it. The hub
 * names each wrong field by its path: in the change (`change.service.prefix`), or in the whole
 * configuration the change made (`services.12.prefix`, `hall.timezone`). The row shows the
 * refusal and marks its field with the part of the path below the item: `prefix`,
 * `hours.1.close`, `name.zh`.
 */

export interface FieldIssue {
  /** The path below the item or form; empty when the hub named no field. */
  field: string;
  text: string;
}

/** The `change.<key>` of a change that carries one item (or the policy, or the notice). */
const CHANGE_ITEMS = new Set([
  'department',
  'service',
  'window',
  'staff',
  'policy',
  'notice',
  'visit',
]);
/** The configuration's lists, whose items are named by their index. */
const LISTS = new Set(['departments', 'services', 'windows', 'staff', 'combinedVisits']);

export function fieldPath(path: string): string {
  const parts = path.split('.');
  const [first, second] = parts;
  if (first === 'change') return parts.slice(CHANGE_ITEMS.has(second ?? '') ? 2 : 1).join('.');
  if (first !== undefined && LISTS.has(first) && /^\d+$/.test(second ?? ''))
    return parts.slice(2).join('.');
  if (first === 'hall')
    return parts.slice(second === 'policy' || second === 'notice' ? 2 : 1).join('.');
  return path;
}

export function fieldIssues(error: Refusal | null, lang: Lang): FieldIssue[] {
  if (error === null) return [];
  return refusalIssueTexts(error, lang).map((i) => ({ field: fieldPath(i.path), text: i.text }));
}

/** Whether an issue names `field` or a part of it (`hours` is wrong when `hours.1.close` is). */
export function isInvalid(issues: readonly FieldIssue[], field: string): boolean {
  return issues.some((i) => i.field === field || i.field.startsWith(`${field}.`));
}
