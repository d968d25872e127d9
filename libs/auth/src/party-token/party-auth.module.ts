import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from './auth-options.js';
import { PartyTokenGuard } from './party-token.guard.js';
import { PartyTokenStrategy } from './party-token.strategy.js';

/**
 * Party-token authentication for one service: registers the passport strategy and the global
 * guard. Import it once in the service's root module.
 * @example PartyAuthModule.forRoot({ service: 'claims', issuer, jwksUrl, defenses, logger })
 */
@Module({})
export class PartyAuthModule {
  static forRoot(options: PartyAuthOptions): DynamicModule {
    return {
      module: PartyAuthModule,
      global: true,
      imports: [PassportModule],
      providers: [
        { provide: PARTY_AUTH_OPTIONS, useValue: options },
        PartyTokenStrategy,
        { provide: APP_GUARD, useClass: PartyTokenGuard },
      ],
      exports: [PARTY_AUTH_OPTIONS],
    };
  }
}
