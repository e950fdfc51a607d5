// Builds the desk renderer once before the e2e tier: every e2e test runs the real bundle.
import { buildRenderer } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildRenderer();
}
