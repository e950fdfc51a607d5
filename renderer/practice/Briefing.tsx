import { useTranslation } from 'react-i18next';
import type { LeadCard } from '../../shared/api/campaigns';
import type { Locale } from '../../shared/domain/locale';
import type { Settings } from '../../shared/ipc/settings';
import { maskNumber } from '../../shared/domain/phone-number';
import { LeadCardView } from '../components/LeadCardView';
import { Kbd } from '../components/Kbd';
import { useHotkeys } from '../hotkeys';
import { errorText } from '../errors';
import type { Trainee } from '../state/practice-slice';
import { usePractice, usePracticeNow } from './use-practice';

/**
 * Before the practice call: the persona, how the call is practised, and the simulated lead on the real
 * lead card with the same gate. One clock: the card shows the customer's local time at the scenario's
 * hour, the hour the gate judges.
 */
export function Briefing(p: { trainee: Trainee; locale: Locale; hotkeys: Settings['hotkeys'] }) {
  const { t } = useTranslation();
  const practice = usePracticeNow();
  const scenario = usePractice((s) => s.scenario);
  const setup = usePractice((s) => s.setup);
  const verdict = usePractice((s) => s.verdict);
  const speakAloud = usePractice((s) => s.speakAloud);
  const hasVoice = practice().hasVoice(p.locale);
  const mode = usePractice((s) => s.mode);
  const voiceError = usePractice((s) => s.voiceError);
  usePractice((s) => s.line); // re-render once the line is known
  const voiceOk = practice().voiceAvailable(p.locale);
  const active = mode === 'voice' && voiceOk ? 'voice' : 'text';
  const allowed = verdict?.allowed === true;
  const start = (): void => practice().start(p.trainee, p.locale);
  useHotkeys({ [p.hotkeys.dial]: allowed ? start : undefined, [p.hotkeys.hangUp]: () => practice().back() });
  if (!scenario || !setup || !verdict) return null;
  const { phoneE164, ...lead } = setup.lead;
  const card: LeadCard = { lead: { ...lead, maskedNumber: maskNumber(phoneE164) }, grants: [...setup.grants], refusals: [], verdict: { ...verdict, reasons: [...verdict.reasons] }, onInternalDnc: false };
  return (
    <div className="practice-grid" data-testid="briefing">
      <section className="practice-panel" aria-labelledby="brief-title">
        <h2 id="brief-title">{scenario.title[p.locale]}</h2>
        <p className="briefing-text">{scenario.briefing[p.locale]}</p>
        <h3>{t('practice.brief.persona')}</h3>
        <p>
          <strong>{scenario.persona.name[p.locale]}</strong> — {scenario.persona.description[p.locale]}
        </p>
        <h3 id="brief-mode">{t('practice.brief.mode')}</h3>
        {voiceOk && (
          <div role="radiogroup" aria-labelledby="brief-mode" className="inline-check">
            {(['text', 'voice'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="practice-mode" checked={active === m} onChange={() => practice().setMode(m, p.locale)} data-testid={`mode-${m}`} />{' '}
                {t(m === 'voice' ? 'practice.brief.chooseVoice' : 'practice.brief.chooseText')}
              </label>
            ))}
          </div>
        )}
        <p data-testid="practice-mode" data-mode={active}>
          {t(active === 'voice' ? 'practice.brief.modeVoice' : 'practice.brief.modeText')}
        </p>
        {!voiceOk && (
          <p className="muted" data-testid="no-voice-call">
            {t('practice.brief.noVoiceCall')}
          </p>
        )}
        {voiceError && (
          <p className="error" role="alert" data-testid="voice-error">
            {errorText(voiceError, t)}
          </p>
        )}
        {active === 'voice' ? null : hasVoice ? (
          <label className="inline-check">
            <input type="checkbox" checked={speakAloud} onChange={(e) => practice().setSpeakAloud(e.target.checked)} data-testid="speak-aloud" /> {t('practice.brief.speakAloud')}
          </label>
        ) : (
          <p className="muted" data-testid="no-voice">
            {t('practice.brief.noVoice')}
          </p>
        )}
        <div className="call-controls">
          <button type="button" className="btn btn-primary" disabled={!allowed} onClick={start} data-testid="practice-start" aria-keyshortcuts={p.hotkeys.dial}>
            {t('practice.brief.start')} <Kbd k={p.hotkeys.dial} />
          </button>
          <button type="button" className="btn btn-neutral" onClick={() => practice().back()} aria-keyshortcuts={p.hotkeys.hangUp}>
            {t('practice.brief.back')} <Kbd k={p.hotkeys.hangUp} />
          </button>
        </div>
        {!allowed && <p className="error">{t('practice.brief.refused')}</p>}
      </section>
      <section className="practice-panel" aria-label={t('practice.brief.gate')}>
        <h3>{t('practice.brief.gate')}</h3>
        {verdict.localTime && (
          <p className="muted" data-testid="practice-local-time">
            {t('practice.brief.localTime', { time: verdict.localTime.slice(11, 16) })}
          </p>
        )}
        <LeadCardView card={card} locale={p.locale} at={setup.gateInput.now} />
      </section>
    </div>
  );
}
