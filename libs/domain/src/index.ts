export * from './vocabulary';
export * from './event';
export * from './events';
export * from './commands';
export * from './decision';
export * from './dates';
export * from './identity';
export * from './rank';
export * from './position-kind';
export * from './state';
export { evolveStaffing } from './evolve';
export { factId, placementFactOf, actingFactOf, actingChangeOf, redeploymentFactOf } from './facts';
export { decideStaffing } from './decide-staffing';
export { dryRunDecree, type DryRun } from './dry-run';
export {
  initialEmployeeDevState,
  evolveEmployee,
  decideEmployee,
  type EmployeeDevState,
} from './employee-development';
export { rosterOf, childUnits, type Roster, type RosterPosition, type RosterTotals } from './roster';
export { unitNameOn, unitParentOn, unitOpenOn, positionUnitOn } from './units';
export { employeeProfile, JP_MINIMUM, type EmployeeProfile, type EmployeeStatus } from './profile';
export {
  placementSegments,
  holderSegments,
  segmentAt,
  actingInForce,
  actingsOn,
  valueAt,
  retirementDateIn,
  type Segment,
} from './timeline';
export { snapshotOf, stateFromSnapshot, SET_MAPS } from './snapshot';
