import { Command } from '@nestjs/cqrs';
import type { TowJobSnapshot, TowRequest } from '../../../domain/tow-job.js';
import type { ChangeContext } from '../../ports/tow-job.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';

/** What became of a claim's tow request. */
export type OpenTowJobResult =
  | { outcome: 'opened'; job: TowJobSnapshot }
  | { outcome: 'already-open'; job: TowJobSnapshot }
  | { outcome: 'not-needed' };

/**
 * A claim was filed: open its tow job if it needs one. Sent by the `ClaimFiled` consumer inside the
 * event's transaction, so the job, its outbox row and the inbox row commit together.
 */
export class OpenTowJobCommand extends Command<OpenTowJobResult> {
  constructor(
    readonly request: TowRequest,
    readonly context: ChangeContext,
    readonly tx: Transaction,
  ) {
    super();
  }
}
