// Where `npm run bench` writes its figures (decision 0039). A run writes to a git-ignored file, so a
// bench, like a test, leaves the tree clean; the reviewed figures in test/bench/results/latest.json
// change only when a run is meant to record them (`npm run bench -- <part> --record`), on a machine
// fit to measure, and are then committed on purpose.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The recorded figures (tracked): written only by a run given `--record`. */
export const RECORDED_RESULTS = join(here, 'results', 'latest.json');

/** This machine's last figures (under the ignored .tmp/): where every other run writes. */
export const LOCAL_RESULTS = join(here, '..', '..', '.tmp', 'bench', 'latest.json');

/** The file a run with these command-line arguments writes. */
export function resultsFile(args: readonly string[]): string {
  return args.includes('--record') ? RECORDED_RESULTS : LOCAL_RESULTS;
}
