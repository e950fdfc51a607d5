import { useTranslation } from 'react-i18next';
import { stepTitle } from '../components/step-title';
import type { Locale } from '../../shared/domain/locale';
import type { CheckResult, PracticeScore } from '../../shared/practice';
import { actionLabel } from './action-label';

function Check({ c, locale }: { c: CheckResult; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <li className={c.passed ? 'check-ok' : `check-failed check-${c.severity}`} data-check={c.id} data-passed={c.passed ? 'true' : 'false'} title={c.feedback[locale]}>
      <span aria-hidden="true">{c.passed ? '✓' : '✗'}</span> {t(`practice.check.${c.id}`)}
      {c.ruleIds.map((r) => (
        <span key={r} className="rule-id">
          {r}
        </span>
      ))}
    </li>
  );
}

/** A practice attempt's score: the total, what to improve, what went well, and every step's checks. */
/** `title`: the heading (default "Your score", for the trainee's own result; a trainer reads someone else's). */
export function ScoreSummary({ score, locale, title }: { score: PracticeScore; locale: Locale; title?: string }) {
  const { t } = useTranslation();
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  return (
    <section className="score-summary" aria-labelledby="score-title" data-testid="score-summary" data-score={score.score} data-passed={score.passed ? 'true' : 'false'}>
      <header className="score-head">
        <h2 id="score-title">{title ?? t('practice.score.title')}</h2>
        <strong className={`score-badge ${score.passed ? 'passed' : 'failed'}`} data-testid="score-value">
          {score.score}
        </strong>
        <span>{score.passed ? t('practice.score.passed') : t('practice.score.failed')}</span>
      </header>
      <p className="score-meta">
        {score.outcome ? t('practice.score.outcome', { outcome: t(`outcome.names.${score.outcome}`) }) : t('practice.score.noOutcome')}
        {' · '}
        {t('practice.score.duration', { seconds: seconds(score.durationMs) })}
        {score.customerHungUp && ` · ${t('practice.score.hungUp')}`}
      </p>
      {score.improvements.length > 0 && (
        <>
          <h3>{t('practice.score.improve')}</h3>
          <ol className="improvements" data-testid="improvements">
            {score.improvements.map((x) => (
              <li key={x.en}>{x[locale]}</li>
            ))}
          </ol>
        </>
      )}
      {score.strengths.length > 0 && (
        <>
          <h3>{t('practice.score.strengths')}</h3>
          <ul className="strengths">
            {score.strengths.map((x) => (
              <li key={x.en}>{x[locale]}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('practice.score.steps')}</h3>
      <table className="steps-table">
        <thead>
          <tr>
            <th scope="col">{t('practice.score.step')}</th>
            <th scope="col">{t('practice.score.action')}</th>
            <th scope="col">{t('practice.score.expected')}</th>
            <th scope="col">{t('practice.score.time')}</th>
            <th scope="col">{t('practice.score.checks')}</th>
          </tr>
        </thead>
        <tbody>
          {score.steps.map((s) => (
            <tr key={s.seq} data-step={s.stepId}>
              <td>
                {s.seq + 1}. {stepTitle({ kind: s.action, ruleIds: s.ruleIds }, t)}
                {s.ruleIds.map((r) => (
                  <span key={r} className="rule-id">
                    {r}
                  </span>
                ))}
              </td>
              <td>{actionLabel(s.action, t)}</td>
              <td>{s.expected ? s.expected.map((k) => actionLabel(k, t)).join(' / ') : '—'}</td>
              <td>{t('practice.score.stepSeconds', { seconds: seconds(s.durationMs) })}</td>
              <td>
                <ul className="checks">
                  {s.checks.map((c) => (
                    <Check key={`${c.id}-${c.reason}`} c={c} locale={locale} />
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('practice.score.call')}</h3>
      <ul className="checks">
        {score.callChecks.map((c) => (
          <Check key={`${c.id}-${c.reason}`} c={c} locale={locale} />
        ))}
      </ul>
    </section>
  );
}
