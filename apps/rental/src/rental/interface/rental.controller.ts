import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CurrentParty,
  RequireScopes,
  ZodBodyPipe,
  type AuthenticatedParty,
} from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import { ConfirmReservationCommand } from '../application/commands/confirm-reservation/confirm-reservation.command.js';
import { GetReservationQuery } from '../application/queries/get-reservation/get-reservation.query.js';
import { ListReservationsQuery } from '../application/queries/list-reservations/list-reservations.query.js';
import {
  ConfirmReservationBodySchema,
  type ConfirmReservationBody,
} from './dto/confirm-reservation.body.js';
import { toReservationResponse, type ReservationResponse } from './dto/reservation.response.js';

/**
 * HTTP entry of rental (`/api/rental…` at the gateway). It only turns requests into commands and
 * queries and results into DTOs; authorization beyond scopes happens in the handlers, through the
 * policy. Reservations are made and closed by events, not by HTTP (see rental-events.consumer.ts).
 */
@Controller('rental')
export class RentalController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('reservations')
  @RequireScopes('rental:read')
  async list(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: ReservationResponse[] }> {
    const reservations = await this.queries.execute(
      new ListReservationsQuery(caller, correlationId),
    );
    // An object, not a bare array, so paging fields can be added without breaking clients.
    return { items: reservations.map(toReservationResponse) };
  }

  @Get('reservations/:id')
  @RequireScopes('rental:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<ReservationResponse> {
    return toReservationResponse(
      await this.queries.execute(new GetReservationQuery(caller, id, correlationId)),
    );
  }

  @Post('reservations/:id/confirm')
  @HttpCode(200)
  @RequireScopes('rental:write')
  async confirm(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    // Validated and then unused: the body may only be empty (see ConfirmReservationBodySchema).
    @Body(new ZodBodyPipe(ConfirmReservationBodySchema)) _body: ConfirmReservationBody,
    @CorrelationId() correlationId: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ReservationResponse> {
    // The guard verified this party token; rental exchanges it to ask claims for the coverage.
    const partyToken = authorization?.replace(/^Bearer /, '') ?? '';
    return toReservationResponse(
      await this.commands.execute(
        new ConfirmReservationCommand(caller, id, correlationId, partyToken),
      ),
    );
  }
}
