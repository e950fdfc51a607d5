import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/context';
import { Briefing } from './Briefing';
import { PracticeCall } from './PracticeCall';
import { PracticeResult } from './PracticeResult';
import { ScenarioEditor } from './ScenarioEditor';
import { ScenarioPicker } from './ScenarioPicker';
import { TraineesView } from './TraineesView';
import { useHashParams } from './use-hash-params';
import { usePractice, usePracticeNow } from './use-practice';

const TABS = ['practice', 'trainees', 'scenarios'] as const;
type Tab = (typeof TABS)[number];

/**
 * The practice workspace (agents, trainers, admins): practise a scenario against a simulated customer;
 * trainers also follow their trainees and edit scenarios. Marked as practice everywhere.
 */
export function PracticeView() {
  const { t } = useTranslation();
  const session = useDesk((s) => s.session);
  const settings = useDesk((s) => s.settings);
  const practice = usePracticeNow();
  // Leaving the workspace ends a practice call in progress (its customer's pending lines are cancelled).
  useEffect(() => () => practice().reset(), [practice]);
  const phase = usePractice((s) => s.phase);
  const [params, setParams] = useHashParams();
  if (!session) return <main className="practice-mode" />;
  const role = session.user.role;
  const tabs: Tab[] = role === 'agent' ? ['practice'] : [...TABS];
  const wanted = params.get('tab') as Tab | null;
  const tab: Tab = wanted && tabs.includes(wanted) ? wanted : 'practice';
  const trainee = { id: session.user.id, name: session.user.displayName };
  const locale = settings.locale;
  return (
    <main className="practice-mode" data-testid="practice-view" data-phase={phase} aria-labelledby="practice-title">
      <h1 id="practice-title" className="visually-hidden">
        {t('views.practice')}
      </h1>
      <p className="practice-banner" role="note" data-testid="practice-banner">
        {t('practice.banner')}
      </p>
      {tabs.length > 1 && (
        <nav aria-label={t('views.practice')}>
          <div className="sub-tabs" role="tablist">
            {tabs.map((x) => (
              <button key={x} type="button" role="tab" aria-selected={x === tab} onClick={() => setParams({ tab: x, trainee: undefined })} data-testid={`practice-tab-${x}`}>
                {t(`practice.tabs.${x}`)}
              </button>
            ))}
          </div>
        </nav>
      )}
      {tab === 'practice' && phase === 'choosing' && <ScenarioPicker trainee={trainee} locale={locale} />}
      {tab === 'practice' && phase === 'briefing' && <Briefing trainee={trainee} locale={locale} hotkeys={settings.hotkeys} />}
      {tab === 'practice' && phase === 'talking' && <PracticeCall locale={locale} hotkeys={settings.hotkeys} />}
      {tab === 'practice' && phase === 'scored' && <PracticeResult trainee={trainee} locale={locale} hotkeys={settings.hotkeys} />}
      {tab === 'trainees' && <TraineesView locale={locale} />}
      {tab === 'scenarios' && <ScenarioEditor locale={locale} />}
    </main>
  );
}
