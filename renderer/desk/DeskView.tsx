import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isCallOpen } from '../state/call-controller';
import { useHotkeys } from '../hotkeys';
import { CallPanel } from './CallPanel';
import { useDesk } from './context';
import { LeadPanel, useDialBlock } from './LeadPanel';
import { scriptButtons } from './script-buttons';

/**
 * The agent's desk at 1366x768 without scrolling: the lead (card, verdict, dial) and the phone on the
 * left, the script (or the acknowledgement to read, or the wrap-up) on the right. Keyboard first: one
 * key per action; when the call connects, focus goes to the script's first answer.
 */
export function DeskView() {
  const { t } = useTranslation();
  const call = useDesk((s) => s.call);
  const hotkeys = useDesk((s) => s.settings.hotkeys);
  const locale = useDesk((s) => s.settings.locale);
  const canNext = useDesk((s) => s.campaignId !== null && s.leadPhase !== 'loading');
  const outbox = useDesk((s) => s.outbox);
  const { dial, hangUp, act, acknowledge, nextLead } = useDesk((s) => s);
  const block = useDialBlock();
  const scriptRef = useRef<HTMLDivElement>(null);

  const run = call.run;
  const step = run && call.runSnapshot ? run.currentStep : null;
  const { buttons, endings, pitch } =
    step && run && call.phase === 'connected' ? scriptButtons(step, run.availableActions, locale, hotkeys, t) : { buttons: [], endings: [], pitch: undefined };

  const keys: Record<string, (() => void) | undefined> = {};
  if (!call.saving) for (const b of [...buttons, ...endings, ...(pitch ? [pitch] : [])]) if (b.hotkey) keys[b.hotkey] = () => void act(b.action);
  if (block === null) keys[hotkeys.dial] = () => void dial();
  if (call.phase === 'dialing' || call.phase === 'ringing' || call.phase === 'connected' || call.phase === 'closing') keys[hotkeys.hangUp] = () => void hangUp();
  if (call.phase === 'closing') keys[hotkeys.confirm] = () => void acknowledge();
  if (!isCallOpen(call.phase) && canNext) keys[hotkeys.nextLead] = () => void nextLead();
  useHotkeys(keys);

  // Focus follows the call: the script's first answer when it connects (and after each answer), the
  // acknowledgement's button when the run ended.
  const focusKey = `${call.phase}:${call.runSnapshot?.seq ?? -1}:${call.saving ? 1 : 0}`;
  useEffect(() => {
    if (call.saving) return;
    const root = scriptRef.current;
    if (!root) return;
    const target =
      call.phase === 'connected'
        ? root.querySelector<HTMLButtonElement>('.answers button:not(:disabled), .pitch-button:not(:disabled)')
        : call.phase === 'closing'
          ? root.querySelector<HTMLButtonElement>('[data-testid=acknowledge]')
          : null;
    target?.focus();
  }, [focusKey, call.phase, call.saving]);

  return (
    <div className="desk" data-phase={call.phase}>
      {outbox.lastError && outbox.pending > 0 && (
        <p className="banner banner-warn" role="status" data-testid="api-down">
          {t('status.apiDown')}
        </p>
      )}
      <main className="desk-main" aria-labelledby="desk-title">
        <h1 id="desk-title" className="visually-hidden">
          {t('desk.title')}
        </h1>
        <LeadPanel />
        <CallPanel ref={scriptRef} buttons={buttons} endings={endings} pitch={pitch} />
      </main>
    </div>
  );
}
