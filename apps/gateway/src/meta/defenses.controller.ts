import { Controller, Get, Inject } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import type { DefensesReport } from '@claimguard/contracts';
import { DEFENSE_SWITCHES } from './meta.tokens.js';

/**
 * Which defenses are on, for the web's red banner and the attack suite. Public on purpose: a
 * training run must be visible to everyone using the system.
 */
@Controller('api/_meta')
export class DefensesController {
  constructor(@Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches) {}

  @Get('defenses')
  defenses(): DefensesReport {
    return this.switches.report();
  }
}
