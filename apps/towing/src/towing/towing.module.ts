import { Module } from '@nestjs/common';
import type { TowingConfig } from '../config.js';
import { TOWING_CONFIG } from '../platform/tokens.js';
import { OpenTowJobHandler } from './application/commands/open-tow-job/open-tow-job.handler.js';
import { TowCompanyRepository } from './application/ports/tow-company.repository.port.js';
import { TowJobRepository } from './application/ports/tow-job.repository.port.js';
import { GetTowJobHandler } from './application/queries/get-tow-job/get-tow-job.handler.js';
import { ListTowJobsHandler } from './application/queries/list-tow-jobs/list-tow-jobs.handler.js';
import { PrismaTowCompanyRepository } from './infrastructure/tow-company.repository.js';
import { PrismaTowJobRepository } from './infrastructure/tow-job.repository.js';
import { ClaimEventsConsumer } from './interface/claim-events.consumer.js';
import { TowingController } from './interface/towing.controller.js';
import { TowingPolicy } from './policies/towing.policy.js';

/** The towing feature: its HTTP and event entries, use-case handlers, repositories and policy. */
@Module({
  controllers: [TowingController],
  providers: [
    OpenTowJobHandler,
    GetTowJobHandler,
    ListTowJobsHandler,
    ClaimEventsConsumer,
    { provide: TowJobRepository, useClass: PrismaTowJobRepository },
    { provide: TowCompanyRepository, useClass: PrismaTowCompanyRepository },
    {
      provide: TowingPolicy,
      inject: [TOWING_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: TowingConfig) => TowingPolicy.load(config.defenses),
    },
  ],
})
export class TowingModule {}
