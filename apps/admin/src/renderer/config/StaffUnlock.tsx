import { refusalText } from '@onestop/shared';
import { useContext, useState } from 'react';
import type { AdminClient } from '../hub.js';
import { LangContext, useT } from '../strings.js';

/**
 * The staff list's 解锁 / Unlock button: lifts every login lock of a staff code (five wrong PINs
 * lock a code from the address they came from for five minutes). The hub records it in the
 * audit as `staff_unlocked`, with the admin who did it.
 */
export function StaffUnlockButton(props: {
  client: AdminClient;
  staffCode: string;
  onMessage: (m: { ok: boolean; text: string }) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const [busy, setBusy] = useState(false);
  const unlock = async () => {
    setBusy(true);
    const ack = await props.client.command('unlock_staff', { staffCode: props.staffCode });
    setBusy(false);
    if (!ack.ok) {
      props.onMessage({ ok: false, text: refusalText(ack.error, lang) });
      return;
    }
    const n = ack.result.lockedAddresses;
    const [colon, open, close] = lang === 'zh' ? ['：', '（', '）'] : [': ', ' (', ')'];
    const code = props.staffCode;
    const text =
      n === 0
        ? `${code}${colon}${t('notLocked')}`
        : `${t('loginUnlocked')}${colon}${code}${open}${t('lockedAddresses', { n: String(n) })}${close}`;
    props.onMessage({ ok: true, text });
  };
  return (
    <button
      type="button"
      className="secondary"
      aria-label={`${props.staffCode} ${t('unlockLogin')}`}
      disabled={busy}
      onClick={() => void unlock()}
    >
      {t('unlockLogin')}
    </button>
  );
}
