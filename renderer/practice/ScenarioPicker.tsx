import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import type { TraineeProgress } from '../../shared/api/practice';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { Kbd } from '../components/Kbd';
import { useHotkeys } from '../hotkeys';
import type { Trainee } from '../state/practice-slice';
import { usePractice, usePracticeNow } from './use-practice';

/** The scenarios to practise, one key each (1-9), and the trainee's own progress so far. */
export function ScenarioPicker({ trainee, locale }: { trainee: Trainee; locale: Locale }) {
  const { t } = useTranslation();
  const practice = usePracticeNow();
  const scenarios = usePractice((s) => s.scenarios);
  const listError = usePractice((s) => s.listError);
  const loadError = usePractice((s) => s.loadError);
  const [mine, setMine] = useState<TraineeProgress | null>(null);
  useEffect(() => {
    void practice().loadScenarios();
    void unwrap(getBridge().practice.progress({ trainee: trainee.id }))
      .then((p) => setMine(p.trainees[0] ?? null))
      .catch(() => setMine(null));
  }, [practice, trainee.id]);
  const open = (id: string): void => void practice().choose(id, trainee, locale);
  const keys: Record<string, () => void> = {};
  (scenarios ?? []).slice(0, 9).forEach((s, i) => (keys[String(i + 1)] = () => open(s.id)));
  useHotkeys(keys);
  return (
    <section className="practice-panel" aria-labelledby="choose-title">
      <h2 id="choose-title">{t('practice.choose.title')}</h2>
      <p className="my-progress" data-testid="my-progress">
        {mine && mine.attempts > 0 ? t('practice.choose.myProgress', { attempts: mine.attempts, average: mine.averageScore ?? 0 }) : t('practice.choose.noProgress')}
      </p>
      {scenarios === null && !listError && <p aria-busy="true">{t('practice.choose.loading')}</p>}
      {listError && (
        <p role="alert" className="error">
          {t('errors.generic', { message: errorText(listError, t) })}
        </p>
      )}
      {loadError && (
        <p role="alert" className="error">
          {t('errors.generic', { message: errorText(loadError, t) })}
        </p>
      )}
      {scenarios?.length === 0 && <p>{t('practice.choose.none')}</p>}
      <ul className="scenario-list" data-testid="scenario-list">
        {(scenarios ?? []).map((s, i) => (
          <li key={s.id}>
            <button type="button" className="scenario-card" onClick={() => open(s.id)} data-scenario={s.id} aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}>
              <span className="scenario-title">
                {i < 9 && <Kbd k={String(i + 1)} />} {s.title[locale]}
              </span>
              <span className="scenario-meta">
                {t(`practice.choose.kind.${s.kind}`)} · {s.profile} · {t(`practice.choose.difficulty.${s.difficulty}`)}
              </span>
              <span className="scenario-brief">{s.briefing[locale]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
