import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowJobMover } from '../tow-job-mover.js';
import { PickUpTowJobCommand } from './pick-up-tow-job.command.js';

/** `DISPATCHED` → `PICKED_UP`, raising `VehiclePickedUp`. */
@CommandHandler(PickUpTowJobCommand)
export class PickUpTowJobHandler implements ICommandHandler<PickUpTowJobCommand> {
  constructor(private readonly mover: TowJobMover) {}

  execute(command: PickUpTowJobCommand): Promise<TowJobSnapshot> {
    return this.mover.move('PickUpTowJob', command, (job) => job.pickUp());
  }
}
