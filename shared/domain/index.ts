/** The domain model of ../shared/DESIGN.md, shared by desktop and server. */
export * from './locale';
export * from './time-zone';
export * from './phone-number';
export * from './consent-grant';
export * from './company';
export * from './lead';
export * from './campaign';
export * from './consent-event';
export * from './hash';
export * from './ids';
