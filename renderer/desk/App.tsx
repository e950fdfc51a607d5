import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import type { SipPort } from '../../shared/phone/sip-port';
import type { DeskStore } from '../state/store';
import { DeskContext, useDesk } from './context';
import { Shell } from './Shell';
import { LoginView } from './LoginView';

function Root() {
  const restoring = useDesk((s) => s.restoring);
  const session = useDesk((s) => s.session);
  if (restoring) return <p aria-busy="true">…</p>;
  return session ? <Shell /> : <LoginView />;
}

/** The desk app: store + i18n + phone in context; the language follows the settings. */
export function App({ store, i18n, phone }: { store: DeskStore; i18n: i18n; phone: () => SipPort | null }) {
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.settings.locale !== prev.settings.locale) {
          void i18n.changeLanguage(s.settings.locale);
          document.documentElement.lang = s.settings.locale;
        }
      }),
    [store, i18n],
  );
  return (
    <I18nextProvider i18n={i18n}>
      <DeskContext.Provider value={{ store, phone }}>
        <Root />
      </DeskContext.Provider>
    </I18nextProvider>
  );
}
