import { Logger, Module } from '@nestjs/common';
import { describeReadModelStore, openReadModelStore, READ_MODEL_STORE } from '@asn/projections';
import { AppConfig } from '../config/app-config';
import { AdminProjectionsHttpController } from './admin-projections.http.controller';
import { DashboardHttpController } from './dashboard.http.controller';
import { EmployeesHttpController } from './employees.http.controller';
import { LiveEventsHttpController } from './live-events.http.controller';
import { PositionHttpController } from './position.http.controller';
import { ProjectionPositionInterceptor } from './projection-position.interceptor';
import { ReadSide } from './read-side';
import { ReportsHttpController } from './reports.http.controller';
import { RosterHttpController } from './roster.http.controller';
import { Today } from './today';

/**
 * The read side of the api (API.md, "Queries"): rosters, positions, employees, dashboard, reports, live
 * events, and the admin routes of the projections. Needs the global EVENT_STORE, AppConfig and CLOCK.
 * Without REDIS_URL the read models live in this process and the projector runs here too.
 */
@Module({
  controllers: [
    RosterHttpController,
    PositionHttpController,
    EmployeesHttpController,
    DashboardHttpController,
    ReportsHttpController,
    LiveEventsHttpController,
    AdminProjectionsHttpController,
  ],
  providers: [
    {
      provide: READ_MODEL_STORE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        new Logger('ReadSide').log(describeReadModelStore(config.REDIS_URL));
        return openReadModelStore(config.REDIS_URL);
      },
    },
    ReadSide,
    Today,
    ProjectionPositionInterceptor,
  ],
  exports: [ReadSide],
})
export class QueriesModule {}
