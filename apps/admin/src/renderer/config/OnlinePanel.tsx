import { useContext, useState } from 'react';
import {
  DEFAULT_REMOTE,
  type HallBooking,
  type HallRemote,
  type HallState,
  type Service,
} from '@onestop/shared';
import { LangContext, useT, type StringKey } from '../strings.js';
import { Field, IssuesAt, Panel, invalidProps, useRefusal, type Save } from './parts.js';

/** Slots and days ahead a hall without online booking starts from when it opens it. */
const BOOKING_START = { slotMinutes: 30, daysAhead: 7 };

/**
 * The visitor beyond the hall (docs/VISITORS.md): online booking (its slot length, the days
 * ahead, and per service the visitors a slot takes, empty for a service not booked online) and
 * 远程取号 (on or off, the minutes to confirm at a kiosk, the services offered, the numbers a
 * phone may take a day). Each form saves its part whole; the hub checks it like any change.
 */
export function OnlinePanel(props: { state: HallState; save: Save }) {
  return (
    <>
      <BookingPanel
        key={`booking:${JSON.stringify(props.state.config.hall.booking ?? null)}`}
        state={props.state}
        save={props.save}
      />
      <RemotePanel
        key={`remote:${JSON.stringify(props.state.config.hall.remote ?? null)}`}
        state={props.state}
        save={props.save}
      />
    </>
  );
}

function useFieldIssues() {
  const { issues, setRefusal, errorId } = useRefusal();
  return {
    setRefusal,
    at: (field: string) => invalidProps(issues, field, `${errorId}-${field}`),
    issuesAt: (field: string) => (
      <IssuesAt issues={issues} field={field} id={`${errorId}-${field}`} />
    ),
    rest: (fields: readonly string[]) => (
      <IssuesAt issues={issues} rest={fields} id={`${errorId}-rest`} />
    ),
  };
}

type Issues = ReturnType<typeof useFieldIssues>;

/** The numbers of the page: their label and range (as the hub checks them). */
const NUMBERS = {
  'booking.slotMinutes': { label: 'bookingSlotMinutes', min: 5, max: 240 },
  'booking.daysAhead': { label: 'bookingDaysAhead', min: 1, max: 60 },
  'remote.confirmWithinMinutes': { label: 'remoteConfirmMinutes', min: 1, max: 240 },
  'remote.perPhonePerDay': { label: 'remotePerPhone', min: 1, max: 10 },
} as const satisfies Record<string, { label: StringKey; min: number; max: number }>;

/** A whole number in its range, with the refusal that names `field` under it. */
function NumberField(props: {
  field: keyof typeof NUMBERS;
  value: number;
  set: (n: number) => void;
  issues: Issues;
  disabled?: boolean;
}) {
  const { label, min, max } = NUMBERS[props.field];
  return (
    <div className="field-block">
      <Field label={label}>
        <input
          type="number"
          name={props.field.split('.').at(-1)}
          min={min}
          max={max}
          disabled={props.disabled}
          value={props.value}
          onChange={(e) => props.set(Number(e.target.value))}
          {...props.issues.at(props.field)}
        />
      </Field>
      {props.issues.issuesAt(props.field)}
    </div>
  );
}

function serviceName(s: Service, lang: 'zh' | 'en'): string {
  return `${s.prefix} ${s.name[lang]}`;
}

function BookingPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const lang = useContext(LangContext);
  const services = props.state.config.services;
  const start = props.state.config.hall.booking;
  const [enabled, setEnabled] = useState(start !== undefined);
  const [slotMinutes, setSlotMinutes] = useState(start?.slotMinutes ?? BOOKING_START.slotMinutes);
  const [daysAhead, setDaysAhead] = useState(start?.daysAhead ?? BOOKING_START.daysAhead);
  const [capacity, setCapacity] = useState<Record<string, string>>(() =>
    Object.fromEntries(services.map((s) => [s.id, String(start?.capacity[s.id] ?? '')])),
  );
  const issues = useFieldIssues();
  const { setRefusal, at, issuesAt, rest } = issues;
  const fields = [
    'booking.slotMinutes',
    'booking.daysAhead',
    ...services.map((s) => `booking.capacity.${s.id}`),
  ];
  return (
    <Panel title="bookingTitle" testId="config-booking">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const booking: HallBooking | null = enabled
            ? {
                slotMinutes,
                daysAhead,
                capacity: Object.fromEntries(
                  Object.entries(capacity)
                    .filter(([, v]) => v.trim() !== '')
                    .map(([id, v]) => [id, Number(v)]),
                ),
              }
            : null;
          void props.save({ kind: 'booking', booking }).then(setRefusal);
        }}
      >
        <label className="row">
          <input
            type="checkbox"
            name="bookingEnabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <span>{t('bookingEnabled')}</span>
        </label>
        <NumberField
          field="booking.slotMinutes"
          value={slotMinutes}
          set={setSlotMinutes}
          issues={issues}
          disabled={!enabled}
        />
        <NumberField
          field="booking.daysAhead"
          value={daysAhead}
          set={setDaysAhead}
          issues={issues}
          disabled={!enabled}
        />
        <table className="grid">
          <caption>{t('bookingCapacityHint')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bookingService')}</th>
              <th scope="col">{t('bookingCapacity')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <label htmlFor={`capacity-${s.id}`}>{serviceName(s, lang)}</label>
                </th>
                <td>
                  <input
                    id={`capacity-${s.id}`}
                    className="narrow"
                    type="number"
                    name={`capacity-${s.id}`}
                    min={1}
                    max={1000}
                    disabled={!enabled}
                    value={capacity[s.id] ?? ''}
                    onChange={(e) => setCapacity({ ...capacity, [s.id]: e.target.value })}
                    {...at(`booking.capacity.${s.id}`)}
                  />
                  {issuesAt(`booking.capacity.${s.id}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rest(fields)}
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}

function RemotePanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const lang = useContext(LangContext);
  const services = props.state.config.services;
  const [remote, setRemote] = useState<HallRemote>(
    props.state.config.hall.remote ?? DEFAULT_REMOTE,
  );
  const issues = useFieldIssues();
  const { setRefusal, issuesAt, rest } = issues;
  const offered = new Set(remote.serviceIds);
  return (
    <Panel title="remoteTitle" testId="config-remote">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          // The services in the hall's order, whatever order they were ticked in.
          const serviceIds = services.map((s) => s.id).filter((id) => offered.has(id));
          const unknown = remote.serviceIds.filter((id) => !services.some((s) => s.id === id));
          void props
            .save({
              kind: 'remote',
              remote: { ...remote, serviceIds: [...serviceIds, ...unknown] },
            })
            .then(setRefusal);
        }}
      >
        <label className="row">
          <input
            type="checkbox"
            name="remoteEnabled"
            checked={remote.enabled}
            onChange={(e) => setRemote({ ...remote, enabled: e.target.checked })}
          />
          <span>{t('remoteEnabled')}</span>
        </label>
        <NumberField
          field="remote.confirmWithinMinutes"
          value={remote.confirmWithinMinutes}
          set={(confirmWithinMinutes) => setRemote({ ...remote, confirmWithinMinutes })}
          issues={issues}
        />
        <NumberField
          field="remote.perPhonePerDay"
          value={remote.perPhonePerDay}
          set={(perPhonePerDay) => setRemote({ ...remote, perPhonePerDay })}
          issues={issues}
        />
        <fieldset className="field-block">
          <legend>{t('remoteServices')}</legend>
          {services.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                name={`remote-${s.id}`}
                checked={offered.has(s.id)}
                onChange={(e) =>
                  setRemote({
                    ...remote,
                    serviceIds: e.target.checked
                      ? [...remote.serviceIds, s.id]
                      : remote.serviceIds.filter((id) => id !== s.id),
                  })
                }
              />
              <span>{serviceName(s, lang)}</span>
            </label>
          ))}
          {issuesAt('remote.serviceIds')}
        </fieldset>
        <p className="hint">{t('onlinePushNote')}</p>
        {rest(['remote.confirmWithinMinutes', 'remote.perPhonePerDay', 'remote.serviceIds'])}
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}
