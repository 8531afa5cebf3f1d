import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { EventStore } from '@asn/event-store';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ProblemFilter } from './errors/problem.filter';
import { FixedWindowThrottlerStorage } from './throttling/fixed-window.storage';
import { HealthController } from './health/health.controller';
import { QueriesModule } from './queries/queries.module';
import { EventStoreModule } from './store/event-store.module';
import { Clock, CLOCK } from './write/clock';
import { WriteModule } from './write/write.module';

export interface AppModuleOptions {
  /** Use this store (wrapped in the hash chain) instead of the one the configuration selects. */
  eventStore?: EventStore;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forRoot(options.eventStore),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.THROTTLE_TTL_MS, limit: Math.max(config.THROTTLE_LIMIT, 1) }],
          storage: new FixedWindowThrottlerStorage(),
        }),
        AuthModule,
        {
          module: ClockModule,
          global: true,
          providers: [{ provide: CLOCK, useValue: options.clock ?? (() => new Date()) }],
          exports: [CLOCK],
        },
        WriteModule,
        CommandsModule,
        QueriesModule,
        AuditModule,
      ],
      controllers: [HealthController],
      providers: [
        // Without a limit the guard is left out entirely: nothing to count on the hot path.
        ...(config.THROTTLE_LIMIT > 0 ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : []),
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}

@Module({})
class ClockModule {}
