import { Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../errors/problem';
import type { CommandMeta } from './command-meta';

interface Answer {
  requestHash: string;
  status: number;
  body?: unknown;
  error?: ProblemException;
}

/** Answers kept for Idempotency-Key retries in this process (the log keeps accepted ones across restarts). */
const REMEMBERED = 100_000;

/**
 * Sends a command through the CommandBus and answers the HTTP request. With an Idempotency-Key, a retry
 * (same key, same method, path and body) gets the first answer, status and body, even while the first is
 * still running; the same key with another request gets 409 IDEMPOTENCY_MISMATCH.
 */
@Injectable()
export class CommandGateway {
  private readonly answers = new Map<string, Promise<Answer>>();

  constructor(private readonly commandBus: CommandBus) {}

  async send<T>(reply: FastifyReply, meta: CommandMeta, command: ICommand, status = 201): Promise<T> {
    if (meta.idempotencyKey === undefined) {
      const body = await this.commandBus.execute<ICommand, T>(command);
      reply.status(status);
      return body;
    }
    let pending = this.answers.get(meta.commandId);
    if (!pending) {
      pending = this.run(meta, command, status);
      if (this.answers.size >= REMEMBERED) this.answers.delete(this.answers.keys().next().value as string);
      this.answers.set(meta.commandId, pending);
    }
    const answer = await pending;
    if (answer.requestHash !== meta.requestHash) {
      throw new ProblemException(
        'IDEMPOTENCY_MISMATCH',
        `Idempotency-Key "${meta.idempotencyKey}" was used for a different request; use a new key`,
      );
    }
    if (answer.error) throw answer.error;
    reply.status(answer.status);
    return answer.body as T;
  }

  private async run(meta: CommandMeta, command: ICommand, status: number): Promise<Answer> {
    const requestHash = meta.requestHash ?? '';
    try {
      return { requestHash, status, body: await this.commandBus.execute(command) };
    } catch (error) {
      // Only definite answers are kept; after a 5xx or 429 nothing was written and a retry runs again.
      const definite =
        error instanceof ProblemException && error.problem.status < 500 && error.problem.status !== 429;
      if (!definite) this.answers.delete(meta.commandId);
      if (definite) return { requestHash, status: error.problem.status, error };
      throw error;
    }
  }
}
