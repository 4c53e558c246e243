import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { k } from '../strings.js';
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
      title={k('greenConfirmTitle', lang)}
      confirmClass="green"
      confirmText={k('greenConfirm', lang)}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{k('greenConfirmBody', lang)}</p>
    </ConfirmDialog>
  );
}
