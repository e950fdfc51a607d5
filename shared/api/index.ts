/** HTTP contract of the central API: route table, request/response schemas, problem+json. */
export * from './problem';
export * from './common';
export * from './identity';
export * from './campaigns';
export * from './leads';
export * from './calls';
export * from './consent-events';
export * from './dnc';
export * from './consents';
export * from './ledger';
export * from './evidence';
export * from './review';
export * from './practice';
export * from './qa';
export * from './recordings';
export * from './live';
export * from './routes';
