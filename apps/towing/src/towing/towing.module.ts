import { Module } from '@nestjs/common';
import type { TowingConfig } from '../config.js';
import { TOWING_CONFIG } from '../platform/tokens.js';
import { DeliverTowJobHandler } from './application/commands/deliver-tow-job/deliver-tow-job.handler.js';
import { DispatchTowJobHandler } from './application/commands/dispatch-tow-job/dispatch-tow-job.handler.js';
import { OpenTowJobHandler } from './application/commands/open-tow-job/open-tow-job.handler.js';
import { PickUpTowJobHandler } from './application/commands/pick-up-tow-job/pick-up-tow-job.handler.js';
import { TowJobMover } from './application/commands/tow-job-mover.js';
import { RepairShopRepository } from './application/ports/repair-shop.repository.port.js';
import { TowCompanyRepository } from './application/ports/tow-company.repository.port.js';
import { TowJobRepository } from './application/ports/tow-job.repository.port.js';
import { GetTowJobHandler } from './application/queries/get-tow-job/get-tow-job.handler.js';
import {
  ExportTowJobsV0Handler,
  GetTowJobV0Handler,
} from './application/queries/legacy-v0/legacy-v0.handlers.js';
import { ListTowJobsHandler } from './application/queries/list-tow-jobs/list-tow-jobs.handler.js';
import { PrismaRepairShopRepository } from './infrastructure/repair-shop.repository.js';
import { PrismaTowCompanyRepository } from './infrastructure/tow-company.repository.js';
import { PrismaTowJobRepository } from './infrastructure/tow-job.repository.js';
import { ClaimEventsConsumer } from './interface/claim-events.consumer.js';
import { LegacyV0Controller } from './interface/legacy-v0.controller.js';
import { TowingController } from './interface/towing.controller.js';
import { TowingPolicy } from './policies/towing.policy.js';

/** The towing feature: its HTTP and event entries, use-case handlers, repositories and policy. */
@Module({
  // LegacyV0Controller is a zombie kept on purpose (see its file): never add it to the manifest.
  controllers: [TowingController, LegacyV0Controller],
  providers: [
    OpenTowJobHandler,
    TowJobMover,
    DispatchTowJobHandler,
    PickUpTowJobHandler,
    DeliverTowJobHandler,
    GetTowJobHandler,
    ListTowJobsHandler,
    ExportTowJobsV0Handler,
    GetTowJobV0Handler,
    ClaimEventsConsumer,
    { provide: TowJobRepository, useClass: PrismaTowJobRepository },
    { provide: TowCompanyRepository, useClass: PrismaTowCompanyRepository },
    { provide: RepairShopRepository, useClass: PrismaRepairShopRepository },
    {
      provide: TowingPolicy,
      inject: [TOWING_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: TowingConfig) => TowingPolicy.load(config.defenses),
    },
  ],
})
export class TowingModule {}
