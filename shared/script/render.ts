import type { LeadSource } from '../domain/lead';
import { textIn, type LocalizedText, type SpokenLocale } from '../domain/locale';
import type { Campaign, ProvisionRecipient } from '../domain/campaign';
import type { Company } from '../domain/company';
import type { StepCondition, TemplateText } from './definition';
import { recordingNoticeRequired } from './profile-rules';

/**
 * Template rendering over lead data. A script text holds placeholders like `{{companyName}}`; the run
 * renders each text once, in the call's locale, and the exact result is what the agent reads and what a
 * ConsentEvent hashes. Customer names and phone numbers are deliberately not placeholders: rendered
 * texts become evidence, and evidence holds ids, never a name or a number of the person called.
 */

/**
 * The placeholders a script may use:
 * - `companyName`: the calling company (the seller, or the agency calling on its behalf);
 * - `sellerName`: the company whose goods are sold;
 * - `agentName`: the agent's name as said on the phone;
 * - `purpose`, `product`: from the campaign (KR-ID, US-DISC);
 * - `sourceDescription`: how the number was obtained, from the lead's source (KR-SOURCE);
 * - `providerName`, `consentDate`: the provider and the date of the third-party-provision consent,
 *   only for leads from a provider (use them inside `bySource.third_party` texts);
 * - `callbackNumber`: the calling company's contact / free refusal number (US-DISC, KR-OPTOUT);
 * - `recipients`: every company that receives the person's data on a sale, each with purpose, items and
 *   retention (KR-3P), only in a step with `"onlyIf": "recipients"`.
 */
export const PLACEHOLDERS = [
  'companyName',
  'sellerName',
  'agentName',
  'purpose',
  'product',
  'sourceDescription',
  'providerName',
  'consentDate',
  'callbackNumber',
  'recipients',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Placeholders that exist only for leads obtained from a provider company. */
export const THIRD_PARTY_PLACEHOLDERS: readonly Placeholder[] = ['providerName', 'consentDate'];

/** ConsentEvent.promptText holds at most this many characters. */
export const MAX_RENDERED_LENGTH = 20_000;

/** What the texts of one call are rendered from. */
export interface RenderContext {
  readonly companyName: LocalizedText;
  readonly sellerName: LocalizedText;
  readonly agentName: string;
  readonly purpose: LocalizedText;
  readonly product: LocalizedText;
  readonly callbackNumber: string;
  readonly source: LeadSource;
  /** The callee's IANA time zone: dates are said as the person's calendar shows them. */
  readonly calleeTimeZone: string;
  /** Who receives the person's data on a sale (campaign `saleProvision`); none when absent. */
  readonly recipients?: readonly ProvisionRecipient[] | undefined;
  /** Whether the recording notice is read (US-RECNOTICE by the callee's state); read when absent. */
  readonly recordingNotice?: boolean | undefined;
}

/** Whether a step's `onlyIf` condition holds for this call. */
export function conditionHolds(condition: StepCondition, ctx: { readonly recipients?: readonly unknown[] | undefined; readonly recordingNotice?: boolean | undefined }): boolean {
  return condition === 'recipients' ? (ctx.recipients?.length ?? 0) > 0 : ctx.recordingNotice !== false;
}

const RECIPIENT_LABELS: Record<SpokenLocale, { recipient: string; purpose: string; items: string; retention: string; sep: string; list: string }> = {
  ko: { recipient: '제공받는 자', purpose: '이용 목적', items: '제공 항목', retention: '보유 및 이용 기간', sep: ' / ', list: ', ' },
  en: { recipient: 'recipient', purpose: 'purpose', items: 'items', retention: 'kept', sep: '; ', list: ', ' },
  de: { recipient: 'Empfänger', purpose: 'Zweck', items: 'Daten', retention: 'Speicherdauer', sep: '; ', list: ', ' },
};

/**
 * Every recipient with purpose, items and retention, numbered, in `locale`:
 * `(1) 제공받는 자: 한빛생명 / 이용 목적: ... / 제공 항목: 이름, 휴대전화번호 / 보유 및 이용 기간: ...`.
 */
export function renderRecipients(recipients: readonly ProvisionRecipient[], locale: SpokenLocale): string {
  const l = RECIPIENT_LABELS[locale];
  return recipients
    .map((r, i) =>
      [
        `(${i + 1}) ${l.recipient}: ${textIn(r.name, locale)}`,
        `${l.purpose}: ${textIn(r.purpose, locale)}`,
        `${l.items}: ${r.items.map((x) => textIn(x, locale)).join(l.list)}`,
        `${l.retention}: ${textIn(r.retention, locale)}`,
      ].join(l.sep),
    )
    .join(' ');
}

/** A placeholder without a value, a malformed template, or a text too long to be evidence. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    message: string,
    /** Where the text is, e.g. `steps[2].text.ko`. */
    readonly where: string,
    readonly placeholder?: string,
  ) {
    super(`${where}: ${message}`);
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** One placeholder occurrence, or a problem with the template's braces. */
export type TemplateToken = { readonly kind: 'placeholder'; readonly name: string } | { readonly kind: 'malformed'; readonly near: string };

// Scans of the templates seen so far: a script has a few dozen, and every run renders each of them (the
// server's replay builds a run per call), so a scan is done once per template, not once per render.
const scans = new Map<string, readonly TemplateToken[]>();
const MAX_SCANS = 4096;

/** The placeholders a template uses, in order, plus any stray `{`/`}` (reported as malformed). */
export function scanTemplate(template: string): readonly TemplateToken[] {
  const known = scans.get(template);
  if (known) return known;
  const tokens: TemplateToken[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) tokens.push({ kind: 'placeholder', name: m[1] ?? '' });
  const rest = template.replace(PLACEHOLDER, '');
  const stray = rest.search(/[{}]/);
  if (stray >= 0) tokens.push({ kind: 'malformed', near: rest.slice(Math.max(0, stray - 10), stray + 10) });
  if (scans.size >= MAX_SCANS) scans.clear();
  const frozen = Object.freeze(tokens.map((t) => Object.freeze(t)));
  scans.set(template, frozen);
  return frozen;
}

/** True when `name` is one of PLACEHOLDERS. */
export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

const DATE_LOCALES: Record<SpokenLocale, string> = { ko: 'ko-KR', en: 'en-US', de: 'de-DE' };

/** A date as said aloud in `locale` on the callee's calendar: `2025년 3월 14일`, `March 14, 2025`, `14. März 2025`. */
export function formatConsentDate(isoInstant: string, locale: SpokenLocale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(DATE_LOCALES[locale], { year: 'numeric', month: 'long', day: 'numeric', timeZone });
    dateFormats.set(key, f);
  }
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${isoInstant}`);
  return f.format(date);
}

/** The value of every placeholder for one locale; `undefined` where the context has none. */
export function placeholderValues(ctx: RenderContext, locale: SpokenLocale): Record<Placeholder, string | undefined> {
  const source = ctx.source;
  const recipients = ctx.recipients ?? [];
  return {
    companyName: textIn(ctx.companyName, locale),
    sellerName: textIn(ctx.sellerName, locale),
    agentName: ctx.agentName,
    purpose: textIn(ctx.purpose, locale),
    product: textIn(ctx.product, locale),
    sourceDescription: source.description,
    providerName: source.kind === 'third_party' ? source.providerName : undefined,
    consentDate: source.kind === 'third_party' ? formatConsentDate(source.consentDate, locale, ctx.calleeTimeZone) : undefined,
    callbackNumber: ctx.callbackNumber,
    recipients: recipients.length > 0 ? renderRecipients(recipients, locale) : undefined,
  };
}

/**
 * Fills a template's placeholders. Throws RenderError naming `where` and the placeholder when a value
 * is missing or blank, when the template is malformed, or when the result is too long to be evidence.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | undefined>>, where: string): string {
  for (const token of scanTemplate(template)) {
    if (token.kind === 'malformed') throw new RenderError(`malformed placeholder near "${token.near}"`, where);
  }
  const out = template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value.trim() === '') {
      throw new RenderError(`no value for {{${name}}}`, where, name);
    }
    return value;
  });
  if (out.length > MAX_RENDERED_LENGTH) throw new RenderError(`rendered text is longer than ${MAX_RENDERED_LENGTH} characters`, where);
  return out;
}

/**
 * The template a text uses for this lead source and locale, and the path suffix that names it. German
 * has no fallback: a text read to a German callee must exist in German (the DE loader requires it).
 */
export function selectTemplate(text: TemplateText, locale: SpokenLocale, source: LeadSource): { template: string | undefined; path: string } {
  const t = 'bySource' in text ? text.bySource[source.kind] : text;
  const path = 'bySource' in text ? `bySource.${source.kind}.${locale}` : locale;
  return { template: t[locale], path };
}

/** Renders a script text for one call; `where` names the text (e.g. `steps[2].text`) in errors. */
export function renderText(text: TemplateText, locale: SpokenLocale, ctx: RenderContext, where: string): string {
  return renderTextWith(text, locale, ctx.source, placeholderValues(ctx, locale), where);
}

/** renderText with the placeholder values computed once (a run renders every text of its script from the same values). */
export function renderTextWith(text: TemplateText, locale: SpokenLocale, source: LeadSource, values: Readonly<Record<string, string | undefined>>, where: string): string {
  const { template, path } = selectTemplate(text, locale, source);
  if (template === undefined) throw new RenderError(`no text in "${locale}"`, `${where}.${path}`);
  return renderTemplate(template, values, `${where}.${path}`);
}

/** The render context of one call, from the campaign, its companies, the lead and the agent. */
export function renderContextFor(input: {
  readonly campaign: Pick<Campaign, 'purpose' | 'product'> & Partial<Pick<Campaign, 'saleProvision' | 'profile'>>;
  readonly callingCompany: Pick<Company, 'name' | 'contactNumber'>;
  readonly sellerCompany: Pick<Company, 'name'>;
  readonly lead: { readonly source: LeadSource; readonly timeZone: string; readonly region?: string | undefined };
  readonly agentName: string;
}): RenderContext {
  const profile = input.campaign.profile;
  return {
    recipients: input.campaign.saleProvision?.recipients ?? [],
    recordingNotice: profile === undefined ? true : recordingNoticeRequired(profile, input.lead.region),
    companyName: input.callingCompany.name,
    sellerName: input.sellerCompany.name,
    agentName: input.agentName,
    purpose: input.campaign.purpose,
    product: input.campaign.product,
    callbackNumber: input.callingCompany.contactNumber,
    source: input.lead.source,
    calleeTimeZone: input.lead.timeZone,
  };
}
