import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBar } from '../components/StatusBar';
import { useDesk } from './context';
import { DeskView } from './DeskView';
import { SettingsView } from '../settings/SettingsForm';

// The review and practice workspaces load on first use: an agent's desk starts without their code.
const ReviewView = lazy(() => import('../review/ReviewView').then((m) => ({ default: m.ReviewView })));
const AccessReviewView = lazy(() => import('../review/AccessReviewView').then((m) => ({ default: m.AccessReviewView })));
const MyScoresView = lazy(() => import('../qa/MyScoresView').then((m) => ({ default: m.MyScoresView })));
const PracticeView = lazy(() => import('../practice/PracticeView').then((m) => ({ default: m.PracticeView })));
import { parseHash, viewHash, viewsFor, type View } from './views';

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

/** The views each role may open. Issue 6 adds `review`, issue 7 `practice`. */
const VIEW_COMPONENTS: Partial<Record<View, React.ComponentType>> = {
  desk: DeskView,
  scores: MyScoresView,
  review: ReviewView,
  access: AccessReviewView,
  settings: SettingsView,
  practice: PracticeView,
};

/** Signed in: the status bar, the workspaces this role may use, and the current one. */
export function Shell() {
  const { t } = useTranslation();
  const session = useDesk((s) => s.session);
  const outbox = useDesk((s) => s.outbox);
  const reg = useDesk((s) => s.registration);
  const locale = useDesk((s) => s.settings.locale);
  const setLocale = useDesk((s) => s.setLocale);
  const logout = useDesk((s) => s.logout);
  const hash = useHash();
  if (!session) return null;
  const role = session.user.role;
  const views = viewsFor(role).filter((v) => VIEW_COMPONENTS[v]);
  const { view } = parseHash(hash, role);
  const current = VIEW_COMPONENTS[view] ? view : views[0];
  const Current = current ? VIEW_COMPONENTS[current] : undefined;
  return (
    <div className="shell" data-view={current}>
      <StatusBar
        userName={session.user.displayName}
        outbox={outbox}
        {...(views.includes('desk') ? { phone: { label: reg ? t(`phoneState.${reg.state}`) : t('phoneState.none'), ok: reg?.state === 'registered' } } : {})}
        locale={locale}
        onSwitchLocale={() => void setLocale(locale === 'ko' ? 'en' : 'ko')}
        onSignOut={() => void logout()}
        onShowOutbox={() => (window.location.hash = viewHash('settings'))}
      />
      {views.length > 1 && (
        <nav className="nav-tabs" aria-label={t('app.title')}>
          <div role="tablist" className="nav-tablist">
            {views.map((v) => (
              <button key={v} type="button" role="tab" aria-selected={v === current} onClick={() => (window.location.hash = viewHash(v))} data-testid={`tab-${v}`}>
                {t(`views.${v}`)}
              </button>
            ))}
          </div>
        </nav>
      )}
      {Current && (
        <Suspense fallback={<p aria-busy="true">…</p>}>
          <Current />
        </Suspense>
      )}
    </div>
  );
}
