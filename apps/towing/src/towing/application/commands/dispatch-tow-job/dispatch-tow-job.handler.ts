import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowJobMover } from '../tow-job-mover.js';
import { DispatchTowJobCommand } from './dispatch-tow-job.command.js';

/** `ASSIGNED` → `DISPATCHED`, raising `TowJobDispatched` (claims: `TOW_DISPATCHED`). */
@CommandHandler(DispatchTowJobCommand)
export class DispatchTowJobHandler implements ICommandHandler<DispatchTowJobCommand> {
  constructor(private readonly mover: TowJobMover) {}

  execute(command: DispatchTowJobCommand): Promise<TowJobSnapshot> {
    return this.mover.move('DispatchTowJob', command, (job) => job.dispatch());
  }
}
