import { Global, Module } from '@nestjs/common';
import { CommandGateway } from './command-gateway';
import { EmployeeWriter } from './employee-writer';
import { StaffingWriter } from './staffing-writer';

/** The shared write pipeline: per-stream queues with group commit, and the idempotent command gateway. */
@Global()
@Module({
  providers: [StaffingWriter, EmployeeWriter, CommandGateway],
  exports: [StaffingWriter, EmployeeWriter, CommandGateway],
})
export class WriteModule {}
