import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import type { VisitTile } from '../model.js';
import { t } from '@onestop/shared';
import { ConfirmDialog } from './ConfirmDialog.js';
import { StepList, stepNames, waitOf, waitShort } from './tiles.js';

/** A combined visit takes one more touch, as the green channel does: its steps and the wait. */
export function VisitConfirm(props: {
  lang: Lang;
  tile: VisitTile;
  estimates: boolean;
  reason: string;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const { lang, tile } = props;
  return (
    <ConfirmDialog
      lang={lang}
      className="visit-confirm"
      titleId="visit-confirm-title"
      title={t('kiosk.visitConfirmTitle', lang, { name: tile.visit.name[lang] })}
      confirmClass="primary"
      confirmText={t('kiosk.visitConfirm', lang)}
      confirmDisabled={tile.unavailable !== null}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('kiosk.visitConfirmBody', lang)}</p>
      <StepList lang={lang} steps={stepNames(tile)} />
      {tile.unavailable === null ? (
        <p className="visit-confirm-wait">{waitShort(lang, waitOf(tile), props.estimates)}</p>
      ) : (
        <p className="message-detail">{props.reason}</p>
      )}
    </ConfirmDialog>
  );
}
