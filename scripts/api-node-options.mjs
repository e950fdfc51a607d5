// The Node.js runtime options the central API runs with, in one place: `npm run server`, `npm start`'s
// local API (scripts/local-api.mjs) and the tests' and benches' API processes (test/support/api-process.ts)
// all start it with these (decision 0027).
//
// --max-semi-space-size=64: V8's young generation may grow to 64 MB per semi-space (Node 20: 16 MB). Under
// batched ingest a request's objects live until its group commits, so with 16 MB every scavenge copied
// them and scavenges took ~16 % of the API's main thread; the batched ingest bench ran 10-13 % faster
// with 64 (paired runs). It only raises a ceiling: an idle API does not use the memory.
export const API_NODE_OPTIONS = ['--max-semi-space-size=64'];

/** `env` with the API's options added to NODE_OPTIONS (kept for every process the API's launcher starts, e.g. tsx's child). */
export function withApiNodeOptions(env) {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...API_NODE_OPTIONS].filter(Boolean).join(' ') };
}
