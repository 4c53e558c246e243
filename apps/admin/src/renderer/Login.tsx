import { useState, type FormEvent } from 'react';
import { login, type AdminSession } from './session.js';
import { useT, type StringKey } from './strings.js';

const FAILURES: Record<string, StringKey> = {
  login_failed: 'loginFailed',
  locked_out: 'lockedOut',
  forbidden: 'forbiddenLogin',
  network: 'network',
};

export function Login(props: {
  base: string;
  onLogin: (s: AdminSession) => void;
  notice: StringKey | null;
}) {
  const t = useT();
  const [staffCode, setStaffCode] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await login(props.base, staffCode.trim(), pin);
    setBusy(false);
    if (outcome.ok) props.onLogin(outcome.session);
    else {
      const key = FAILURES[outcome.code];
      setError(key ? t(key) : outcome.message);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)}>
        <h1>{t('loginTitle')}</h1>
        {props.notice && <p className="notice">{t(props.notice)}</p>}
        <label>
          {t('staffCode')}
          <input
            name="staffCode"
            autoComplete="username"
            value={staffCode}
            onChange={(e) => setStaffCode(e.target.value)}
            required
          />
        </label>
        <label>
          {t('pin')}
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('loggingIn') : t('login')}
        </button>
      </form>
    </main>
  );
}
