import { DomainError, type ErrorCode } from '@claimguard/contracts';
import type { DefenseId } from '@claimguard/contracts';
import type { AuditAction } from '@claimguard/observability';

/** What the exception filter writes to the audit log for a 401/403 (never a token). */
export interface AuditNote {
  /** Why the request was refused, for the blue team. */
  reason: string;
  /** The defense that decided, when one did. */
  defense?: DefenseId;
  sub?: string;
  party?: { kind: string; id: string };
  /** The audit action, where the error code does not say it (a refused upstream server). */
  action?: AuditAction;
}

/**
 * An expected gateway refusal: a stable code (status from `ERROR_STATUS`), a client-safe message,
 * and optionally the `WWW-Authenticate` challenge and the audit note that go with it.
 */
export class GatewayError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly extra: {
      wwwAuthenticate?: string;
      audit?: AuditNote;
      retryAfterSeconds?: number;
      /** The defense that decided, for the metrics when no audit line is written. */
      defense?: DefenseId;
    } = {},
    /** The underlying failure, for the log only. */
    cause?: unknown,
  ) {
    super(code, message);
    if (cause !== undefined) this.cause = cause;
    this.name = 'GatewayError';
  }
}
