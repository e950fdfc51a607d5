import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationSummary } from '../../shared/api/qa';
import type { Locale } from '../../shared/domain/locale';
import { questionsOf } from '../../shared/qa';
import { getBridge, unwrap } from '../bridge';
import { errorText, toUiError, type UiError } from '../errors';
import { useDesk } from '../desk/context';
import { shortDateTime } from '../review/format';
import './scores.css';


function Verdict({ e }: { readonly e: EvaluationSummary }) {
  const { t } = useTranslation();
  return (
    <span className={`score-verdict ${e.passed ? 'ok' : 'error'}`}>
      <strong>{t('scores.percent', { n: e.percent })}</strong> {e.passed ? t('scores.passed') : e.autoFailed ? t('scores.autoFailed') : t('scores.belowPass')}
    </span>
  );
}

/** One evaluation in full: the score, the lead's comment, each section and each answer beside what the evidence said. */
function EvaluationDetail({ e, locale, onBack }: { readonly e: Evaluation; readonly locale: Locale; readonly onBack: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [e.id]);
  const answers = new Map(e.answers.map((a) => [a.questionId, a] as const));
  const texts = new Map(questionsOf(e.scorecard).map(({ question }) => [question.id, question.text[locale]] as const));
  return (
    <article className="score-detail" aria-labelledby="score-detail-title" data-testid="score-detail">
      <h2 id="score-detail-title" ref={heading} tabIndex={-1}>
        {t('scores.call', { at: shortDateTime(e.callStartedAt, locale) })} · <Verdict e={e} />
      </h2>
      <p className="muted">
        {t('scores.scorecard', { title: e.scorecard.title[locale], version: e.scorecardVersion })} · {t('scores.by', { name: e.evaluatorName, at: shortDateTime(e.createdAt, locale) })}
      </p>
      <h3>{t('scores.comment')}</h3>
      <blockquote className="score-comment" data-testid="score-comment">
        {e.comment || t('scores.noComment')}
      </blockquote>
      {e.failedItems.length > 0 && (
        <p className="error" data-testid="score-failed-items">
          {t('scores.failedItems', { items: e.failedItems.map((id) => texts.get(id) ?? id).join(', ') })}
        </p>
      )}
      <h3>{t('scores.sections')}</h3>
      <ul className="score-sections">
        {e.scorecard.sections.map((s) => {
          const pct = e.sections.find((x) => x.sectionId === s.id)?.percent ?? null;
          return <li key={s.id}>{pct === null ? t('scores.sectionNa', { title: s.title[locale] }) : t('scores.section', { title: s.title[locale], n: t('scores.percent', { n: pct }) })}</li>;
        })}
      </ul>
      {e.scorecard.sections.map((s) => (
        <section key={s.id} className="score-section" aria-label={s.title[locale]}>
          <h3>{s.title[locale]}</h3>
          <ol>
            {s.questions.map((q) => {
              const a = answers.get(q.id);
              if (!a) return null;
              const value = typeof a.value === 'number' ? `${a.value} / ${q.kind === 'scale' ? q.max : ''}` : t(`review.qa.values.${a.value}`);
              return (
                <li key={q.id} data-testid="score-answer" data-question-id={q.id} className={a.value === 'no' ? 'answer-no' : undefined}>
                  <p className="score-q">{q.text[locale]}</p>
                  <p>{t('scores.answer', { value })}</p>
                  {a.auto && (
                    <p className="muted">
                      {t('scores.evidence', { value: t(`review.qa.values.${a.auto.value}`), why: t(`review.qa.reasons.${a.auto.reason}`, { ...(a.auto.params ?? {}) }) })}
                      {a.overridden && ` ${t('scores.overridden')}`}
                    </p>
                  )}
                  {a.comment && <blockquote className="score-comment">{a.comment}</blockquote>}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <button type="button" className="btn" onClick={onBack} data-testid="score-back">
        {t('scores.back')}
      </button>
    </article>
  );
}

/**
 * The agent's own QA scores (issue 15 item 4): every evaluation of their calls, newest first, with the
 * lead's comment; one opens in full. The server returns an agent's own evaluations only.
 */
export function MyScoresView() {
  const { t } = useTranslation();
  const locale = useDesk((s) => s.settings.locale);
  const [items, setItems] = useState<readonly EvaluationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [open, setOpen] = useState<Evaluation | null>(null);
  const bridge = getBridge();

  const load = (after: string | null): void => {
    unwrap(bridge.qa.evaluations({ limit: 50, ...(after ? { cursor: after } : {}) })).then(
      (r) => {
        setItems((prev) => (after ? [...(prev ?? []), ...r.items] : r.items));
        setCursor(r.nextCursor);
      },
      (err: unknown) => setError(toUiError(err)),
    );
  };
  useEffect(() => load(null), []);

  const show = (id: string): void => {
    unwrap(bridge.qa.evaluation({ id })).then(setOpen, (err: unknown) => setError(toUiError(err)));
  };

  return (
    <main className="scores" aria-labelledby="scores-title" data-testid="scores">
      <h1 id="scores-title">{t('scores.title')}</h1>
      {error && (
        <p role="alert" className="error">
          {t('scores.failed', { message: errorText(error, t) })}
        </p>
      )}
      {open ? (
        <EvaluationDetail e={open} locale={locale} onBack={() => setOpen(null)} />
      ) : (
        <>
          <p className="muted">{t('scores.intro')}</p>
          {items === null && !error && <p aria-busy="true">{t('scores.loading')}</p>}
          {items?.length === 0 && <p data-testid="scores-empty">{t('scores.empty')}</p>}
          {items && items.length > 0 && (
            <ul className="score-list">
              {items.map((e) => (
                <li key={e.id}>
                  <button type="button" className="score-item" onClick={() => show(e.id)} data-testid="score-item" data-evaluation-id={e.id}>
                    <span className="score-when">{t('scores.call', { at: shortDateTime(e.callStartedAt, locale) })}</span>
                    <Verdict e={e} />
                    <span className="muted">{t('scores.by', { name: e.evaluatorName, at: shortDateTime(e.createdAt, locale) })}</span>
                    {e.comment && <span className="score-excerpt">{e.comment}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {cursor && (
            <button type="button" className="btn" onClick={() => load(cursor)}>
              {t('scores.more')}
            </button>
          )}
        </>
      )}
    </main>
  );
}
