import { aTraining, anEmployee, aUnit, bearer, nthNip } from '@asn/testing';
import { commandIdFor } from '../../../apps/api/src/write/ids';
import type { CommandResponse } from '../../../apps/api/src/write/command-response';

export interface SentCommand {
  key: string;
  commandId: string;
  kind: 'unit' | 'employee' | 'training';
  path: string;
  body: object;
  /** `unknown`: no answer (the process died, or 503): sent again with the same Idempotency-Key later. */
  state: 'unknown' | 'acked';
  attempts: number;
  response?: CommandResponse;
  nip?: string;
  unitId?: string;
}

const ACTOR = 'fault-harness';
const AUTH = bearer('hr-admin', { sub: ACTOR });

/**
 * Every command the harness sent and what became of it. Each has its own Idempotency-Key, so sending it
 * again after a crash must return the first answer (if it was written) or apply it once (if not).
 */
export class Ledger {
  readonly commands = new Map<string, SentCommand>();
  private seq = 0;

  constructor(private readonly lane: string) {}

  get acked(): SentCommand[] {
    return [...this.commands.values()].filter((c) => c.state === 'acked');
  }

  get unknown(): SentCommand[] {
    return [...this.commands.values()].filter((c) => c.state === 'unknown');
  }

  /** A new command: a unit, an employee, or a training of an employee already acknowledged. */
  create(random: () => number): SentCommand {
    const n = (this.seq += 1);
    const key = `${this.lane}-${n}`;
    const employees = this.acked.filter((c) => c.kind === 'employee');
    const roll = random();
    let command: Omit<SentCommand, 'key' | 'commandId' | 'state' | 'attempts'>;
    if (roll < 0.25) {
      const unitId = `${this.lane}-u${n}`;
      command = {
        kind: 'unit',
        path: '/api/v1/units',
        body: aUnit({ id: unitId, name: `Unit ${n}` }),
        unitId,
      };
    } else if (roll < 0.7 || employees.length === 0) {
      const nip = nthNip(n);
      command = {
        kind: 'employee',
        path: '/api/v1/employees',
        body: anEmployee({ nip, name: `Pegawai ${n}` }),
        nip,
      };
    } else {
      const nip = employees[Math.floor(random() * employees.length)].nip as string;
      command = {
        kind: 'training',
        path: `/api/v1/employees/${nip}/trainings`,
        body: aTraining({ certificateNumber: `CERT-${key}`, hours: 1 + (n % 40) }),
        nip,
      };
    }
    const sent: SentCommand = {
      ...command,
      key,
      commandId: commandIdFor(key, ACTOR),
      state: 'unknown',
      attempts: 0,
    };
    this.commands.set(key, sent);
    return sent;
  }

  /**
   * Sends one command. Resolves 'acked' on 201, 'unknown' when no definite answer came (connection lost,
   * 503); throws on any other answer, which breaks the contract (e.g. 409 for a retry of the same key).
   */
  async send(baseUrl: string, command: SentCommand): Promise<'acked' | 'unknown'> {
    command.attempts += 1;
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${command.path}`, {
        method: 'POST',
        headers: {
          authorization: AUTH,
          'content-type': 'application/json',
          'idempotency-key': command.key,
          'x-correlation-id': command.key,
        },
        body: JSON.stringify(command.body),
        signal: AbortSignal.timeout(20_000),
      });
    } catch {
      return 'unknown';
    }
    const text = await res.text().catch(() => '');
    if (res.status === 503 || (res.status === 0 && !text)) return 'unknown';
    if (res.status !== 201) {
      throw new Error(
        `command ${command.key} (${command.kind}, attempt ${command.attempts}) got ${res.status}: ${text}`,
      );
    }
    const response = JSON.parse(text) as CommandResponse;
    if (response.commandId !== command.commandId) {
      throw new Error(
        `command ${command.key} was answered for command ${response.commandId}, not ${command.commandId}`,
      );
    }
    if (command.response && JSON.stringify(command.response) !== JSON.stringify(response)) {
      throw new Error(`command ${command.key} got two different 201 answers`);
    }
    command.response = response;
    command.state = 'acked';
    return 'acked';
  }
}

/** Workers sending commands until `stop()` or the api stops answering; unknown ones are sent again first. */
export async function drive(
  baseUrl: string,
  ledger: Ledger,
  options: { workers: number; random: () => number; stopped: () => boolean },
): Promise<void> {
  const retries = ledger.unknown;
  const worker = async () => {
    while (!options.stopped()) {
      const command = retries.shift() ?? ledger.create(options.random);
      if ((await ledger.send(baseUrl, command)) === 'unknown') return;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
}

/** A small seeded generator (mulberry32), so a failing run can be replayed with the same FAULT_SEED. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
