import type { GateInput, Verdict } from '../shared/compliance/verdict';
import type { ServerConfig } from './config';
import type { SessionCache } from './identity/session-cache';
import type { LedgerAnchors } from './ledger/anchors';
import type { NationalDncRegistry } from './national-dnc';
import type { CallReplays } from './services/call-replay';
import type { IngestUnit } from './services/ingest-events';
import type { PracticeVoice } from './services/practice/voice-calls';
import type { RecordingServices } from './recording/services';
import type { GroupCommitter } from './store/group-commit';
import type { Store } from './store/store';

/** The pre-dial gate as the server calls it (shared/compliance `evaluateGate`). */
export type Gate = (input: GateInput) => Verdict;

/** What every route and service gets: the store, the clock, the gate, the DNC registry, the config, voice practice. */
export interface AppContext {
  readonly store: Store;
  readonly clock: () => Date;
  readonly gate: Gate;
  readonly nationalDnc: NationalDncRegistry;
  readonly config: ServerConfig;
  /** Voice practice (the practice line), when configured (issue 17). */
  readonly practiceVoice?: PracticeVoice | undefined;
  /** Sealed recordings, their keys, and the recorder (when a media edge is configured). */
  readonly recordings: RecordingServices;
  /** Signed checkpoints of the ledger head, written outside the database (issue 11). */
  readonly anchors: LedgerAnchors;
  /** Script runs of open calls, judged against on ingest (issue 11). */
  readonly replays: CallReplays;
  /** Open sessions looked up in the last seconds (decision 0025). */
  readonly sessions: SessionCache;
  /** Evidence ingest's group commit (issue 11, decision 0021). */
  readonly ingestGroup: GroupCommitter<IngestUnit>;
}
