import { Module } from '@nestjs/common';
import { AbolishPositionHandler } from './abolish-position/abolish-position.handler';
import { AbolishPositionHttpController } from './abolish-position/abolish-position.http.controller';
import { AnnulDecreeHandler } from './annul-decree/annul-decree.handler';
import { AnnulDecreeHttpController } from './annul-decree/annul-decree.http.controller';
import { AppointEmployeeHandler } from './appoint-employee/appoint-employee.handler';
import { AppointEmployeeHttpController } from './appoint-employee/appoint-employee.http.controller';
import { ArrangeWorkHandler } from './arrange-work/arrange-work.handler';
import { ArrangeWorkHttpController } from './arrange-work/arrange-work.http.controller';
import { AssignActingHandler } from './assign-acting/assign-acting.handler';
import { AssignActingHttpController } from './assign-acting/assign-acting.http.controller';
import { ChangePositionRequirementsHandler } from './change-position-requirements/change-position-requirements.handler';
import { ChangePositionRequirementsHttpController } from './change-position-requirements/change-position-requirements.http.controller';
import { CompleteTrainingHandler } from './complete-training/complete-training.handler';
import { CompleteTrainingHttpController } from './complete-training/complete-training.http.controller';
import { EstablishPositionHandler } from './establish-position/establish-position.handler';
import { EstablishPositionHttpController } from './establish-position/establish-position.http.controller';
import { ChangeUnitHandler } from './change-unit/change-unit.handler';
import { ChangeUnitHttpController } from './change-unit/change-unit.http.controller';
import { DissolveUnitHandler } from './dissolve-unit/dissolve-unit.handler';
import { DissolveUnitHttpController } from './dissolve-unit/dissolve-unit.http.controller';
import { EstablishUnitHandler } from './establish-unit/establish-unit.handler';
import { RecordDisciplineHandler } from './record-discipline/record-discipline.handler';
import { RecordDisciplineHttpController } from './record-discipline/record-discipline.http.controller';
import { EstablishUnitHttpController } from './establish-unit/establish-unit.http.controller';
import { GetDecreeHandler } from './get-decree/get-decree.handler';
import { GetDecreeHttpController } from './get-decree/get-decree.http.controller';
import { IssueDecreeHandler } from './issue-decree/issue-decree.handler';
import { IssueDecreeHttpController } from './issue-decree/issue-decree.http.controller';
import { PromoteEmployeeHandler } from './promote-employee/promote-employee.handler';
import { PromoteEmployeeHttpController } from './promote-employee/promote-employee.http.controller';
import { ReassignEmployeeHandler } from './reassign-employee/reassign-employee.handler';
import { ReassignEmployeeHttpController } from './reassign-employee/reassign-employee.http.controller';
import { RecordAbsenceHandler } from './record-absence/record-absence.handler';
import { RecordAbsenceHttpController } from './record-absence/record-absence.http.controller';
import { RedeployEmployeeHandler } from './redeploy-employee/redeploy-employee.handler';
import { RedeployEmployeeHttpController } from './redeploy-employee/redeploy-employee.http.controller';
import { RegisterEmployeeHandler } from './register-employee/register-employee.handler';
import { RegisterEmployeeHttpController } from './register-employee/register-employee.http.controller';
import { SeparateEmployeeHandler } from './separate-employee/separate-employee.handler';
import { SeparateEmployeeHttpController } from './separate-employee/separate-employee.http.controller';

/** Every command endpoint of API.md (hr-admin), one use case per folder. */
@Module({
  controllers: [
    EstablishUnitHttpController,
    ChangeUnitHttpController,
    DissolveUnitHttpController,
    RecordDisciplineHttpController,
    EstablishPositionHttpController,
    ChangePositionRequirementsHttpController,
    AbolishPositionHttpController,
    RegisterEmployeeHttpController,
    PromoteEmployeeHttpController,
    RecordAbsenceHttpController,
    SeparateEmployeeHttpController,
    IssueDecreeHttpController,
    AppointEmployeeHttpController,
    ReassignEmployeeHttpController,
    AssignActingHttpController,
    RedeployEmployeeHttpController,
    AnnulDecreeHttpController,
    GetDecreeHttpController,
    CompleteTrainingHttpController,
    ArrangeWorkHttpController,
  ],
  providers: [
    EstablishUnitHandler,
    ChangeUnitHandler,
    DissolveUnitHandler,
    RecordDisciplineHandler,
    EstablishPositionHandler,
    ChangePositionRequirementsHandler,
    AbolishPositionHandler,
    RegisterEmployeeHandler,
    PromoteEmployeeHandler,
    RecordAbsenceHandler,
    SeparateEmployeeHandler,
    IssueDecreeHandler,
    AppointEmployeeHandler,
    ReassignEmployeeHandler,
    AssignActingHandler,
    RedeployEmployeeHandler,
    AnnulDecreeHandler,
    GetDecreeHandler,
    CompleteTrainingHandler,
    ArrangeWorkHandler,
  ],
})
export class CommandsModule {}
