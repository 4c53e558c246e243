import { errorMessage, type HallState, type Lang, type Millis } from '@onestop/shared';
import { serviceTile, type DepartmentTile, type ServiceTile, type VisitTile } from '../model.js';
import { hallOpening, serviceOpening, whenText } from '../opening.js';
import { t } from '@onestop/shared';

/**
 * The services' shared reason when none of the hall's can be chosen now because of their hours
 * (too early, a break, after hours); null when some can, or when others are refused for
 * another reason (their tiles say it).
 */
export function closedNowOf(tiles: readonly DepartmentTile[]): ServiceTile[] | null {
  const services = tiles.flatMap((d) => d.services);
  if (services.length === 0 || services.some((s) => s.unavailable === null)) return null;
  const closed = services.filter((s) => s.unavailable === 'service_closed_now');
  return closed.length > 0 ? closed : null;
}

/** The earliest opening of the services. */
export function firstOpening(
  state: HallState,
  services: readonly ServiceTile[],
  now: Millis,
): Millis | null {
  let first: Millis | null = null;
  for (const s of services) {
    const at = serviceOpening(state, s.service, now);
    if (at !== null && (first === null || at < first)) first = at;
  }
  return first ?? hallOpening(state, now);
}

export function sameDay(state: HallState, a: Millis, b: Millis): boolean {
  return whenText(a, b, state.config.hall.timezone, 'en').startsWith('today');
}

/**
 * Why these services (a tile's, or a visit's first step) cannot be chosen, in one line: the
 * time they open when they are closed now, else the engine's reason.
 */
export function unavailableText(
  state: HallState,
  services: readonly ServiceTile[],
  now: Millis,
  lang: Lang,
  /** `all`: every one is needed (a visit's step), the latest opening; `any`: the earliest. */
  needs: 'all' | 'any',
): string {
  const reasons = new Set(services.map((s) => s.unavailable).filter((r) => r !== null));
  const [only] = reasons;
  if (reasons.size !== 1 || !only) return t('kiosk.notAvailable', lang);
  if (only === 'service_closed_now') {
    let at: Millis | null = null;
    for (const s of services) {
      const opens = serviceOpening(state, s.service, now);
      if (opens === null) {
        if (needs === 'all') return errorMessage(only, lang);
        continue;
      }
      at = at === null ? opens : needs === 'all' ? Math.max(at, opens) : Math.min(at, opens);
    }
    if (at !== null) {
      return t('kiosk.opensAt', lang, {
        when: whenText(at, now, state.config.hall.timezone, lang),
      });
    }
  }
  return errorMessage(only, lang);
}

/** Why a combined visit cannot be chosen: its first step's opening time when only closed now. */
export function visitReasonText(
  state: HallState,
  visit: VisitTile,
  now: Millis,
  lang: Lang,
): string {
  if (visit.unavailable === null) return '';
  if (visit.unavailable !== 'service_closed_now') return errorMessage(visit.unavailable, lang);
  const first = (visit.steps[0] ?? []).map((service) => serviceTile(state, service, now));
  return unavailableText(state, first, now, lang, 'all');
}
