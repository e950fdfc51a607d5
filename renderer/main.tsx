// The desk's entry point: one store over the preload bridge, i18n in the agent's language, the phone.
import { createRoot } from 'react-dom/client';
import { newId } from '../shared/domain/ids';
import { getBridge, unwrap } from './bridge';
import { App } from './desk/App';
import { PhoneConnection, sipSettingsChanged } from './desk/phone-connection';
import { createI18n } from './i18n';
import { webSpeaker } from './practice/speech';
import { scriptFor } from './scripts/catalog';
import { createDeskStore } from './state/store';

const bridge = getBridge();
const phone = new PhoneConnection(bridge);
const store = createDeskStore({
  bridge,
  phone: () => phone.current(),
  scriptFor,
  now: () => new Date(),
  newId,
  schedule: (fn, ms) => {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  },
  speaker: webSpeaker(),
});
const i18n = createI18n('ko');

bridge.outbox.onChanged((status) => store.getState().setOutbox(status));
bridge.session.onExpired(() => store.getState().sessionExpired());

async function start(): Promise<void> {
  await store.getState().loadSettings();
  const { settings } = store.getState();
  await i18n.changeLanguage(settings.locale);
  document.documentElement.lang = settings.locale;
  store.getState().setOutbox(await unwrap(bridge.outbox.status(undefined)));
  phone.onCall((call) => {
    store.getState().onPhoneCall(call);
    store.getState().practice.onPhoneCall(call); // a voice practice call is placed with the same phone
  });
  phone.onRegistration((r) => store.getState().setRegistration(r));
  phone.onQuality((q) => store.getState().setQuality(q));
  await store.getState().restoreSession();
  // The phone registers once the agent is signed in, and stops at sign-out.
  store.subscribe((s, prev) => {
    if (s.session && (!prev.session || sipSettingsChanged(s.settings.sip, prev.settings.sip))) void phone.connect(s.settings, s.connection?.sip ?? null);
    if (!s.session && prev.session) void phone.disconnect();
  });
  if (store.getState().session) void phone.connect(store.getState().settings, store.getState().connection?.sip ?? null);
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(<App store={store} i18n={i18n} phone={() => phone.current()} />);
void start();
