import { useState, type FormEvent } from 'react';
import { type Lang, t } from '@onestop/shared';

/** The clerk's login: staff code and PIN. */
export function LoginForm(props: {
  lang: Lang;
  busy: boolean;
  onLogin: (code: string, pin: string) => Promise<void>;
}) {
  const { lang } = props;
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void props.onLogin(code.trim(), pin).then(() => setPin(''));
  };
  return (
    <form className="login card" onSubmit={submit}>
      <h1>{t('terminal.login.title', lang)}</h1>
      <label>
        {t('terminal.login.code', lang)}
        <input value={code} autoComplete="username" onChange={(e) => setCode(e.target.value)} />
      </label>
      <label>
        {t('terminal.login.pin', lang)}
        <input
          type="password"
          inputMode="numeric"
          value={pin}
          autoComplete="current-password"
          onChange={(e) => setPin(e.target.value)}
        />
      </label>
      <button type="submit" className="action big" disabled={props.busy || !code || !pin}>
        {t('terminal.login.submit', lang)}
      </button>
    </form>
  );
}
