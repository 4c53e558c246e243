import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { t } from '@onestop/shared';
import { ConfirmDialog } from './ConfirmDialog.js';

/** The green channel (priority) takes one more touch: who it is for. */
export function GreenConfirm(props: {
  lang: Lang;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const { lang } = props;
  return (
    <ConfirmDialog
      lang={lang}
      titleId="green-title"
      title={t('kiosk.greenConfirmTitle', lang)}
      confirmClass="green"
      confirmText={t('kiosk.greenConfirm', lang)}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('kiosk.greenConfirmBody', lang)}</p>
    </ConfirmDialog>
  );
}
