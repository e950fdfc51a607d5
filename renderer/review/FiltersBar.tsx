import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_FLAGS } from '../../shared/api/calls';
import type { CampaignListResponse } from '../../shared/api/campaigns';
import type { ReviewDirectory } from '../../shared/api/review-calls';
import { REVIEW_SORTS } from '../../shared/api/review-filter';
import { CALL_OUTCOMES } from '../../shared/domain/consent-event';
import type { Locale } from '../../shared/domain/locale';
import { DateField } from './DateField';
import type { ReviewQuery } from './review-query';

export interface FiltersBarProps {
  readonly query: ReviewQuery;
  /** The days actually shown (defaults filled in), for the date fields. */
  readonly fromDay: string;
  readonly toDay: string;
  readonly directory: ReviewDirectory | null;
  readonly campaigns: CampaignListResponse | null;
  readonly locale: Locale;
  /** A change of the query (undefined removes a filter); the view writes it to the URL hash. */
  readonly onChange: (patch: Partial<Record<keyof ReviewQuery, string | undefined>>) => void;
  readonly onClear: () => void;
}

/** Every filter of the review, each a labelled control; the lead-id search applies on Enter. */
export function FiltersBar(p: FiltersBarProps) {
  const { t } = useTranslation();
  const q = p.query;
  const [lead, setLead] = useState(q.lead ?? '');
  useEffect(() => setLead(q.lead ?? ''), [q.lead]);
  const agents = (p.directory?.agents ?? []).filter((a) => !q.team || a.teamId === q.team);
  const teams = p.directory?.teams ?? [];
  const select = (key: keyof ReviewQuery, label: string, value: string | undefined, options: readonly { value: string; label: string }[], all = true) => (
    <label className="filter">
      {label}
      <select value={value ?? ''} onChange={(e) => p.onChange({ [key]: e.target.value || undefined })} data-testid={`filter-${key}`}>
        {all && <option value="">{t('review.filters.all')}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="review-filters" aria-labelledby="filters-title">
      <h2 id="filters-title" className="visually-hidden">
        {t('review.filters.title')}
      </h2>
      {teams.length > 1 && select('team', t('review.filters.team'), q.team, teams.map((x) => ({ value: x.id, label: x.name })))}
      {select('agent', t('review.filters.agent'), q.agent, agents.map((a) => ({ value: a.id, label: a.displayName })))}
      {select('campaign', t('review.filters.campaign'), q.campaign, (p.campaigns?.campaigns ?? []).map((c) => ({ value: c.id, label: c.name[p.locale] })))}
      <DateField label={t('review.filters.from')} value={p.fromDay} max={p.toDay} locale={p.locale} onChange={(from) => p.onChange({ from })} testId="filter-from" />
      <DateField label={t('review.filters.to')} value={p.toDay} min={p.fromDay} locale={p.locale} onChange={(to) => p.onChange({ to })} testId="filter-to" />
      {select('outcome', t('review.filters.outcome'), q.outcome, CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.names.${o}`) })))}
      {select('flag', t('review.filters.flag'), q.flag, CALL_FLAGS.map((f) => ({ value: f, label: t(`review.flags.${f}`) })))}
      {select('sort', t('review.filters.sort'), q.sort, REVIEW_SORTS.map((s) => ({ value: s, label: t(`review.sort.${s}`) })), false)}
      <form
        className="filter lead-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          p.onChange({ lead: lead.trim() || undefined });
        }}
      >
        <label>
          {t('review.filters.lead')}
          <input type="search" value={lead} onChange={(e) => setLead(e.target.value)} placeholder={t('review.filters.leadPlaceholder')} minLength={3} maxLength={100} data-testid="filter-lead" />
        </label>
        <button type="submit" className="btn">
          {t('review.filters.search')}
        </button>
      </form>
      <button type="button" className="btn btn-link" onClick={p.onClear} data-testid="filters-clear">
        {t('review.filters.clear')}
      </button>
    </section>
  );
}
