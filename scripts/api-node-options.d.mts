/** The Node.js runtime options the central API runs with (see api-node-options.mjs). */
export const API_NODE_OPTIONS: readonly string[];
/** `env` with the API's options added to NODE_OPTIONS. */
export function withApiNodeOptions<E extends Record<string, string | undefined>>(env: E): E & { NODE_OPTIONS: string };
