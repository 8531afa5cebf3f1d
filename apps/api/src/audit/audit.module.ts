import { Module } from '@nestjs/common';
import { staffingStream } from '@asn/domain';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import { StaffingReplay } from '@asn/audit';
import { AppConfig } from '../config/app-config';
import { AuditExportHttpController } from './audit-export.http.controller';
import { AuditHistoryHttpController } from './audit-history.http.controller';
import { AuditLogHttpController } from './audit-log.http.controller';
import { AuditRosterHttpController } from './audit-roster.http.controller';

/**
 * The auditor's endpoints (API.md, "Audit"), all read from the event store, never from the read models.
 * Needs the global EVENT_STORE, AppConfig and CLOCK providers of AppModule.
 */
@Module({
  controllers: [
    AuditHistoryHttpController,
    AuditRosterHttpController,
    AuditLogHttpController,
    AuditExportHttpController,
  ],
  providers: [
    {
      // One per process, so its checkpoints serve every bitemporal roster of the staffing stream.
      provide: StaffingReplay,
      inject: [EVENT_STORE, AppConfig],
      useFactory: (store: EventStore, config: AppConfig) =>
        new StaffingReplay(store, staffingStream(config.INSTANSI)),
    },
  ],
})
export class AuditModule {}
