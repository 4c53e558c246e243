import type { HallState, Lang } from '@onestop/shared';

/** A service's name in the language, or its id when the hall no longer has it. */
export function serviceName(state: HallState, serviceId: string, lang: Lang): string {
  return state.config.services.find((s) => s.id === serviceId)?.name[lang] ?? serviceId;
}

/** A window's number as the hall shows it, or its id when the hall no longer has it. */
export function windowNumber(state: HallState, windowId: string): string {
  const n = state.config.windows.find((w) => w.id === windowId)?.number;
  return n === undefined ? windowId : String(n);
}
