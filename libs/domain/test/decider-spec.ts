import {
  DEFAULT_DOMAIN_CONFIG,
  decideStaffing,
  evolveStaffing,
  initialStaffingState,
  type DecideContext,
  type DomainConfig,
  type StaffingCommand,
  type StaffingEvent,
  type StaffingState,
  type Warning,
} from '../src/index';

export const TODAY = '2025-06-01';

export function context(config: Partial<DomainConfig> = {}): DecideContext {
  return { today: TODAY, now: `${TODAY}T08:00:00.000Z`, config: { ...DEFAULT_DOMAIN_CONFIG, ...config } };
}

/** Folds accepted commands into a state; a given that is refused fails the test loudly. */
export function stateAfter(commands: StaffingCommand[], ctx = context()): StaffingState {
  const state = initialStaffingState();
  for (const command of commands) {
    const decision = decideStaffing(command, state, ctx);
    if (!decision.ok) {
      throw new Error(`given ${command.type} was refused: ${JSON.stringify(decision.violations)}`);
    }
    for (const event of decision.events) evolveStaffing(state, event, state.revision + 1);
  }
  return state;
}

/** Emmett-style decider specification: given(accepted commands).when(command).then...(). */
export function given(...commands: StaffingCommand[]) {
  return {
    withConfig(config: Partial<DomainConfig>) {
      return whenOn(stateAfter(commands, context(config)), context(config));
    },
    ...whenOn(stateAfter(commands), context()),
  };
}

function whenOn(state: StaffingState, ctx: DecideContext) {
  return {
    when(command: StaffingCommand) {
      const decision = decideStaffing(command, state, ctx);
      return {
        decision,
        thenAccepts(check?: (events: StaffingEvent[], warnings: Warning[]) => void): StaffingEvent[] {
          if (!decision.ok)
            throw new Error(`expected acceptance, got ${JSON.stringify(decision.violations)}`);
          check?.(decision.events, decision.warnings);
          return decision.events;
        },
        thenRejects(code: string, line?: number): void {
          if (decision.ok) throw new Error(`expected ${code}, but the command was accepted`);
          const match = decision.violations.find(
            (v) => v.code === code && (line === undefined || v.line === line),
          );
          if (!match)
            throw new Error(
              `expected ${code}${line === undefined ? '' : ` on line ${line}`}, got ${JSON.stringify(decision.violations)}`,
            );
        },
        thenWarns(code: string): void {
          if (!decision.warnings.some((w) => w.code === code)) {
            throw new Error(
              `expected warning ${code}, got ${JSON.stringify(decision.warnings)} / ${JSON.stringify(decision.ok ? [] : decision.violations)}`,
            );
          }
        },
      };
    },
  };
}
