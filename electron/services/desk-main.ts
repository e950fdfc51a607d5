import { createHash } from 'node:crypto';
import { EXPORT_ROWS_HEADER, type ExportFile, type ExportProgress } from '../../shared/api/review-exports';
import type { z } from 'zod';
import type { Connection } from '../../shared/ipc/connection';
import type { RecordingExportFile } from '../../shared/ipc/recording-export';
import { IPC_CHANNELS, type IpcChannels, type IpcEventName, type IpcEvents } from '../../shared/ipc/channels';
import { ApiClient, ApiError, type ApiInput } from '../api/api-client';
import { ApiSession } from '../credentials/api-session';
import type { TokenVault } from '../credentials/token-vault';
import { createDispatcher, HandlerError, type Handlers } from '../ipc/dispatch';
import { Deliverer } from '../outbox/delivery';
import type { Outbox } from '../outbox/outbox';
import type { SettingsStore } from '../settings/settings-store';
import { mayOpenExternal } from '../window/security';
import { createSendEvents } from './send-events';

export interface DeskMainDeps {
  /** Where the API is: provisioned (electron/settings/connection.ts), fixed for the life of the process. */
  readonly connection: Connection;
  readonly settings: SettingsStore;
  /** The session token's vault (the token is bound to `connection.apiUrl`). */
  readonly vault: TokenVault;
  readonly outbox: Outbox;
  /** Sends a main -> renderer event (webContents.send in the app; the page binding in tests). */
  readonly emit: <E extends IpcEventName>(event: E, payload: z.input<IpcEvents[E]>) => void;
  readonly openExternal: (url: string) => Promise<void>;
  readonly fetchImpl?: typeof fetch;
  readonly log?: (message: string) => void;
}

/**
 * The main process's services behind the IPC channels, as plain Node code: settings, session, the
 * API client and the durable outbox with its delivery. Electron glue (electron/main.ts) and the
 * Chromium test harness both serve these handlers through `dispatch`.
 */
export function createDeskMain(deps: DeskMainDeps) {
  const { settings, outbox, emit, connection } = deps;
  const log = deps.log ?? (() => undefined);
  const vault = new ApiSession(deps.vault, connection.apiUrl);
  let session: { user: z.output<IpcChannels['session:login']['response']>['user']; tokenExpiresAt: string; persisted: boolean } | undefined;

  const api = new ApiClient(() => connection.apiUrl, () => vault.token(), deps.fetchImpl);

  /** Maps API errors to bridge errors; a 401 also tells the desk to show the login. */
  async function viaApi<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 401 && session) {
          session = undefined;
          vault.clear();
          emit('session:expired', null);
        }
        throw new HandlerError({
          code: err.status === 0 ? 'api-unreachable' : 'api-error',
          message: err.message,
          status: err.status,
          ...(err.problem ? { problemType: err.problem.type } : {}),
          ...(err.problem?.errors
            ? { fields: err.problem.errors.map((e) => ({ path: e.pointer, message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.params ? { params: e.params } : {}) })) }
            : {}),
        });
      }
      throw err;
    }
  }

  /** Running exports by the renderer's id, so `review:cancelExport` can stop one. */
  const exports = new Map<string, AbortController>();

  /** Runs one export with progress events and a way to cancel it; a cancelled export fails as 'cancelled'. */
  async function runExport(
    exportId: string | undefined,
    work: (signal: AbortSignal, progress: (p: Omit<ExportProgress, 'exportId'>) => void) => Promise<ExportFile>,
  ): Promise<ExportFile> {
    const abort = new AbortController();
    if (exportId !== undefined) {
      exports.get(exportId)?.abort();
      exports.set(exportId, abort);
    }
    try {
      return await work(abort.signal, (p) => {
        if (exportId !== undefined) emit('review:exportProgress', { exportId, ...p });
      });
    } catch (err) {
      if (abort.signal.aborted) throw new HandlerError({ code: 'cancelled', message: 'the export was cancelled' });
      throw err;
    } finally {
      if (exportId !== undefined && exports.get(exportId) === abort) exports.delete(exportId);
    }
  }

  const sendEvents = createSendEvents(api, () => vault.token() !== undefined, () => emit('session:expired', null));
  const deliverer = new Deliverer(outbox, sendEvents);
  outbox.onChange((s) => emit('outbox:changed', s));

  const handlers: Handlers<IpcChannels> = {
    'connection:get': async () => connection,
    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => {
      const next = settings.update(patch);
      deliverer.kick();
      return next;
    },
    'session:login': async (credentials) => {
      const res = await viaApi(() => api.call('login', { body: credentials }));
      const stored = vault.save(res.token);
      session = { user: res.user, tokenExpiresAt: res.expiresAt, persisted: stored.persisted };
      if (!stored.persisted) log(`session token kept in memory only (${stored.reason})`);
      deliverer.kick();
      return session;
    },
    'session:current': async () => {
      if (session) return session;
      if (!vault.token()) return null;
      try {
        const me = await api.call('me');
        session = { user: me.user, tokenExpiresAt: me.tokenExpiresAt, persisted: vault.refusal() === undefined };
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) vault.clear();
        return null;
      }
    },
    'session:logout': async () => {
      // Ends the session on the server too (its dial tokens and SIP credentials stop working there).
      if (vault.token()) await api.call('logout', { body: {} }).catch((err: unknown) => log(`sign-out not confirmed by the API: ${err instanceof Error ? err.message : String(err)}`));
      session = undefined;
      vault.clear();
      return null;
    },
    'sip:credentials': () => viaApi(() => api.call('sipCredentials', { body: {} })),
    'campaigns:list': () => viaApi(() => api.call('listCampaigns')),
    'leads:next': ({ campaignId, leadId }) =>
      viaApi(() => api.call('nextLead', { params: { id: campaignId }, body: leadId === undefined ? {} : { leadId } })),
    'leads:get': ({ leadId }) => viaApi(() => api.call('getLead', { params: { id: leadId } })),
    'leads:optOut': ({ leadId, request }) => viaApi(() => api.call('optOut', { params: { id: leadId }, body: request })),
    'dial:authorize': ({ leadId }) => viaApi(() => api.call('authorizeDial', { params: { id: leadId }, body: {} })),
    'calls:create': (body) => viaApi(() => api.call('createCall', { body })),
    'calls:update': ({ callId, change }) => viaApi(() => api.call('updateCall', { params: { id: callId }, body: change })),
    'calls:list': (query) => viaApi(() => api.call('listCalls', { query })),
    'calls:get': ({ callId }) => viaApi(() => api.call('getCall', { params: { id: callId } })),
    'consent:record': async ({ events }) => {
      // Durable first; delivery starts once the answer has been acknowledged to the window.
      const status = await outbox.enqueue(events);
      deliverer.kickSoon();
      return status;
    },
    'outbox:status': async () => outbox.status(),
    'outbox:list': async () => outbox.list(),
    'review:directory': () => viaApi(() => api.call('reviewDirectory')),
    'review:kpis': (query) => viaApi(() => api.call('reviewKpis', { query })),
    'review:compliance': (query) => viaApi(() => api.call('reviewCompliance', { query })),
    'review:calls': (query) => viaApi(() => api.call('reviewCalls', { query })),
    'review:timeline': ({ callId }) => viaApi(() => api.call('reviewTimeline', { params: { id: callId } })),
    'review:exportCalls': ({ exportId, ...body }) => viaApi(() => runExport(exportId, (signal, progress) => exportAsFile(api, 'exportCalls', { body }, signal, progress))),
    'review:exportEvidence': ({ exportId, ...body }) =>
      viaApi(() => runExport(exportId, (signal, progress) => exportAsFile(api, 'exportEvidence', { body }, signal, progress))),
    'review:cancelExport': async ({ exportId }) => {
      const running = exports.get(exportId);
      running?.abort();
      return running !== undefined;
    },
    'review:accessLog': (query) => viaApi(() => api.call('accessLog', { query })),
    'review:accessReview': (query) => viaApi(() => api.call('accessReview', { query })),
    'recordings:ofCall': ({ callId }) =>
      viaApi(async () => {
        try {
          return await api.call('callRecording', { params: { id: callId } });
        } catch (err) {
          // A call that was not recorded: nothing to show, not an error.
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        }
      }),
    'recordings:play': ({ recordingId, reason }) =>
      viaApi(async () => {
        const grant = await api.call('playRecording', { params: { id: recordingId }, body: { reason } });
        return { ...grant, url: new URL(grant.url, connection.apiUrl).toString() };
      }),
    'recordings:export': ({ recordingId, reason, requestRef }) =>
      viaApi(async () => {
        const grant = await api.call('exportRecording', { params: { id: recordingId }, body: { reason, requestRef } });
        return downloadRecording(new URL(grant.url, connection.apiUrl), recordingId, grant.accessLogId, deps.fetchImpl ?? fetch);
      }),
    'live:calls': () => viaApi(() => api.call('liveCalls')),
    'live:listen': ({ callId, reason }) => viaApi(() => api.call('listenToCall', { params: { id: callId }, body: { reason } })),
    'live:answer': ({ sessionId, legs }) => viaApi(() => api.call('answerLiveSession', { params: { id: sessionId }, body: { legs } })),
    'live:end': ({ sessionId }) => viaApi(() => api.call('endLiveSession', { params: { id: sessionId } })),
    'live:whisper': ({ callId, reason, sdp }) => viaApi(() => api.call('whisperToCall', { params: { id: callId }, body: { reason, sdp } })),
    'live:monitoring': ({ callId }) => viaApi(() => api.call('callMonitoring', { params: { id: callId } })),
    'live:whisperLegOffer': ({ sessionId }) => viaApi(() => api.call('whisperLegOffer', { params: { id: sessionId } })),
    'live:whisperLegAnswer': ({ sessionId, sdp }) => viaApi(() => api.call('whisperLegAnswer', { params: { id: sessionId }, body: { sdp } })),
    'qa:scorecards': () => viaApi(() => api.call('listScorecards')),
    'qa:scorecard': ({ id, version }) =>
      viaApi(async () => (version === undefined ? (await api.call('getScorecard', { params: { id } })).current : api.call('getScorecardVersion', { params: { id, version } }))),
    'qa:autofill': ({ callId, scorecardId, version }) => viaApi(() => api.call('qaAutofill', { params: { id: callId }, query: { scorecardId, version } })),
    'qa:evaluate': (body) => viaApi(() => api.call('createEvaluation', { body })),
    'qa:evaluations': (query) => viaApi(() => api.call('listEvaluations', { query })),
    'qa:evaluation': ({ id }) => viaApi(() => api.call('getEvaluation', { params: { id } })),
    'qa:kpis': (query) => viaApi(() => api.call('qaKpis', { query })),
    'practice:scenarios': () => viaApi(() => api.call('listPracticeScenarios')),
    'practice:scenario': ({ id }) => viaApi(() => api.call('getPracticeScenario', { params: { id } })),
    'practice:createScenario': (body) => viaApi(() => api.call('createPracticeScenario', { body })),
    'practice:updateScenario': ({ id, ...body }) => viaApi(() => api.call('updatePracticeScenario', { params: { id }, body })),
    'practice:submitAttempt': (body) => viaApi(() => api.call('submitPracticeAttempt', { body })),
    'practice:attempts': (query) => viaApi(() => api.call('listPracticeAttempts', { query })),
    'practice:attempt': ({ id }) => viaApi(() => api.call('getPracticeAttempt', { params: { id } })),
    'practice:progress': (query) => viaApi(() => api.call('practiceProgress', { query })),
    'practice:line': () => viaApi(() => api.call('practiceLine')),
    'practice:voiceCall': (body) => viaApi(() => api.call('createPracticeVoiceCall', { body })),
    'practice:audio': ({ id }) => viaApi(() => api.call('getPracticeAudio', { params: { id } })),
    'practice:voiceCallState': ({ id }) => viaApi(() => api.call('getPracticeVoiceCall', { params: { id } })),
    'practice:live': () => viaApi(() => api.call('livePracticeCalls')),
    'practice:listen': ({ callId }) => viaApi(() => api.call('listenToPracticeCall', { params: { id: callId } })),
    'practice:listenAnswer': ({ sessionId, legs }) => viaApi(() => api.call('answerPracticeListen', { params: { id: sessionId }, body: { legs } })),
    'practice:listenEnd': ({ sessionId }) => viaApi(() => api.call('endPracticeListen', { params: { id: sessionId } })),
    'app:openExternal': async ({ url }) => {
      if (!mayOpenExternal(url)) return false;
      await deps.openExternal(url);
      return true;
    },
  };

  const dispatch = createDispatcher(IPC_CHANNELS, handlers, (channel, err) => log(`ipc ${channel} failed: ${err instanceof Error ? err.message : String(err)}`));

  return {
    dispatch,
    handlers,
    deliverer,
    api,
    start(): void {
      deliverer.start();
    },
    async stop(): Promise<void> {
      await deliverer.stop();
    },
  };
}

export type DeskMain = ReturnType<typeof createDeskMain>;

/** The audio of an inspection export (the grant in the URL is the only credential it needs), whole, with its hash. */
async function downloadRecording(url: URL, recordingId: string, accessLogId: string, fetchImpl: typeof fetch): Promise<RecordingExportFile> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (err) {
    throw new ApiError(0, undefined, `the central API can't be reached (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!res.ok) throw new ApiError(res.status, undefined, `the recording's download answered HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `callgate-recording-${recordingId}.wav`;
  return { fileName, mediaType: 'audio/wav', base64: bytes.toString('base64'), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), accessLogId };
}

/** How often a running export tells its progress (and once at the end). */
const PROGRESS_EVERY_MS = 100;

/**
 * A streamed export read as it arrives, for the renderer to offer as a download: chunks are kept as
 * they came (no growing string), counted (bytes; CSV data rows by their line ends) and told to
 * `progress` at most every 100 ms; `signal` aborts the HTTP request at any point (the server stops
 * reading its pages when the client goes away).
 */
async function exportAsFile<N extends 'exportCalls' | 'exportEvidence'>(
  api: ApiClient,
  name: N,
  input: ApiInput<N>,
  signal: AbortSignal,
  progress: (p: Omit<ExportProgress, 'exportId'>) => void,
): Promise<ExportFile> {
  const res = await api.open(name, input, signal);
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'callgate-export';
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim();
  const mediaType = type === 'text/csv' || type === 'text/html' ? type : 'application/json';
  const expectedHeader = res.headers.get(EXPORT_ROWS_HEADER);
  const expectedRows = expectedHeader !== null && /^\d+$/.test(expectedHeader) ? Number(expectedHeader) : null;
  const csv = mediaType === 'text/csv';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lineEnds = 0;
  let told = 0;
  const tell = (): void => progress({ bytes, rows: csv ? Math.max(0, lineEnds - 1) : 0, expectedRows });
  tell();
  if (res.body) {
    const reader = res.body.getReader();
    const stop = (): void => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (signal.aborted) throw new Error('cancelled');
        chunks.push(value);
        bytes += value.length;
        if (csv) for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) lineEnds += 1;
        const now = Date.now();
        if (now - told >= PROGRESS_EVERY_MS) {
          told = now;
          tell();
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
  if (signal.aborted) throw new Error('cancelled');
  tell();
  const content = new TextDecoder().decode(Buffer.concat(chunks));
  return { fileName, mediaType, content, rows: csv ? Math.max(0, lineEnds - 1) : 0, truncated: false, generatedAt: new Date().toISOString() };
}
