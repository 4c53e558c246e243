import { useContext } from 'react';
import type { Department, Service, WindowService } from '@onestop/shared';
import { LangContext, useT, type StringKey } from '../strings.js';

/*
 * A window's services: the hall's services by department, each with a checkbox and its tier.
 * The engine calls the highest weight first (its own department's matters), lower weights only
 * when nobody waits in a higher one (helping others).
 */

const TIERS: readonly { weight: number; label: StringKey }[] = [
  { weight: 3, label: 'tierFirst' },
  { weight: 2, label: 'tierOwn' },
  { weight: 1, label: 'tierHelp' },
];

/**
 * The weight a service gets when ticked: the window's own department (that of its top-tier
 * service, or of the first service ticked) in tier 2, another department's in tier 1.
 */
export function defaultWeight(
  current: readonly WindowService[],
  service: Service,
  services: readonly Service[],
): number {
  const top = [...current].sort((a, b) => b.weight - a.weight)[0];
  if (top === undefined) return 2;
  const own = services.find((s) => s.id === top.serviceId)?.departmentId;
  return own === service.departmentId ? Math.max(2, top.weight) : 1;
}

/** Ticks or unticks `service`: kept in place when its tier changes, added at the end. */
export function toggleService(
  current: readonly WindowService[],
  service: Service,
  services: readonly Service[],
  on: boolean,
): WindowService[] {
  const rest = current.filter((s) => s.serviceId !== service.id);
  if (!on) return rest;
  if (rest.length < current.length) return [...current];
  return [...current, { serviceId: service.id, weight: defaultWeight(current, service, services) }];
}

export function setWeight(
  current: readonly WindowService[],
  serviceId: string,
  weight: number,
): WindowService[] {
  return current.map((s) => (s.serviceId === serviceId ? { ...s, weight } : s));
}

export function WindowServicesEditor(props: {
  /** Names the controls: `w3 企业开办`. */
  label: string;
  departments: readonly Department[];
  services: readonly Service[];
  value: readonly WindowService[];
  onChange: (next: WindowService[]) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { departments, services, value, onChange } = props;
  const groups = departments
    .map((d) => ({ department: d, services: services.filter((s) => s.departmentId === d.id) }))
    .filter((g) => g.services.length > 0);
  // Services the window names but the hall no longer has, kept visible so they can be removed.
  const unknown = value.filter((v) => !services.some((s) => s.id === v.serviceId));
  return (
    <div
      className="window-services"
      role="group"
      aria-label={`${props.label} ${t('windowServices')}`}
    >
      {groups.map((g) => (
        <div className="ws-group" key={g.department.id}>
          <span className="ws-dept">{g.department.name[lang]}</span>
          {g.services.map((s) => {
            const chosen = value.find((v) => v.serviceId === s.id);
            const name = `${props.label} ${s.name[lang]}`;
            return (
              <span className={chosen ? 'ws-item on' : 'ws-item'} key={s.id}>
                <label>
                  <input
                    type="checkbox"
                    aria-label={name}
                    checked={chosen !== undefined}
                    onChange={(e) => onChange(toggleService(value, s, services, e.target.checked))}
                  />
                  <b>{s.prefix}</b> {s.name[lang]}
                </label>
                {chosen && (
                  <TierSelect
                    label={`${name} ${t('tier')}`}
                    weight={chosen.weight}
                    onChange={(w) => onChange(setWeight(value, s.id, w))}
                  />
                )}
              </span>
            );
          })}
        </div>
      ))}
      {unknown.map((u) => (
        <span className="ws-item on" key={u.serviceId}>
          <label>
            <input
              type="checkbox"
              aria-label={`${props.label} ${u.serviceId}`}
              checked
              onChange={() => onChange(value.filter((v) => v.serviceId !== u.serviceId))}
            />
            {u.serviceId}
          </label>
        </span>
      ))}
    </div>
  );
}

function TierSelect(props: { label: string; weight: number; onChange: (w: number) => void }) {
  const t = useT();
  const known = TIERS.some((x) => x.weight === props.weight);
  return (
    <select
      aria-label={props.label}
      value={props.weight}
      onChange={(e) => props.onChange(Number(e.target.value))}
    >
      {TIERS.map((x) => (
        <option key={x.weight} value={x.weight}>
          {t(x.label)}
        </option>
      ))}
      {!known && (
        <option value={props.weight}>{t('tierOther', { n: String(props.weight) })}</option>
      )}
    </select>
  );
}
