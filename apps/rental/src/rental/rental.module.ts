import { Module } from '@nestjs/common';
import type { RentalConfig } from '../config.js';
import { RENTAL_CONFIG } from '../platform/tokens.js';
import { CloseReservationHandler } from './application/commands/close-reservation/close-reservation.handler.js';
import { ConfirmReservationHandler } from './application/commands/confirm-reservation/confirm-reservation.handler.js';
import { ReserveRentalHandler } from './application/commands/reserve-rental/reserve-rental.handler.js';
import { ClaimCoverageGateway } from './application/ports/claim-coverage.port.js';
import { RentalAgencyRepository } from './application/ports/rental-agency.repository.port.js';
import { ReservationRepository } from './application/ports/reservation.repository.port.js';
import { GetReservationHandler } from './application/queries/get-reservation/get-reservation.handler.js';
import { ListReservationsHandler } from './application/queries/list-reservations/list-reservations.handler.js';
import { HttpClaimCoverageGateway } from './infrastructure/claim-coverage.client.js';
import { PrismaRentalAgencyRepository } from './infrastructure/rental-agency.repository.js';
import { PrismaReservationRepository } from './infrastructure/reservation.repository.js';
import { RentalEventsConsumer } from './interface/rental-events.consumer.js';
import { RentalController } from './interface/rental.controller.js';
import { RentalPolicy } from './policies/rental.policy.js';

/** The rental feature: its HTTP and event entries, use-case handlers, repositories and policy. */
@Module({
  controllers: [RentalController],
  providers: [
    ReserveRentalHandler,
    CloseReservationHandler,
    ConfirmReservationHandler,
    GetReservationHandler,
    ListReservationsHandler,
    RentalEventsConsumer,
    { provide: ReservationRepository, useClass: PrismaReservationRepository },
    { provide: RentalAgencyRepository, useClass: PrismaRentalAgencyRepository },
    { provide: ClaimCoverageGateway, useClass: HttpClaimCoverageGateway },
    {
      provide: RentalPolicy,
      inject: [RENTAL_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: RentalConfig) => RentalPolicy.load(config.defenses),
    },
  ],
})
export class RentalModule {}
