import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CLAIM_EVENT_TYPES,
  REPAIR_EVENT_TYPES,
  TOPICS,
  type ClaimFiledV1,
  type EventEnvelope,
  type RepairCompletedV1,
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
import type { RentalConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { RENTAL_CONFIG } from '../../platform/tokens.js';
import { CloseReservationCommand } from '../application/commands/close-reservation/close-reservation.command.js';
import { ReserveRentalCommand } from '../application/commands/reserve-rental/reserve-rental.command.js';
import type { ChangeContext } from '../application/ports/reservation.repository.port.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/**
 * The message entry of rental: consumes `claims.events.v1` (`ClaimFiled` → `ReserveRental`) and
 * `repair.events.v1` (`RepairCompleted` → `CloseReservation`); every other type is skipped. The
 * chassis' consumer does the delivery rules before this runs: envelope, emitter, signature and data
 * checks against the event catalog, the inbox row in the same transaction as the effect (an event
 * delivered twice reserves one car), and the DLQ with a reason for anything unusable. A handler
 * error is retried; the partition waits meanwhile.
 */
@Injectable()
export class RentalEventsConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(EVENT_SIGNATURES) signatures: EventSignatures,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RENTAL_CONFIG) config: RentalConfig,
    prisma: PrismaService,
    private readonly commands: CommandBus,
  ) {
    super(
      { kafka, relay, signatures, logger: log },
      {
        consumer: config.KAFKA_CONSUMER_GROUP,
        topics: [TOPICS.claims, TOPICS.repair],
        handlers: {
          [CLAIM_EVENT_TYPES.ClaimFiled]: (envelope, tx) => this.onClaimFiled(envelope, tx),
          [REPAIR_EVENT_TYPES.RepairCompleted]: (envelope, tx) =>
            this.onRepairCompleted(envelope, tx),
        },
        transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      },
    );
  }

  /** The data already matched `ClaimFiled` v1 of the catalog; the subject must be its claim. */
  private async onClaimFiled(envelope: EventEnvelope, tx: Prisma.TransactionClient): Promise<void> {
    const claim = envelope.data as ClaimFiledV1;
    if (claim.claimId !== envelope.subject) {
      throw new PoisonMessageError('ClaimFiled subject is not its claim id');
    }
    const result = await this.commands.execute(
      new ReserveRentalCommand(claim, contextOf(envelope), asTransaction(tx)),
    );
    if (result.outcome === 'conflict') {
      // Paths and ids only: the member numbers stay out of the DLQ header.
      throw new PoisonMessageError(
        `ClaimFiled names another member than reservation ${result.reservation.id} of its claim`,
      );
    }
    if (result.outcome === 'not-needed') {
      this.log.debug({ claimId: claim.claimId, eventId: envelope.id }, 'claim needs no rental');
    }
  }

  /**
   * The data already matched `RepairCompleted` v1. Its subject is repair's order, so the claim id
   * comes from the data; a claim that asked for no car has no reservation, which is no error.
   */
  private async onRepairCompleted(
    envelope: EventEnvelope,
    tx: Prisma.TransactionClient,
  ): Promise<void> {
    const repair = envelope.data as RepairCompletedV1;
    await this.commands.execute(
      new CloseReservationCommand(repair.claimId, contextOf(envelope), asTransaction(tx)),
    );
  }
}

/** The causing event's correlation, so a claim's story can be followed across services. */
function contextOf(envelope: EventEnvelope): ChangeContext {
  return { correlationId: envelope.correlationId ?? envelope.traceId, causationId: envelope.id };
}
