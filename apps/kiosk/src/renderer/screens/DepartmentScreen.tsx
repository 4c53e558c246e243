import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import type { DepartmentTile, ServiceTile, VisitTile } from '../model.js';
import { Paged } from '../Paged.js';
import { t } from '@onestop/shared';
import { ChoiceTile, TileMeta, visitSection } from './tiles.js';

/** A department's services, and its combined visits beside them. */
export function DepartmentScreen(props: {
  lang: Lang;
  tile: DepartmentTile;
  visits: VisitTile[];
  estimates: boolean;
  reasonText: (tile: ServiceTile, lang: Lang) => string;
  visitReason: (tile: VisitTile, lang: Lang) => string;
  onVisit: (tile: VisitTile) => void;
  onBack: () => void;
  onService: (tile: ServiceTile) => void;
}): ReactNode {
  const { lang, tile } = props;
  const services = tile.services.map((s) => ({
    key: s.service.id,
    node: (
      <ChoiceTile
        className="tile service"
        choice={s.service.id}
        disabled={s.unavailable !== null}
        onClick={() => props.onService(s)}
        name={s.service.name[lang]}
      >
        <TileMeta
          lang={lang}
          tile={s}
          estimates={props.estimates}
          reason={() => props.reasonText(s, lang)}
        />
      </ChoiceTile>
    ),
  }));
  const fitKey = [
    lang,
    tile.department.id,
    ...tile.services.map((s) => `${s.service.name[lang]}:${s.unavailable}`),
    ...props.visits.map((v) => `${v.visit.name[lang]}:${v.unavailable}`),
  ].join('|');
  return (
    <div className="home">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {t('kiosk.back', lang)}
        </button>
        <h1 className="kiosk-prompt">
          {tile.department.name[lang]} · {t('kiosk.chooseService', lang)}
        </h1>
      </div>
      <Paged
        lang={lang}
        fitKey={fitKey}
        label={t('kiosk.pagerLabel', lang)}
        sections={[
          { key: 'services', gridClass: 'tiles', wrap: (grid) => grid, items: services },
          ...(props.visits.length > 0
            ? [
                visitSection(
                  lang,
                  props.visits,
                  props.onVisit,
                  props.estimates,
                  props.visitReason,
                  true,
                ),
              ]
            : []),
        ]}
      />
    </div>
  );
}
