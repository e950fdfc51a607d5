import { PROBLEM_KINDS, problemType, type Problem, type ProblemFieldError, type ProblemKind } from '../../shared/api/problem';

/** Extension members a problem may carry besides the standard ones. */
export type ProblemExtras = Pick<Problem, 'errors' | 'reasons' | 'attemptId' | 'retryAfterSec' | 'ruleId' | 'reason'>;

/**
 * A failure with a known kind: thrown anywhere in a handler or service, it becomes a problem+json reply
 * with that kind's status and `type`. Throwing it inside `Db.tx` also rolls the transaction back, so a
 * rejected request never leaves a partial write.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  toProblem(instance?: string): Problem {
    return makeProblem(this.kind, this.detail, this.extras, instance);
  }
}

export function makeProblem(kind: ProblemKind, detail: string, extras: ProblemExtras = {}, instance?: string): Problem {
  const { status, title } = PROBLEM_KINDS[kind];
  return { type: problemType(kind), title, status, detail, ...(instance ? { instance } : {}), ...extras };
}

/** A validation problem naming one field; `code` and `params` let a client say it in its user's language. */
export function fieldError(location: string, pointer: string, message: string, code?: string, params?: ProblemFieldError['params']): ProblemFieldError {
  return { location, pointer, message, ...(code ? { code } : {}), ...(params && Object.keys(params).length > 0 ? { params } : {}) };
}

/** zod issues (path arrays) as field errors with RFC 6901 pointers. */
export function issuesToErrors(location: string, issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], prefix = ''): ProblemFieldError[] {
  return issues.map((i) => fieldError(location, prefix + toPointer(i.path), i.message, i.code));
}

export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
