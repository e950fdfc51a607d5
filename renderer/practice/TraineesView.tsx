import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeAttempt, PracticeAttemptSummary, TraineeProgress } from '../../shared/api/practice';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { ProgressChart } from './ProgressChart';
import { ScoreSummary } from './ScoreSummary';
import { useHashParams } from './use-hash-params';
import { VoiceReplay } from './VoiceReplay';
import { LivePractice } from './LivePractice';
import { errorText, toUiError, type UiError } from '../errors';

function when(iso: string | null, locale: Locale, never: string): string {
  return iso ? new Date(iso).toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }) : never;
}

/** The trainer's page: every trainee's attempts and progress over time; one attempt step by step. */
export function TraineesView({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const [params, setParams] = useHashParams();
  const selected = params.get('trainee') ?? undefined;
  const [trainees, setTrainees] = useState<TraineeProgress[] | null>(null);
  const [attempts, setAttempts] = useState<PracticeAttemptSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [detail, setDetail] = useState<PracticeAttempt | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const bridge = getBridge();

  useEffect(() => {
    unwrap(bridge.practice.progress({}))
      .then((p) => setTrainees(p.trainees))
      .catch((e: unknown) => setError(toUiError(e)));
  }, [bridge]);

  useEffect(() => {
    setDetail(null);
    if (!selected) return;
    unwrap(bridge.practice.attempts({ trainee: selected, limit: 20 }))
      .then((r) => {
        setAttempts(r.items);
        setCursor(r.nextCursor);
      })
      .catch((e: unknown) => setError(toUiError(e)));
  }, [bridge, selected]);

  const more = (): void => {
    if (!selected || !cursor) return;
    void unwrap(bridge.practice.attempts({ trainee: selected, limit: 20, cursor })).then((r) => {
      setAttempts((a) => [...a, ...r.items]);
      setCursor(r.nextCursor);
    });
  };
  const open = (id: string): void => void unwrap(bridge.practice.attempt({ id })).then(setDetail);
  const current = trainees?.find((x) => x.traineeId === selected);

  return (
    <div className="practice-grid" data-testid="trainees-view">
      <div className="practice-stack">
        <LivePractice locale={locale} />
        <section className="practice-panel" aria-labelledby="trainees-title">
          <h2 id="trainees-title">{t('practice.trainees.title')}</h2>
          {error && (
            <p role="alert" className="error">
              {t('errors.generic', { message: errorText(error, t) })}
            </p>
          )}
          {trainees === null && !error && <p aria-busy="true">{t('practice.trainees.loading')}</p>}
          {trainees?.length === 0 && <p>{t('practice.trainees.none')}</p>}
          {trainees && trainees.length > 0 && (
            <table className="trainees-table" data-testid="trainees-table">
              <thead>
                <tr>
                  <th scope="col">{t('practice.trainees.name')}</th>
                  <th scope="col">{t('practice.trainees.attempts')}</th>
                  <th scope="col">{t('practice.trainees.passed')}</th>
                  <th scope="col">{t('practice.trainees.average')}</th>
                  <th scope="col">{t('practice.trainees.trend')}</th>
                  <th scope="col">{t('practice.trainees.last')}</th>
                </tr>
              </thead>
              <tbody>
                {trainees.map((tr) => (
                  <tr key={tr.traineeId} aria-selected={tr.traineeId === selected} data-trainee={tr.traineeId}>
                    <th scope="row">
                      <button type="button" className="btn-link" onClick={() => setParams({ trainee: tr.traineeId })}>
                        {tr.displayName}
                      </button>
                    </th>
                    <td>{tr.attempts}</td>
                    <td>{tr.passedAttempts}</td>
                    <td>{tr.averageScore ?? '—'}</td>
                    <td className={tr.trend !== null && tr.trend > 0 ? 'trend-up' : tr.trend !== null && tr.trend < 0 ? 'trend-down' : ''}>
                      {tr.trend === null ? '—' : tr.trend > 0 ? `+${tr.trend}` : tr.trend}
                    </td>
                    <td>{when(tr.lastAt, locale, t('practice.trainees.never'))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      {current && (
        <section className="practice-panel" aria-labelledby="trainee-title" data-testid="trainee-detail">
          <h2 id="trainee-title">{current.displayName}</h2>
          <h3>{t('practice.trainees.progress')}</h3>
          <ProgressChart progress={current} label={t('practice.trainees.progress')} />
          {current.weakest.length > 0 && (
            <>
              <h3>{t('practice.trainees.weakest')}</h3>
              <ul>
                {current.weakest.map((w) => (
                  <li key={w.check}>
                    {t(`practice.check.${w.check}`)} × {w.failures}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('practice.trainees.history')}</h3>
          <table className="attempts-table" data-testid="attempts-table">
            <thead>
              <tr>
                <th scope="col">{t('practice.trainees.when')}</th>
                <th scope="col">{t('practice.trainees.scenario')}</th>
                <th scope="col">{t('practice.trainees.mode')}</th>
                <th scope="col">{t('practice.trainees.result')}</th>
                <th scope="col">{t('practice.trainees.details')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id} data-attempt={a.id} data-passed={a.passed ? 'true' : 'false'} data-mode={a.mode}>
                  <td>{when(a.startedAt, locale, '')}</td>
                  <td>{a.scenarioTitle[locale]}</td>
                  <td>{t(`practice.trainees.modes.${a.mode}`)}</td>
                  <td>
                    {a.score} {a.passed ? '✓' : '✗'}
                  </td>
                  <td>
                    <button type="button" className="btn-link" onClick={() => open(a.id)}>
                      {t('practice.trainees.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <button type="button" className="btn btn-neutral" onClick={more}>
              {t('practice.trainees.more')}
            </button>
          )}
          {detail && (
            <div className={`attempt-detail attempt-${detail.mode}`}>
              <button type="button" className="btn btn-neutral attempt-close" onClick={() => setDetail(null)}>
                {t('practice.trainees.close')}
              </button>
              {/* A voice attempt: the recording and the call's moments beside the score. */}
              {detail.mode === 'voice' && <VoiceReplay key={detail.id} attempt={detail} />}
              <ScoreSummary score={detail.result} locale={locale} title={t('practice.score.attemptTitle')} />
            </div>
          )}
        </section>
      )}
    </div>
  );
}
