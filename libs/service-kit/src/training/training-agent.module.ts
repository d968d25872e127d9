import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import type { EventSigningKey, SqlExecutor } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import { TrainingAgent } from '@claimguard/training';
import type { EventSignatures } from '../messaging/event-signatures.js';
import { DATABASE, EVENT_SIGNATURES, EVENT_SIGNING_KEY, LOGGER } from '../tokens.js';

const TRAINING_AGENT = Symbol('TRAINING_AGENT');
const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

export interface ServiceTrainingOptions {
  service: string;
  /** `TRAINING_SWITCHBOARD_URL` (the gateway); unset: the switches stay as started. */
  switchboardUrl: string | undefined;
  defenses: DefenseSwitches;
  /**
   * The service's own workshop data, emptied on a workshop reset (its reference tables — partner
   * shops, agencies, adjusters — stay). Outbox and inbox belong here: a reset starts clean.
   */
  resetTables: readonly string[];
}

/**
 * Empties `tables` in one statement, so a reset is all or nothing.
 * @example await truncateTables(prisma, ['tow_jobs', 'outbox_messages', 'inbox_messages']);
 */
export async function truncateTables(db: SqlExecutor, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  const bad = tables.filter((table) => !TABLE.test(table));
  if (bad.length > 0) throw new Error(`not a table name: ${bad.join(', ')}`);
  await db.$executeRawUnsafe(`TRUNCATE TABLE ${tables.map((t) => `"${t}"`).join(', ')}`);
}

@Injectable()
class TrainingAgentLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(TRAINING_AGENT) private readonly agent: TrainingAgent | null) {}

  onApplicationBootstrap(): void {
    this.agent?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent?.stop();
  }
}

/**
 * The service's link to the training switchboard (libs/training `TrainingAgent`): syncs the
 * switches at runtime, reports training-path uses for the scoreboard, and empties `resetTables` on
 * a workshop reset. Without `switchboardUrl`, or in production, there is no agent.
 */
@Module({})
export class TrainingAgentModule {
  static forRoot(options: ServiceTrainingOptions): DynamicModule {
    return {
      module: TrainingAgentModule,
      providers: [
        {
          provide: TRAINING_AGENT,
          inject: [EVENT_SIGNING_KEY, EVENT_SIGNATURES, DATABASE, LOGGER],
          useFactory: (
            signingKey: EventSigningKey,
            signatures: EventSignatures,
            db: SqlExecutor,
            log: Logger,
          ) =>
            options.switchboardUrl && !options.defenses.frozen
              ? new TrainingAgent({
                  service: options.service,
                  switchboardUrl: options.switchboardUrl,
                  switches: options.defenses,
                  signingKey,
                  // The switchboard's answers are verified with the same trust store as events.
                  trustStore: signatures.keys,
                  log,
                  reset: () => truncateTables(db, options.resetTables),
                })
              : null,
        },
        TrainingAgentLifecycle,
      ],
    };
  }
}
