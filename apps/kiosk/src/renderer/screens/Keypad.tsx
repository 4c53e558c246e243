import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { t } from '@onestop/shared';

/** The keys of the kiosk's digit pad, in their order on screen. */
export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'delete'];

/** The big digit pad (check-in code, phone digits): a digit, or `clear`, or `delete`. */
export function Keypad(props: {
  lang: Lang;
  label: string;
  disabled?: boolean;
  onPress: (key: string) => void;
}): ReactNode {
  const { lang } = props;
  return (
    <div className="keypad" role="group" aria-label={props.label}>
      {KEYPAD_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          className={`key${key.length > 1 ? ' key-action' : ''}`}
          disabled={props.disabled}
          onClick={() => props.onPress(key)}
        >
          {key === 'clear'
            ? t('kiosk.keyClear', lang)
            : key === 'delete'
              ? `⌫ ${t('kiosk.keyDelete', lang)}`
              : key}
        </button>
      ))}
    </div>
  );
}
