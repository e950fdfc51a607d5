/** HTTP contract of the team lead review (issue 6): filters, KPIs, compliance, table, timeline, exports, access log. */
export * from './review-filter';
export * from './review-kpis';
export * from './review-calls';
export * from './review-timeline';
export * from './review-compliance';
export * from './review-exports';
export * from './review-access-log';
export * from './review-routes';
