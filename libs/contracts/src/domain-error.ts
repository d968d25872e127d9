import { ERROR_STATUS, type ErrorCode } from './errors.js';

/**
 * Base of every expected error. The `code` is the contract (it crosses processes, `instanceof`
 * does not); HTTP layers map it to a status with {@link ERROR_STATUS}. `expose` follows
 * oidc-provider's rule: only errors below 500 show their message to clients.
 * @example throw new DomainError('CLAIMS.CLAIM_NOT_FOUND', 'No such claim');
 */
export class DomainError extends Error {
  readonly status: number;
  readonly expose: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = ERROR_STATUS[code];
    this.expose = this.status < 500;
  }
}
