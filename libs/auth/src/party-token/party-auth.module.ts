import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { CALLER_AUTH_OPTIONS, type CallerAuthOptions } from '../mtls/caller-options.js';
import { CallerGuard } from '../mtls/caller.guard.js';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from './auth-options.js';
import { PartyTokenGuard } from './party-token.guard.js';
import { PartyTokenStrategy } from './party-token.strategy.js';

/**
 * Party-token authentication for one service: registers the passport strategy and the global
 * guard, preceded by the caller guard (defense `mtls`) when `callers` is given: global guards run
 * in the order they are provided. Import it once in the service's root module.
 * @example PartyAuthModule.forRoot({ service: 'claims', issuer, jwksUrl, defenses, logger })
 */
@Module({})
export class PartyAuthModule {
  static forRoot(options: PartyAuthOptions): DynamicModule {
    const callerGuard: Provider[] = options.callers
      ? [
          {
            provide: CALLER_AUTH_OPTIONS,
            useValue: {
              ...options.callers,
              defenses: options.defenses,
              logger: options.logger,
            } satisfies CallerAuthOptions,
          },
          { provide: APP_GUARD, useClass: CallerGuard },
        ]
      : [];
    return {
      module: PartyAuthModule,
      global: true,
      imports: [PassportModule],
      providers: [
        { provide: PARTY_AUTH_OPTIONS, useValue: options },
        ...callerGuard,
        PartyTokenStrategy,
        { provide: APP_GUARD, useClass: PartyTokenGuard },
      ],
      exports: [PARTY_AUTH_OPTIONS],
    };
  }
}
