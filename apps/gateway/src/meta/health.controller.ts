import { Controller, Get } from '@nestjs/common';

/** Liveness: the process is up and serving (dependencies are reported per request as 503). */
@Controller('healthz')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
