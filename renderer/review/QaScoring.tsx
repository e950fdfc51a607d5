import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationSummary, QaAutofillResponse, ScorecardSummary, ScorecardVersion } from '../../shared/api/qa';
import type { Locale } from '../../shared/domain/locale';
import { checkAnswers, questionsOf, scoreEvaluation, type QaAnswerValue, type QaQuestion } from '../../shared/qa';
import { getBridge, unwrap } from '../bridge';
import { errorText, toUiError, type UiError } from '../errors';
import { shortDateTime } from './format';

export interface QaScoringProps {
  readonly callId: string;
  readonly locale: Locale;
}


/** The values a question can take, in the order the form offers them. */
function choicesOf(q: QaQuestion): QaAnswerValue[] {
  const base: QaAnswerValue[] = q.kind === 'yes_no' ? ['yes', 'no'] : Array.from({ length: q.max + 1 }, (_, i) => i);
  return q.allowNa ? [...base, 'na'] : base;
}

/**
 * Scoring a call while listening to it (issue 15 item 4): the lead picks a scorecard, the call's
 * evidence pre-fills the questions it can answer (and says why), the lead answers the rest, may
 * override a proposal (the server keeps both), comments, and sends. The score shown while answering is
 * the shared pure scoring; the one stored is the server's. Earlier evaluations of the call are listed.
 */
export function QaScoring({ callId, locale }: QaScoringProps) {
  const { t } = useTranslation();
  const [cards, setCards] = useState<readonly ScorecardSummary[]>([]);
  const [cardId, setCardId] = useState<string>('');
  const [version, setVersion] = useState<ScorecardVersion | null>(null);
  const [autofill, setAutofill] = useState<QaAutofillResponse | null>(null);
  const [answers, setAnswers] = useState<ReadonlyMap<string, QaAnswerValue>>(new Map());
  const [comments, setComments] = useState<Readonly<Record<string, string>>>({});
  const [comment, setComment] = useState('');
  const [past, setPast] = useState<readonly EvaluationSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [saved, setSaved] = useState<EvaluationSummary | null>(null);
  const [open, setOpen] = useState(false);
  const bridge = getBridge();

  useEffect(() => {
    let live = true;
    setSaved(null);
    setOpen(false);
    unwrap(bridge.qa.evaluations({ call: callId, limit: 20 })).then((r) => live && setPast(r.items), (err: unknown) => live && setError(toUiError(err)));
    return () => {
      live = false;
    };
  }, [bridge, callId]);

  useEffect(() => {
    if (!open || cards.length > 0) return;
    unwrap(bridge.qa.scorecards(undefined)).then(
      (r) => {
        setCards(r.items);
        setCardId((c) => c || (r.items[0]?.id ?? ''));
      },
      (err: unknown) => setError(toUiError(err)),
    );
  }, [bridge, open, cards.length]);

  useEffect(() => {
    if (!open || !cardId) return undefined;
    let live = true;
    setVersion(null);
    setAutofill(null);
    (async () => {
      const v = await unwrap(bridge.qa.scorecard({ id: cardId }));
      const a = await unwrap(bridge.qa.autofill({ callId, scorecardId: cardId, version: v.version }));
      if (!live) return;
      setVersion(v);
      setAutofill(a);
      setAnswers(new Map(a.proposals.map((p) => [p.questionId, p.value] as const)));
      setComments({});
    })().catch((err: unknown) => live && setError(toUiError(err)));
    return () => {
      live = false;
    };
  }, [bridge, open, cardId, callId]);

  const proposals = useMemo(() => new Map((autofill?.proposals ?? []).map((p) => [p.questionId, p] as const)), [autofill]);
  const complete = version ? checkAnswers(version.definition, answers).length === 0 : false;
  const preview = version && complete ? scoreEvaluation(version.definition, answers) : null;

  const submit = async (): Promise<void> => {
    if (!version) return;
    setBusy(true);
    setError(null);
    try {
      const evaluation = await unwrap(
        bridge.qa.evaluate({
          callId,
          scorecardId: version.scorecardId,
          scorecardVersion: version.version,
          answers: [...answers].map(([questionId, value]) => ({ questionId, value, ...(comments[questionId] ? { comment: comments[questionId] } : {}) })),
          comment,
        }),
      );
      setSaved(evaluation);
      setPast((p) => [evaluation, ...p]);
      setOpen(false);
      setComment('');
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="qa-scoring" aria-labelledby="qa-title" data-testid="qa-scoring">
      <h3 id="qa-title">{t('review.qa.title')}</h3>
      {past.length > 0 && (
        <ul className="qa-past" data-testid="qa-past">
          {past.map((e) => (
            <li key={e.id} data-testid="qa-past-item">
              <strong className={e.passed ? 'ok' : 'error'}>{t('review.qa.percent', { n: e.percent })}</strong> {e.passed ? t('review.qa.passed') : e.autoFailed ? t('review.qa.autoFailed') : t('review.qa.failed')}
              <span className="muted"> · {t('review.qa.version', { title: e.scorecardTitle[locale], version: e.scorecardVersion })} · {e.evaluatorName} · {shortDateTime(e.createdAt, locale)}</span>
            </li>
          ))}
        </ul>
      )}
      {saved && (
        <p role="status" className="notice" data-testid="qa-saved">
          {t('review.qa.saved', { n: saved.percent })}
        </p>
      )}
      {!open ? (
        <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="qa-start">
          {t('review.qa.start')}
        </button>
      ) : (
        <form
          className="qa-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            {t('review.qa.scorecard')}
            <select value={cardId} onChange={(e) => setCardId(e.target.value)} data-testid="qa-scorecard">
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('review.qa.version', { title: c.title[locale], version: c.currentVersion })}
                </option>
              ))}
            </select>
          </label>
          {!version && <p aria-busy="true">{t('review.qa.loading')}</p>}
          {version?.definition.sections.map((section) => (
            <fieldset key={section.id} className="qa-section">
              <legend>{section.title[locale]}</legend>
              {section.questions.map((q) => {
                const p = proposals.get(q.id);
                const value = answers.get(q.id);
                return (
                  <div key={q.id} className="qa-question" data-testid="qa-question" data-question-id={q.id}>
                    <fieldset>
                      <legend>
                        {q.text[locale]}
                        {q.kind === 'yes_no' && q.autoFail && <span className="flag flag-opt_out">{t('review.qa.autoFailItem')}</span>}
                      </legend>
                      <div className="qa-choices">
                        {choicesOf(q).map((c) => (
                          <label key={String(c)} className="qa-choice">
                            <input
                              type="radio"
                              name={`qa-${q.id}`}
                              value={String(c)}
                              checked={value === c}
                              onChange={() => setAnswers((m) => new Map(m).set(q.id, c))}
                            />
                            {typeof c === 'number' ? String(c) : t(`review.qa.values.${c}`)}
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    {p && (
                      <p className={`muted qa-evidence${value !== undefined && value !== p.value ? ' overridden' : ''}`} data-testid="qa-evidence">
                        {t('review.qa.evidence', { value: t(`review.qa.values.${p.value}`), why: t(`review.qa.reasons.${p.reason}`, { ...(p.params ?? {}) }) })}
                        {value !== undefined && value !== p.value && ` ${t('review.qa.overridden')}`}
                      </p>
                    )}
                    <input
                      type="text"
                      className="qa-comment"
                      aria-label={t('review.qa.questionComment', { question: q.text[locale] })}
                      placeholder={t('review.qa.commentPlaceholder')}
                      value={comments[q.id] ?? ''}
                      maxLength={4000}
                      onChange={(e) => setComments((c) => ({ ...c, [q.id]: e.target.value }))}
                    />
                  </div>
                );
              })}
            </fieldset>
          ))}
          {version && (
            <>
              <label>
                {t('review.qa.comment')}
                <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={4000} data-testid="qa-comment" />
              </label>
              <p role="status" className="qa-preview" data-testid="qa-preview">
                {preview
                  ? t(preview.passed ? 'review.qa.previewPass' : preview.autoFailed ? 'review.qa.previewAutoFail' : 'review.qa.previewFail', { n: preview.percent, pass: version.definition.passPercent })
                  : t('review.qa.incomplete', { n: questionsOf(version.definition).filter(({ question }) => !answers.has(question.id)).length })}
              </p>
              <div className="dialog-actions">
                <button type="button" className="btn" onClick={() => setOpen(false)} disabled={busy}>
                  {t('review.export.cancel')}
                </button>
                <button type="submit" className="btn btn-primary" disabled={busy || !complete} data-testid="qa-submit">
                  {t('review.qa.submit')}
                </button>
              </div>
            </>
          )}
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {t('review.loadFailed', { message: errorText(error, t) })}
        </p>
      )}
    </section>
  );
}
