import { useState, type ReactNode } from 'react';
import type { HallState } from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { CONFIG_PAGES, type ConfigPageId } from '../route.js';
import { useT, type StringKey } from '../strings.js';
import { CombinedVisitsPanel } from './CombinedVisits.js';
import { DevicesPanel } from './DevicesPanel.js';
import { GuidePanel } from './GuidePanel.js';
import { HallPanel } from './HallPanel.js';
import { HoursPanel } from './HoursPanel.js';
import { NoticePanel } from './NoticePanel.js';
import { NotifyPanel } from './NotifyPanel.js';
import { OnlinePanel } from './OnlinePanel.js';
import { PolicyPanel } from './PolicyPanel.js';
import { RatingTagsPanel } from './RatingTagsPanel.js';
import { ServicesPanel } from './ServicesPanel.js';
import { StaffPanel } from './StaffPanel.js';
import type { PhotoAccess } from './StaffPhoto.js';
import { WindowsPanel } from './WindowsPanel.js';
import type { Save } from './parts.js';

export const PAGE_LABEL: Record<ConfigPageId, StringKey> = {
  hall: 'pageHall',
  services: 'pageServices',
  windows: 'pageWindows',
  policy: 'pagePolicy',
  hours: 'pageHours',
  staff: 'pageStaff',
  devices: 'pageDevices',
  visits: 'pageVisits',
  notice: 'pageNotice',
  guide: 'pageGuide',
  online: 'pageOnline',
};

/**
 * Configuration changes (admins only), a sub-page each, chosen in the side navigation and kept
 * in the address (`#/config/hours`). Each change applies live, as an event attributed to the
 * admin; a refusal shows at the row or field it concerns, "saved" at the top of the sub-page.
 */
export function Config(props: {
  client: AdminClient;
  state: HallState;
  version: number;
  page: ConfigPageId;
  /** The item the sub-page opens on (the hours page: a service), from the address. */
  item: string | null;
  onItem: (item: string) => void;
  /** The hub's address and the session: the staff photos go over HTTP. */
  photos?: PhotoAccess;
}) {
  const t = useT();

  const { client, state, page } = props;
  // "Saved" belongs to the sub-page it was said on.
  const [said, setSaid] = useState<{ page: ConfigPageId; text: string } | null>(null);
  const saved = said?.page === page ? said.text : null;
  const setSaved = (text: string | null) => setSaid(text === null ? null : { page, text });

  const save: Save = async (change) => {
    const ack = await client.command('change_config', { change });
    setSaved(ack.ok ? t('saved') : null);
    return ack.ok ? null : ack.error;
  };

  const hall = state.config.hall;
  const panels: Record<ConfigPageId, () => ReactNode> = {
    hall: () => (
      <HallPanel
        key={JSON.stringify([hall.name, hall.languages, hall.timezone])}
        state={state}
        save={save}
      />
    ),
    services: () => <ServicesPanel state={state} save={save} />,
    windows: () => <WindowsPanel state={state} save={save} />,
    policy: () => (
      <>
        <PolicyPanel key={JSON.stringify(hall.policy)} policy={hall.policy} save={save} />
        <RatingTagsPanel
          key={JSON.stringify(state.config.ratingTags ?? null)}
          state={state}
          save={save}
        />
      </>
    ),
    hours: () => (
      <HoursPanel state={state} save={save} serviceId={props.item} onService={props.onItem} />
    ),
    staff: () => (
      <StaffPanel
        client={client}
        state={state}
        save={save}
        onSaved={setSaved}
        photos={props.photos ?? null}
      />
    ),
    devices: () => <DevicesPanel client={client} state={state} onSaved={setSaved} />,
    visits: () => <CombinedVisitsPanel state={state} save={save} />,
    guide: () => <GuidePanel state={state} save={save} />,
    online: () => <OnlinePanel state={state} save={save} />,
    notice: () => (
      <>
        <NoticePanel key={JSON.stringify(hall.notice)} state={state} save={save} />
        <NotifyPanel key={JSON.stringify(state.config.notify ?? null)} state={state} save={save} />
      </>
    ),
  };

  return (
    <div className="config">
      <nav className="subnav" aria-label={t('configNav')}>
        <ul>
          {CONFIG_PAGES.map((p) => (
            <li key={p}>
              <a
                href={`#/config/${p}`}
                aria-current={p === page ? 'page' : undefined}
                className={p === page ? 'active' : undefined}
              >
                {t(PAGE_LABEL[p])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="config-page" data-page={page}>
        <header className="config-head">
          <h1>{t(PAGE_LABEL[page])}</h1>
          {saved && (
            <p className="ok" role="status">
              {saved}
            </p>
          )}
        </header>
        {panels[page]()}
      </div>
    </div>
  );
}
