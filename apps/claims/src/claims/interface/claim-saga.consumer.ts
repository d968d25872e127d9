import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  DomainError,
  REPAIR_EVENT_TYPES,
  TOPICS,
  TOWING_EVENT_TYPES,
  type EstimateSubmittedV1,
  type EventEnvelope,
  type RepairCompletedV1,
  type TowJobDispatchedV1,
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
import type { ClaimsConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import {
  AdvanceClaimCommand,
  type SagaStep,
} from '../application/commands/advance-claim/advance-claim.command.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/**
 * The saga's entry into claims: towing's and repair's events move the claim on (docs/saga.md).
 * The chassis' consumer has checked envelope, emitter, signature and data before a handler runs,
 * and commits the inbox row with the claim change. A domain error (unknown claim, impossible move)
 * can never succeed on retry, so it goes to the DLQ with its reason; anything else is retried.
 */
@Injectable()
export class ClaimSagaConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(EVENT_SIGNATURES) signatures: EventSignatures,
    @Inject(LOGGER) logger: Logger,
    @Inject(CLAIMS_CONFIG) config: ClaimsConfig,
    prisma: PrismaService,
    private readonly commands: CommandBus,
  ) {
    const step =
      <T extends { claimId: string }>(toStep: (data: T) => SagaStep) =>
      (envelope: EventEnvelope, tx: Prisma.TransactionClient) =>
        this.advance(envelope, (envelope.data as T).claimId, toStep(envelope.data as T), tx);
    super(
      { kafka, relay, signatures, logger },
      {
        consumer: config.KAFKA_CONSUMER_GROUP,
        topics: [TOPICS.towing, TOPICS.repair],
        handlers: {
          [TOWING_EVENT_TYPES.TowJobDispatched]: step<TowJobDispatchedV1>(() => ({
            kind: 'TowDispatched',
          })),
          [TOWING_EVENT_TYPES.VehicleDelivered]: step<VehicleDeliveredV1>((d) => ({
            kind: 'VehicleAtShop',
            shopId: d.shopId,
          })),
          [REPAIR_EVENT_TYPES.EstimateSubmitted]: step<EstimateSubmittedV1>((d) => ({
            kind: 'EstimateSubmitted',
            orderId: d.orderId,
            shopId: d.shopId,
            lineItems: d.lineItems,
            totalCents: d.totalCents,
          })),
          [REPAIR_EVENT_TYPES.RepairCompleted]: step<RepairCompletedV1>((d) => ({
            kind: 'RepairCompleted',
            orderId: d.orderId,
          })),
        },
        transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      },
    );
  }

  private async advance(
    envelope: EventEnvelope,
    claimId: string,
    step: SagaStep,
    tx: Prisma.TransactionClient,
  ): Promise<void> {
    try {
      await this.commands.execute(
        new AdvanceClaimCommand(
          claimId,
          step,
          { correlationId: envelope.correlationId ?? envelope.traceId, causationId: envelope.id },
          asTransaction(tx),
        ),
      );
    } catch (error) {
      if (error instanceof DomainError) {
        throw new PoisonMessageError(
          `${envelope.type} for claim ${claimId}: ${error.code} ${error.message}`,
        );
      }
      throw error;
    }
  }
}
