import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from './context';
import { errorText } from '../errors';
import { ConnectionInfo } from '../settings/ConnectionInfo';

export function LoginView() {
  const { t } = useTranslation();
  const login = useDesk((s) => s.login);
  const busy = useDesk((s) => s.loggingIn);
  const error = useDesk((s) => s.loginError);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <main className="login">
      <form
        aria-labelledby="login-title"
        onSubmit={(e) => {
          e.preventDefault();
          void login(username, password);
        }}
      >
        <h1 id="login-title">{t('login.title')}</h1>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        {error && (
          <p role="alert" className="error">
            {t('login.failed', { message: errorText(error, t) })}
          </p>
        )}
      </form>
      <ConnectionInfo />
    </main>
  );
}
