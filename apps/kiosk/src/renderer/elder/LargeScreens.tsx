import type { ReactNode } from 'react';
import { t, type Lang } from '@onestop/shared';
import type { DepartmentTile, ServiceTile } from '../model.js';
import { waitOf, waitShort } from '../screens/tiles.js';
import { LargeChoices, type LargeChoice } from './LargeChoices.js';

/** What a page of choices reads aloud: the question, the names on it, and if more follow. */
function pageSpeech(
  lang: Lang,
  intro: (choices: string) => string,
  items: LargeChoice[],
  page: number,
  pages: number,
): string {
  const names = items.map((c) => c.name).join(t('list.separator', lang));
  const more = page < pages - 1 ? ` ${t('kiosk.large.sayMore', lang)}` : '';
  return `${intro(names)}${more}`;
}

/** The large mode's home: the departments, four a page, and the assisted service button. */
export function LargeHome(props: {
  lang: Lang;
  tiles: DepartmentTile[];
  reason: (tile: DepartmentTile, lang: Lang) => string;
  onDepartment: (id: string) => void;
  onSpeech: (text: string) => void;
  extra: ReactNode;
}): ReactNode {
  const { lang } = props;
  const choices: LargeChoice[] = props.tiles.map((d) => ({
    key: d.department.id,
    name: d.department.name[lang],
    meta: d.unavailable ? props.reason(d, lang) : t('kiosk.waiting', lang, { count: d.waiting }),
    disabled: d.unavailable,
    onChoose: () => props.onDepartment(d.department.id),
  }));
  return (
    <LargeChoices
      lang={lang}
      title={t('kiosk.chooseDepartment', lang)}
      choices={choices}
      onPage={(items, page, pages) =>
        props.onSpeech(
          pageSpeech(
            lang,
            (names) => t('kiosk.large.sayHome', lang, { choices: names }),
            items,
            page,
            pages,
          ),
        )
      }
      extra={props.extra}
    />
  );
}

/** The large mode's department: its services, four a page. */
export function LargeDepartment(props: {
  lang: Lang;
  tile: DepartmentTile;
  estimates: boolean;
  reason: (tile: ServiceTile, lang: Lang) => string;
  onService: (tile: ServiceTile) => void;
  onBack: () => void;
  onSpeech: (text: string) => void;
}): ReactNode {
  const { lang, tile } = props;
  const choices: LargeChoice[] = tile.services.map((s) => ({
    key: s.service.id,
    name: s.service.name[lang],
    meta:
      s.unavailable === null ? waitShort(lang, waitOf(s), props.estimates) : props.reason(s, lang),
    disabled: s.unavailable !== null,
    onChoose: () => props.onService(s),
  }));
  const department = tile.department.name[lang];
  return (
    <LargeChoices
      lang={lang}
      title={`${department} · ${t('kiosk.chooseService', lang)}`}
      choices={choices}
      back={{ label: t('kiosk.back', lang), onBack: props.onBack }}
      onPage={(items, page, pages) =>
        props.onSpeech(
          pageSpeech(
            lang,
            (names) => t('kiosk.large.sayDepartment', lang, { department, choices: names }),
            items,
            page,
            pages,
          ),
        )
      }
    />
  );
}
