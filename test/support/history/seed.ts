import { createHash } from 'node:crypto';
import {
  DEFAULT_DOMAIN_CONFIG,
  decideEmployee,
  decideStaffing,
  employeeStream,
  evolveEmployee,
  evolveStaffing,
  initialEmployeeDevState,
  initialStaffingState,
  staffingStream,
  type DecideContext,
  type EmployeeCommand,
  type EmployeeDevState,
  type StaffingCommand,
  type StaffingState,
} from '@asn/domain';
import type { EventStore, EventToAppend } from '@asn/event-store';
import { HistoryGenerator, type HistoryCommand, type HistoryOptions } from './generator';

/** A name-based UUID (v5 layout), so that the same seed writes the same event ids. */
function uuidFrom(...parts: string[]): string {
  const bytes = createHash('sha1').update(parts.join('\u0000')).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface SeedSummary {
  instansi: string;
  commands: number;
  staffingEvents: number;
  employeeEvents: number;
  employeeStreams: number;
  warnings: number;
  /** Events by type, over both kinds of stream. */
  byType: Record<string, number>;
  /** Largest decree (lines). */
  largestDecree: number;
  decrees: number;
  seconds: number;
  /** The decided staffing state at the end (for callers that measure it). */
  state: StaffingState;
}

export interface SeedOptions extends HistoryOptions {
  /** Staffing events per append (one transaction); default 5,000. */
  batch?: number;
  onProgress?(summary: Omit<SeedSummary, 'state' | 'seconds'>): void;
}

/** A decided command: its events are in the decided state already. */
interface Decided {
  stream: string;
  events: EventToAppend[];
  expected: number;
}

/**
 * Runs every command of a generated history through the same `decide` as the api and appends the
 * accepted events to `store` (or only decides, when `store` is null). A refused command is a bug in the
 * generator, not data: it stops the seed with the violations.
 */
export async function seedHistory(store: EventStore | null, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const generator = new HistoryGenerator(options);
  const instansi = generator.plan.code;
  const stream = staffingStream(instansi);
  const seed = String(options.seed ?? 3374);
  const batchSize = options.batch ?? 5_000;
  const state = initialStaffingState();
  const dev = new Map<string, EmployeeDevState>();
  const summary: Omit<SeedSummary, 'state' | 'seconds'> = {
    instansi,
    commands: 0,
    staffingEvents: 0,
    employeeEvents: 0,
    employeeStreams: 0,
    warnings: 0,
    byType: {},
    largestDecree: 0,
    decrees: 0,
  };
  let staffingBatch: EventToAppend[] = [];
  let employeeBatch: Decided[] = [];
  let appended = -1;

  const flush = async (): Promise<void> => {
    if (!store) {
      staffingBatch = [];
      employeeBatch = [];
      return;
    }
    if (staffingBatch.length > 0) {
      const result = await store.append(stream, staffingBatch, appended < 0 ? 'no_stream' : appended);
      appended = result.nextRevision;
      staffingBatch = [];
    }
    // One append per employee command; those of one flush share group commits.
    await Promise.all(
      employeeBatch.map((d) => store.append(d.stream, d.events, d.expected < 0 ? 'no_stream' : d.expected)),
    );
    employeeBatch = [];
  };

  const envelope = (
    cmd: HistoryCommand,
    commandId: string,
    events: { type: string; data: unknown }[],
    decree: { decreeId?: string; number?: string } | null,
  ): EventToAppend[] =>
    events.map((event, i) => {
      const id = uuidFrom('asn:seed', seed, commandId, String(i));
      summary.byType[event.type] = (summary.byType[event.type] ?? 0) + 1;
      return {
        id,
        type: event.type,
        data: event.data,
        metadata: {
          eventId: id,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          actor: 'seed',
          recordedAt: cmd.recordedAt,
          schemaVersion: 1,
          decree,
        },
      };
    });

  for (const cmd of generator.commands()) {
    const ctx: DecideContext = { today: cmd.today, now: cmd.recordedAt, config: DEFAULT_DOMAIN_CONFIG };
    const commandId = uuidFrom('asn:seed-command', seed, String(summary.commands++));
    if (cmd.stream === 'staffing') {
      const command = cmd.command as StaffingCommand;
      const decision = decideStaffing(command, state, ctx);
      if (!decision.ok) throw refused(command, decision.violations);
      summary.warnings += decision.warnings.length;
      let decree: { decreeId?: string; number?: string } | null = null;
      if (command.type === 'IssueDecree') {
        decree = { decreeId: command.data.decreeId, number: command.data.decree.number };
        summary.decrees++;
        summary.largestDecree = Math.max(summary.largestDecree, command.data.lines.length);
      }
      for (const event of decision.events) evolveStaffing(state, event, state.revision + 1);
      staffingBatch.push(...envelope(cmd, commandId, decision.events, decree));
      summary.staffingEvents += decision.events.length;
    } else {
      const command = cmd.command as EmployeeCommand;
      const nip = command.data.nip;
      let own = dev.get(nip);
      if (!own) {
        own = initialEmployeeDevState(nip);
        dev.set(nip, own);
        summary.employeeStreams++;
      }
      const decision = decideEmployee(command, own, state.employees.get(nip), ctx);
      if (!decision.ok) throw refused(command, decision.violations);
      const expected = own.revision;
      for (const event of decision.events) evolveEmployee(own, event, own.revision + 1);
      employeeBatch.push({
        stream: employeeStream(nip),
        events: envelope(cmd, commandId, decision.events, null),
        expected,
      });
      summary.employeeEvents += decision.events.length;
    }
    if (staffingBatch.length >= batchSize || employeeBatch.length >= 1_000) {
      await flush();
      options.onProgress?.(summary);
    }
  }
  await flush();
  options.onProgress?.(summary);
  return { ...summary, state, seconds: (performance.now() - started) / 1000 };
}

function refused(
  command: StaffingCommand | EmployeeCommand,
  violations: { code: string; message: string; line?: number }[],
): Error {
  const first = violations
    .slice(0, 5)
    .map((v) => `${v.code}${v.line === undefined ? '' : ` (line ${v.line})`}: ${v.message}`)
    .join('; ');
  return new Error(`the history generator produced a ${command.type} that decide refuses: ${first}`);
}
