import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import type { DepartmentTile, VisitTile } from '../model.js';
import { Paged } from '../Paged.js';
import { t } from '@onestop/shared';
import { ChoiceTile, visitSection } from './tiles.js';

/** The first screen: the departments, the combined visits, the green channel, appointments. */
export function HomeScreen(props: {
  lang: Lang;
  tiles: DepartmentTile[];
  visits: VisitTile[];
  estimates: boolean;
  departmentReason: (tile: DepartmentTile, lang: Lang) => string;
  visitReason: (tile: VisitTile, lang: Lang) => string;
  onVisit: (tile: VisitTile) => void;
  priority: boolean;
  onDepartment: (id: string) => void;
  onGreen: () => void;
  onAppointment: () => void;
  /** 远程取号确认's entry, where the hall takes numbers from the phone. */
  remote?: ReactNode;
  /** 适老化: the large mode's switch and the assisted service button (elder/). */
  elder?: ReactNode;
}): ReactNode {
  const { lang } = props;
  const withVisits = props.visits.length > 0;
  const departments = props.tiles.map((tile) => ({
    key: tile.department.id,
    node: (
      <ChoiceTile
        className="tile"
        choice={tile.department.id}
        disabled={tile.unavailable}
        onClick={() => props.onDepartment(tile.department.id)}
        name={tile.department.name[lang]}
      >
        <span className={`tile-meta${tile.unavailable ? ' tile-reason' : ''}`}>
          {tile.unavailable
            ? props.departmentReason(tile, lang)
            : `${t(tile.services.length === 1 ? 'kiosk.servicesOne' : 'kiosk.services', lang, { count: tile.services.length })} · ${t('kiosk.waiting', lang, { count: tile.waiting })}`}
        </span>
      </ChoiceTile>
    ),
  }));
  // What changes the tiles' sizes: names, reasons, the language (not the counts).
  const fitKey = [
    lang,
    props.priority,
    ...props.tiles.map((t) => `${t.department.name[lang]}:${t.unavailable}`),
    ...props.visits.map((v) => `${v.visit.name[lang]}:${v.unavailable}:${v.steps.length}`),
  ].join('|');
  return (
    <div className={`home${withVisits ? ' with-visits' : ''}`}>
      <h1 className="kiosk-prompt">{t('kiosk.chooseDepartment', lang)}</h1>
      <Paged
        lang={lang}
        fitKey={fitKey}
        label={t('kiosk.pagerLabel', lang)}
        sections={[
          {
            key: 'departments',
            // With combined visits below, the department tiles are shorter so that all fits.
            gridClass: withVisits ? 'tiles tiles-short' : 'tiles',
            wrap: (grid) => grid,
            items: departments,
          },
          ...(withVisits
            ? [visitSection(lang, props.visits, props.onVisit, props.estimates, props.visitReason)]
            : []),
        ]}
      />
      {props.priority ? null : (
        <div className="home-extra">
          <button type="button" className="button green" onClick={props.onGreen}>
            <span className="green-title">{t('kiosk.greenChannel', lang)}</span>
            <span className="green-who">{t('kiosk.greenChannelWho', lang)}</span>
          </button>
          <button type="button" className="button appointment" onClick={props.onAppointment}>
            <span className="green-title">{t('kiosk.appointment', lang)}</span>
            <span className="green-who">{t('kiosk.appointmentWho', lang)}</span>
          </button>
          {props.remote}
          {props.elder}
        </div>
      )}
      {props.priority ? props.elder : null}
    </div>
  );
}
