import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CLAIM_EVENT_TYPES,
  TOPICS,
  TOWING_EVENT_TYPES,
  type ClaimApprovedV1,
  type ClaimDeniedV1,
  type EventEnvelope,
  type VehicleDeliveredV1,
} from '@claimguard/contracts';
import { PoisonMessageError } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import {
  EVENT_SIGNATURES,
  KAFKA,
  LOGGER,
  OUTBOX_RELAY,
  ServiceEventConsumer,
  type EventSignatures,
  type Kafka,
  type ServiceOutboxRelay,
} from '@claimguard/service-kit';
import type { RepairConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { REPAIR_CONFIG } from '../../platform/tokens.js';
import { OpenRepairOrderCommand } from '../application/commands/open-repair-order/open-repair-order.command.js';
import {
  RecordClaimDecisionCommand,
  type ClaimDecision,
} from '../application/commands/record-claim-decision/record-claim-decision.command.js';
import type { ChangeContext } from '../application/ports/repair-order.repository.port.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/**
 * The message entry of repair: consumes `towing.events.v1` (`VehicleDelivered` opens the claim's
 * order) and `claims.events.v1` (`ClaimApproved` / `ClaimDenied` move it), and turns each into a
 * command. The chassis' consumer does the delivery rules before this runs: envelope, emitter,
 * signature and data checks against the event catalog, the inbox row in the same transaction as the
 * effect (an event delivered twice acts once), and the DLQ with a reason for anything unusable.
 * Here: an event no legal move explains (unknown shop, no order, a forbidden move) is a
 * `PoisonMessageError` (DLQ with the reason); any other handler error is retried while the
 * partition waits.
 */
@Injectable()
export class RepairEventsConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(EVENT_SIGNATURES) signatures: EventSignatures,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REPAIR_CONFIG) config: RepairConfig,
    prisma: PrismaService,
    private readonly commands: CommandBus,
  ) {
    super(
      { kafka, relay, signatures, logger: log },
      {
        consumer: config.KAFKA_CONSUMER_GROUP,
        topics: [TOPICS.towing, TOPICS.claims],
        handlers: {
          [TOWING_EVENT_TYPES.VehicleDelivered]: (envelope, tx) =>
            this.onVehicleDelivered(envelope, tx),
          [CLAIM_EVENT_TYPES.ClaimApproved]: (envelope, tx) => {
            const data = envelope.data as ClaimApprovedV1;
            return this.onDecision(envelope, tx, {
              kind: 'approved',
              claimId: data.claimId,
              orderId: data.orderId,
              payoutCents: data.payoutCents,
            });
          },
          [CLAIM_EVENT_TYPES.ClaimDenied]: (envelope, tx) => {
            const data = envelope.data as ClaimDeniedV1;
            return this.onDecision(envelope, tx, {
              kind: 'denied',
              claimId: data.claimId,
              orderId: data.orderId,
            });
          },
        },
        transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      },
    );
  }

  /** The data already matched `VehicleDelivered` v1; towing's subject is its tow job. */
  private async onVehicleDelivered(
    envelope: EventEnvelope,
    tx: Prisma.TransactionClient,
  ): Promise<void> {
    const delivered = envelope.data as VehicleDeliveredV1;
    if (delivered.jobId !== envelope.subject) {
      throw new PoisonMessageError('VehicleDelivered subject is not its tow job id');
    }
    const result = await this.commands.execute(
      new OpenRepairOrderCommand(
        { claimId: delivered.claimId, jobId: delivered.jobId, shopId: delivered.shopId },
        contextOf(envelope),
        asTransaction(tx),
      ),
    );
    // The reason names no value: it lands in DLQ headers and audit lines.
    if (result.outcome === 'unknown-shop') {
      throw new PoisonMessageError('VehicleDelivered names a shop that is not a partner');
    }
  }

  /** The data already matched the decision's v1 schema; claims' subject is the claim. */
  private async onDecision(
    envelope: EventEnvelope,
    tx: Prisma.TransactionClient,
    decision: ClaimDecision,
  ): Promise<void> {
    if (decision.claimId !== envelope.subject) {
      throw new PoisonMessageError(`${envelope.type} subject is not its claim id`);
    }
    const result = await this.commands.execute(
      new RecordClaimDecisionCommand(decision, contextOf(envelope), asTransaction(tx)),
    );
    if (result.outcome === 'refused') throw new PoisonMessageError(result.reason);
  }
}

function contextOf(envelope: EventEnvelope): ChangeContext {
  return { correlationId: envelope.correlationId ?? envelope.traceId, causationId: envelope.id };
}
