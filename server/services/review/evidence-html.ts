import type { EvidenceBundle } from '../../../shared/api/evidence';
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

/**
 * A readable, print-to-PDF friendly summary of an evidence bundle: who, which consents, every dial
 * attempt with the gate's reasons, the calls, every recorded event with the exact text the agent saw
 * (UTC and the callee's local time), the opt-outs, and the ledger check. All data is escaped.
 */
export function evidenceHtml(b: MaskedEvidenceBundle, locale: Locale): string {
  const l = EVIDENCE_LABELS[locale];
  const src = b.lead.source;
  const source = src.kind === 'own_customer' ? `${l.sourceOwn}: ${src.description}` : `${l.sourceThirdParty}: ${src.providerName} (${src.reference}, ${src.consentDate}) — ${src.description}`;
  const v = b.chainProof.entriesVerified;
  const sections = [
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
    `<h2>${esc(l.events)}</h2>` +
      table(
        l,
        [l.seq, l.occurredUtc, l.occurredLocal, l.script, l.step, l.answer, l.text, l.received, l.ledger],
        b.events.map(({ event: e, receivedAt, ledgerSeq, entryHash }) => [
          esc(e.seq),
          esc(e.occurredAt),
          `${esc(wallClock(e.occurredAt, e.calleeTimeZone))}<br>${esc(e.calleeTimeZone)}`,
          `${esc(e.scriptId)} v${esc(e.scriptVersion)}`,
          `${esc(e.stepId)}<br>${esc(e.ruleIds.join(' '))}`,
          `${esc(e.kind)}: <strong>${esc(e.answer)}</strong>`,
          `<div class="prompt">${esc(e.promptText)}</div><div class="mono">SHA-256 ${esc(e.promptSha256)}</div>`,
          esc(receivedAt),
          `${esc(ledgerSeq)}<div class="mono">${esc(entryHash.slice(0, 16))}…</div>`,
        ]),
      ),
    `<h2>${esc(l.optOuts)}</h2>` +
      table(
        l,
        [l.at, l.channel, l.withdrawnGrants, l.noticeDueBy],
        b.optOuts.map((o) => [esc(o.at), esc(o.channel), esc(o.withdrawnGrantIds.length), esc(o.noticeDueBy)]),
      ),
    `<h2>${esc(l.chain)}</h2><dl>
<dt>${esc(l.algorithm)}</dt><dd class="mono">${esc(b.chainProof.algorithm)}</dd>
<dt>${esc(l.head)}</dt><dd class="mono">${b.chainProof.head ? `${esc(b.chainProof.head.seq)} / ${esc(b.chainProof.head.hash)}` : '—'}</dd>
<dt>${esc(l.entriesVerified)}</dt><dd class="${v ? 'ok' : 'bad'}">${esc(v ? l.verifiedYes : l.verifiedNo)} (${esc(b.chainProof.entries.length)})</dd></dl>`,
    `<h2>${esc(l.generated)}</h2><dl>
<dt>${esc(l.generatedAt)}</dt><dd>${esc(b.generatedAt)}</dd>
<dt>${esc(l.generatedBy)}</dt><dd>${esc(b.generatedBy)}</dd>
<dt>${esc(l.reason)}</dt><dd>${esc(b.reason)}</dd></dl>`,
  ];
  return `<!doctype html>
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
${sections.join('\n')}
</body>
</html>
`;
}
