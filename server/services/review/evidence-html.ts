import type { TimelineEntry } from '../../../shared/api/calls';
import type { EvidenceBundle, EvidenceConsentProof } from '../../../shared/api/evidence';
import { LEDGER_ALGORITHM } from '../../ledger/hash';
import type { EvidenceHeader } from '../evidence';
import type { LeadView } from '../../../shared/domain/lead';
import type { Locale } from '../../../shared/domain/locale';
import { maskNumber } from '../../../shared/domain/phone-number';
import { EVIDENCE_LABELS, type EvidenceLabels } from './evidence-labels';
import { wallClock } from './timeline';

/** The evidence bundle as the desktop may keep it: the person's number masked, everything else as recorded. */
export type MaskedEvidenceBundle = Omit<EvidenceBundle, 'lead'> & { lead: LeadView };

export function maskBundle(b: EvidenceBundle): MaskedEvidenceBundle {
  const { phoneE164, ...lead } = b.lead;
  return { ...b, lead: { ...lead, maskedNumber: maskNumber(phoneE164) } };
}

/** HTML text escaping for element content and double-quoted attributes. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function table(l: EvidenceLabels, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `<p class="none">${esc(l.none)}</p>`;
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
@page { size: A4; margin: 14mm; }
body { font-family: 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', system-ui, sans-serif; color: #1b1f24; margin: 2rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 .3rem; } h2 { font-size: 13pt; border-bottom: 2px solid #1b1f24; padding-bottom: .15rem; margin: 1.4rem 0 .5rem; }
p.intro { color: #4a5360; margin: 0 0 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; } dt { color: #4a5360; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { border: 1px solid #9aa3ad; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; } tr { page-break-inside: avoid; }
.prompt { white-space: pre-wrap; } .mono { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 8.5pt; word-break: break-all; }
.none { color: #4a5360; font-style: italic; } .bad { color: #b3261e; font-weight: bold; } .ok { color: #1e7b34; font-weight: bold; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
`;

/** The bundle without its events and links, masked (what an export holds in memory). */
export type MaskedEvidenceHeader = Omit<EvidenceHeader, 'lead'> & { lead: LeadView };

export function maskHeader(h: EvidenceHeader): MaskedEvidenceHeader {
  const { phoneE164, ...lead } = h.lead;
  return { ...h, lead: { ...lead, maskedNumber: maskNumber(phoneE164) } };
}

/** What the summary says about the ledger entries once they were all read. */
export interface HtmlProof {
  readonly verified: boolean;
  readonly entries: number;
}

const EVENT_HEADERS = (l: EvidenceLabels): string[] => [l.seq, l.occurredUtc, l.occurredLocal, l.script, l.step, l.answer, l.text, l.received, l.ledger];

function eventCells({ event: e, receivedAt, ledgerSeq, entryHash }: TimelineEntry): string[] {
  return [
    esc(e.seq),
    esc(e.occurredAt),
    `${esc(wallClock(e.occurredAt, e.calleeTimeZone))}<br>${esc(e.calleeTimeZone)}`,
    `${esc(e.scriptId)} v${esc(e.scriptVersion)}`,
    `${esc(e.stepId)}<br>${esc(e.ruleIds.join(' '))}`,
    `${esc(e.kind)}: <strong>${esc(e.answer)}</strong>`,
    `<div class="prompt">${esc(e.promptText)}</div><div class="mono">SHA-256 ${esc(e.promptSha256)}</div>`,
    esc(receivedAt),
    `${esc(ledgerSeq)}<div class="mono">${esc(entryHash.slice(0, 16))}…</div>`,
  ];
}

/** EU-ART7: one consent proof as table cells (who, exact text with script version and hash, when, how, withdrawal). */
function proofCells(l: EvidenceLabels, p: EvidenceConsentProof): string[] {
  const withdrawal =
    p.withdrawal.explained === null
      ? esc(l.explainedUnknown)
      : p.withdrawal.explained
        ? `<span class="ok">${esc(p.withdrawal.where === 'consent_text' ? l.explainedInText : l.explainedEarlier)}</span>`
        : `<span class="bad">${esc(l.notExplained)}</span>`;
  return [
    esc(p.consentKind),
    p.result === 'granted' ? esc(l.granted) : `<span class="bad">${esc(l.notGranted)}</span>`,
    `${esc(p.who.name)} <span class="mono">${esc(p.who.leadId)}</span><br>${esc(p.who.agentId ?? '—')}`,
    p.what
      ? `<div class="prompt">${esc(p.what.text)}</div><div class="mono">${esc(p.what.scriptId)} v${esc(p.what.scriptVersion)} · ${esc(p.what.stepId)} · ${esc(p.what.locale)}<br>SHA-256 ${esc(p.what.sha256)}</div>`
      : '—',
    `${esc(p.when.at)}<br>${esc(wallClock(p.when.at, p.when.calleeTimeZone))} ${esc(p.when.calleeTimeZone)}`,
    p.how.channel === 'oral_in_call'
      ? `${esc(l.oralInCall)}<div class="mono">call ${esc(p.how.callId)}<br>SIP ${esc(p.how.sipCallId ?? '—')}<br>ledger ${esc(p.how.ledgerSeq)}</div>`
      : `${esc(l.imported)}<div class="mono">${esc(p.how.evidenceRef)}</div>`,
    `${withdrawal}${p.withdrawal.withdrawnAt ? `<br>${esc(l.withdrawnOn)} ${esc(p.withdrawal.withdrawnAt)}` : ''}`,
  ];
}

/**
 * A readable, print-to-PDF friendly summary of an evidence bundle, in pieces so it can be written while
 * the events are read: who, which consents, every dial attempt with the gate's reasons, the calls, every
 * recorded event with the exact text the agent saw (UTC and the callee's local time), the opt-outs, and
 * the ledger check. All data is escaped.
 */
export function evidenceHtmlParts(b: MaskedEvidenceHeader, locale: Locale) {
  const l = EVIDENCE_LABELS[locale];
  const src = b.lead.source;
  const source = src.kind === 'own_customer' ? `${l.sourceOwn}: ${src.description}` : `${l.sourceThirdParty}: ${src.providerName} (${src.reference}, ${src.consentDate}) — ${src.description}`;
  const before = [
    `<h2>${esc(l.person)}</h2><dl>
<dt>${esc(l.leadId)}</dt><dd class="mono">${esc(b.lead.id)}</dd>
<dt>${esc(l.name)}</dt><dd>${esc(b.lead.name)}</dd>
<dt>${esc(l.number)}</dt><dd>${esc(b.lead.maskedNumber)}</dd>
<dt>${esc(l.timeZone)}</dt><dd>${esc(b.lead.timeZone)}</dd>
<dt>${esc(l.source)}</dt><dd>${esc(source)}</dd></dl>`,
    `<h2>${esc(l.grants)}</h2>` +
      table(
        l,
        [l.kind, l.recipients, l.purpose, l.grantedAt, l.reconfirmedAt, l.withdrawnAt],
        b.grants.map((g) => [esc(g.kind), esc(g.recipients.join(', ')), esc(g.purpose), esc(g.grantedAt), esc(g.reconfirmedAt ?? '—'), esc(g.withdrawnAt ?? '—')]),
      ),
    `<h2 id="consent-refusals">${esc(l.refusals)}</h2><p class="intro">${esc(l.refusalsIntro)}</p>` +
      table(
        l,
        [l.kind, l.refusedTo, l.refusedAt, l.refusalCall, l.withdrawnGrants, l.refusalForm],
        b.refusals.map((r) => [
          esc(r.kind),
          esc(r.recipients.join(', ')),
          esc(r.refusedAt),
          `<div class="mono">call ${esc(r.callId)}<br>event ${esc(r.eventId)}</div>`,
          esc(r.withdrawnGrantIds.join(', ') || '—'),
          r.form === 'legacy_grant' ? `${esc(l.formLegacy)}<div class="mono">${esc(r.legacyGrantId)}</div>` : esc(l.formRefusal),
        ]),
      ),
    `<h2 id="consent-proofs">${esc(l.proofs)}</h2><p class="intro">${esc(l.proofsIntro)}</p>` +
      table(
        l,
        [l.kind, l.proofResult, l.proofWho, l.proofWhat, l.proofWhen, l.proofHow, l.proofWithdrawal],
        b.consentProofs.map((p) => proofCells(l, p)),
      ),
    `<h2>${esc(l.attempts)}</h2>` +
      table(
        l,
        [l.at, l.agent, l.verdict, l.reasons],
        b.dialAttempts.map((a) => [esc(a.at), esc(a.agentId), a.allowed ? esc(l.allowed) : `<span class="bad">${esc(l.refused)}</span>`, esc(a.reasons.map((r) => r.code).join(', ') || '—')]),
      ),
    `<h2>${esc(l.calls)}</h2>` +
      table(
        l,
        [l.started, l.agent, l.outcome, l.duration, l.flags],
        b.calls.map((c) => [esc(c.startedAt), esc(c.agentId), esc(c.outcome ?? c.state), esc(c.durationSec ?? '—'), esc(c.flags.join(', ') || '—')]),
      ),
    `<h2>${esc(l.events)}</h2>`,
  ];
  const head = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(l.title)} — ${esc(b.lead.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(l.title)}</h1>
<p class="intro">${esc(l.intro)}</p>
${before.join('\n')}`;
  const tail = (proof: HtmlProof): string => {
    const after = [
      `<h2>${esc(l.optOuts)}</h2>` +
        table(
          l,
          [l.at, l.channel, l.withdrawnGrants, l.noticeDueBy],
          b.optOuts.map((o) => [esc(o.at), esc(o.channel), esc(o.withdrawnGrantIds.length), esc(o.noticeDueBy)]),
        ),
      `<h2>${esc(l.chain)}</h2><dl>
<dt>${esc(l.algorithm)}</dt><dd class="mono">${esc(LEDGER_ALGORITHM)}</dd>
<dt>${esc(l.head)}</dt><dd class="mono">${b.head ? `${esc(b.head.seq)} / ${esc(b.head.hash)}` : '—'}</dd>
<dt>${esc(l.entriesVerified)}</dt><dd class="${proof.verified ? 'ok' : 'bad'}">${esc(proof.verified ? l.verifiedYes : l.verifiedNo)} (${esc(proof.entries)})</dd></dl>`,
      `<h2>${esc(l.generated)}</h2><dl>
<dt>${esc(l.generatedAt)}</dt><dd>${esc(b.generatedAt)}</dd>
<dt>${esc(l.generatedBy)}</dt><dd>${esc(b.generatedBy)}</dd>
<dt>${esc(l.reason)}</dt><dd>${esc(b.reason)}</dd></dl>`,
    ];
    return `\n${after.join('\n')}\n</body>\n</html>\n`;
  };
  return {
    head,
    /** Opens the events table (only when there is at least one event). */
    eventsOpen: `<table><thead><tr>${EVENT_HEADERS(l).map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>\n`,
    eventRows: (entries: readonly TimelineEntry[]): string => entries.map((e) => `<tr>${eventCells(e).map((c) => `<td>${c}</td>`).join('')}</tr>\n`).join(''),
    eventsClose: '</tbody></table>',
    noEvents: `<p class="none">${esc(l.none)}</p>`,
    tail,
  };
}

/** The whole summary of a bundle held in memory. */
export function evidenceHtml(b: MaskedEvidenceBundle, locale: Locale): string {
  const { events, chainProof, ...rest } = b;
  const p = evidenceHtmlParts({ ...rest, head: chainProof.head }, locale);
  const body = events.length === 0 ? p.noEvents : p.eventsOpen + p.eventRows(events) + p.eventsClose;
  return p.head + body + p.tail({ verified: chainProof.entriesVerified, entries: chainProof.entries.length });
}
