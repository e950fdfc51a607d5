import { hasDeadAir, type CallDto, type CreateCallRequest, type UpdateCallRequest } from '../../shared/api/calls';
import { newId } from '../../shared/domain/ids';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { callByAttempt, callById, callDto, insertCall, updateCallFields, type CallRow } from '../store/calls';
import { attemptById } from '../store/dial-attempts';
import { campaignById, companyById } from '../store/campaigns';
import type { SqlValue } from '../store/sql';
import { endSessionsOfCall } from './live';
import { refreshEdgeMismatch } from '../edge/call-events';

/**
 * Opens the call record of an authorized dial. Nothing is called without an allowed, unexpired attempt
 * of the same agent. Retrying the same request returns the call already opened (200).
 */
export async function createCall(ctx: AppContext, user: UserRecord, req: CreateCallRequest): Promise<{ created: boolean; call: CallDto }> {
  const now = ctx.clock();
  return ctx.store.db.tx(async (sql) => {
    const attempt = await attemptById(sql, req.attemptId);
    if (!attempt) throw new ApiError('unknown-reference', `no dial attempt ${req.attemptId}`, { errors: [fieldError('body', '/attemptId', 'unknown attempt')] });
    if (attempt.agentId !== user.id) throw new ApiError('forbidden', 'this dial authorization belongs to another agent');
    const existing = await callByAttempt(sql, attempt.id);
    if (existing) {
      if (req.callId && req.callId !== existing.id) {
        throw new ApiError('idempotency-conflict', `attempt ${attempt.id} already has call ${existing.id}`, { errors: [fieldError('body', '/callId', 'differs from the call already opened')] });
      }
      return { created: false, call: callDto(existing) };
    }
    if (!attempt.allowed) {
      throw new ApiError('gate-refused', 'this dial attempt was refused by the gate', { reasons: attempt.reasons, attemptId: attempt.id });
    }
    if (now.toISOString() > attempt.expiresAt) throw new ApiError('invalid-state', 'the dial authorization has expired; ask for a new one');
    const id = req.callId ?? newId();
    if (req.callId && (await callById(sql, req.callId))) {
      throw new ApiError('idempotency-conflict', `call ${req.callId} exists for another attempt`, { errors: [fieldError('body', '/callId', 'already used')] });
    }
    // US-RETAIN: the caller ID presented is the calling company's number, decided here, not by the desk.
    const campaign = await campaignById(sql, attempt.campaignId);
    const calling = campaign ? await companyById(sql, campaign.callingCompanyId) : undefined;
    await insertCall(sql, {
      id,
      callerId: calling?.contactNumber ?? null,
      attemptId: attempt.id,
      leadId: attempt.leadId,
      campaignId: attempt.campaignId,
      agentId: user.id,
      teamId: user.teamId,
      sipCallId: req.sipCallId ?? null,
      startedAt: new Date(req.startedAt ?? now).toISOString(),
    });
    // The edge may have reported on this call before the desk opened its record.
    await refreshEdgeMismatch(sql, attempt.id, ctx.config.edgeTimeToleranceSec * 1000);
    const call = await callById(sql, id);
    if (!call) throw new Error('call vanished after insert');
    return { created: true, call: callDto(call) };
  });
}

/**
 * Moves a call along its states (see CALL_STATES in shared/api/calls.ts). An ended call is final: a
 * PATCH that changes it is 409; a PATCH repeating what is already recorded is answered 200.
 */
export async function updateCall(ctx: AppContext, user: UserRecord, id: string, req: UpdateCallRequest): Promise<CallDto> {
  const updated = await ctx.store.db.tx(async (sql) => {
    const call = await callById(sql, id, true);
    if (!call || (user.role !== 'admin' && call.agentId !== user.id)) throw new ApiError('not-found', `no call ${id}`);
    if (call.state === 'ended') {
      if (isRepeat(call, req)) return callDto(call);
      throw new ApiError('invalid-state', 'the call has ended; its record is final');
    }
    const fields: Record<string, SqlValue> = {};
    if (req.sipCallId !== undefined) fields['sip_call_id'] = req.sipCallId;
    const answeredAt = req.answeredAt ? new Date(req.answeredAt).toISOString() : call.answeredAt;
    if (req.answeredAt) {
      if (answeredAt && answeredAt < call.startedAt) throw badField('/answeredAt', 'is before the call started');
      fields['answered_at'] = answeredAt;
      fields['state'] = 'connected';
    }
    if (req.deadAirMs !== undefined) {
      // The desk's media report: its claim, stored as reported (decision 0041); only an answered call has audio.
      if (!answeredAt) throw badField('/deadAirMs', 'is reported only for an answered call');
      fields['dead_air_ms'] = req.deadAirMs;
      fields['flag_dead_air'] = hasDeadAir(req.deadAirMs) ? 1 : 0;
    }
    if (req.endedAt && req.outcome) {
      // The server's replay (issue 11): the outcome must be one the call's script run allows.
      const replay = await ctx.replays.take(sql, call);
      const refusal = replay.judgeOutcome(req.outcome);
      if (refusal) {
        ctx.replays.keep(call.id, replay);
        throw new ApiError('outcome-refused', `outcome ${req.outcome}: ${refusal.detail}`, {
          ruleId: refusal.ruleId,
          errors: [fieldError('body', '/outcome', `not allowed by the call's script run (${refusal.ruleId})`)],
        });
      }
      const endedAt = new Date(req.endedAt).toISOString();
      const from = answeredAt ?? call.startedAt;
      if (endedAt < from) throw badField('/endedAt', 'is before the call started or was answered');
      fields['ended_at'] = endedAt;
      fields['outcome'] = req.outcome;
      fields['callback_at'] = req.callbackAt ? new Date(req.callbackAt).toISOString() : null;
      fields['duration_sec'] = answeredAt ? Math.round((Date.parse(endedAt) - Date.parse(answeredAt)) / 1000) : 0;
      fields['state'] = 'ended';
    }
    await updateCallFields(sql, id, fields);
    await refreshEdgeMismatch(sql, call.attemptId, ctx.config.edgeTimeToleranceSec * 1000);
    const after = await callById(sql, id);
    if (!after) throw new Error('call vanished after update');
    return callDto(after);
  });
  // A recording of the call stops with it and is sealed; live sessions on it end; its replay is dropped
  // (an event delivered late rebuilds it from the database).
  if (updated.state === 'ended') {
    ctx.replays.forget(id);
    ctx.recordings.recorder?.onCallEnded(id);
    await endSessionsOfCall(ctx, id);
  }
  return updated;
}

function badField(pointer: string, message: string): ApiError {
  return new ApiError('validation', `${pointer.slice(1)} ${message}`, { errors: [fieldError('body', pointer, message)] });
}

function isRepeat(call: CallRow, req: UpdateCallRequest): boolean {
  const same = (a: string | null, b: string | undefined): boolean => b === undefined || (a !== null && Date.parse(a) === Date.parse(b));
  return (
    (req.outcome === undefined || req.outcome === call.outcome) &&
    same(call.endedAt, req.endedAt) &&
    same(call.answeredAt, req.answeredAt) &&
    same(call.callbackAt, req.callbackAt) &&
    (req.sipCallId === undefined || req.sipCallId === call.sipCallId) &&
    (req.deadAirMs === undefined || req.deadAirMs === call.deadAirMs)
  );
}
