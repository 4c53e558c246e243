import type { ReactNode } from 'react';
import { t, type Lang, type Service, type ServiceGuide } from '@onestop/shared';

/** The service's guide when it says anything (materials or a fee); null: straight to the ticket. */
export function guideOf(service: Service): ServiceGuide | null {
  const guide = service.guide ?? null;
  return guide !== null && (guide.materials.length > 0 || guide.fee !== null) ? guide : null;
}

/** The guide read aloud: the service, what to bring, the fee. */
export function guideSpeech(service: Service, guide: ServiceGuide, lang: Lang): string {
  return t('kiosk.large.sayGuide', lang, {
    service: service.name[lang],
    materials:
      guide.materials.length > 0
        ? guide.materials.map((m) => m[lang]).join(t('list.separator', lang))
        : t('kiosk.guide.noMaterials', lang),
    fee: guide.fee === null ? '' : `${t('kiosk.guide.fee', lang, { fee: guide.fee[lang] })}。`,
  });
}

/**
 * 办事指南: after a service is chosen and before its ticket, what to bring and what it costs,
 * as the ticket will print them; one touch takes the number, another goes back.
 */
export function GuideScreen(props: {
  lang: Lang;
  service: Service;
  guide: ServiceGuide;
  onConfirm: () => void;
  onBack: () => void;
}): ReactNode {
  const { lang, service, guide } = props;
  return (
    <div className="guide" data-testid="guide">
      <h1 className="kiosk-prompt">
        {service.name[lang]} · {t('kiosk.guide.title', lang)}
      </h1>
      <section className="guide-card">
        <h2>{t('kiosk.guide.materials', lang)}</h2>
        {guide.materials.length === 0 ? (
          <p>{t('kiosk.guide.noMaterials', lang)}</p>
        ) : (
          <ol className="guide-materials">
            {guide.materials.map((m, i) => (
              <li key={`${i}-${m.zh}`}>{m[lang]}</li>
            ))}
          </ol>
        )}
        {guide.fee !== null && (
          <p className="guide-fee">{t('kiosk.guide.fee', lang, { fee: guide.fee[lang] })}</p>
        )}
      </section>
      <div className="guide-actions">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {t('kiosk.back', lang)}
        </button>
        <button type="button" className="button primary guide-confirm" onClick={props.onConfirm}>
          {t('kiosk.guide.confirm', lang)}
        </button>
      </div>
    </div>
  );
}
