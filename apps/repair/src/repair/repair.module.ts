import { Module } from '@nestjs/common';
import type { RepairConfig } from '../config.js';
import { REPAIR_CONFIG } from '../platform/tokens.js';
import { CompleteRepairHandler } from './application/commands/complete-repair/complete-repair.handler.js';
import { OpenRepairOrderHandler } from './application/commands/open-repair-order/open-repair-order.handler.js';
import { RecordClaimDecisionHandler } from './application/commands/record-claim-decision/record-claim-decision.handler.js';
import { SubmitEstimateHandler } from './application/commands/submit-estimate/submit-estimate.handler.js';
import { RepairOrderAccess } from './application/order-access.js';
import { RepairOrderRepository } from './application/ports/repair-order.repository.port.js';
import { RepairShopRepository } from './application/ports/repair-shop.repository.port.js';
import { GetRepairOrderHandler } from './application/queries/get-repair-order/get-repair-order.handler.js';
import { ListRepairOrdersHandler } from './application/queries/list-repair-orders/list-repair-orders.handler.js';
import { PrismaRepairOrderRepository } from './infrastructure/repair-order.repository.js';
import { PrismaRepairShopRepository } from './infrastructure/repair-shop.repository.js';
import { RepairController } from './interface/repair.controller.js';
import { RepairEventsConsumer } from './interface/repair-events.consumer.js';
import { RepairPolicy } from './policies/repair.policy.js';

/** The repair feature: its HTTP and event entries, use-case handlers, repositories and policy. */
@Module({
  controllers: [RepairController],
  providers: [
    OpenRepairOrderHandler,
    RecordClaimDecisionHandler,
    SubmitEstimateHandler,
    CompleteRepairHandler,
    GetRepairOrderHandler,
    ListRepairOrdersHandler,
    RepairOrderAccess,
    RepairEventsConsumer,
    { provide: RepairOrderRepository, useClass: PrismaRepairOrderRepository },
    { provide: RepairShopRepository, useClass: PrismaRepairShopRepository },
    {
      provide: RepairPolicy,
      inject: [REPAIR_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: RepairConfig) => RepairPolicy.load(config.defenses),
    },
  ],
})
export class RepairModule {}
