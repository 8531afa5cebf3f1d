import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';

export interface LoggingOptions {
  /** pino level; default LOG_LEVEL, else `silent` under NODE_ENV=test and `info` otherwise. */
  level?: LevelWithSilent;
  /** Where the JSON lines go (default stdout); tests pass a stream to read them. */
  stream?: DestinationStream;
}

export function logLevel(env: Record<string, string | undefined> = process.env): LevelWithSilent {
  const level = env.LOG_LEVEL?.trim();
  const known: LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (level && (known as string[]).includes(level)) return level as LevelWithSilent;
  return env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** The api's JSON log: one line per request and Nest's own lines, `{"level":"info","time":...,"service":"asn-api",...}`. */
export function createJsonLogger(options: LoggingOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevel(),
      base: { service: 'asn-api' },
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.stream,
  );
}

/** The level of a request's line: errors for 5xx, warnings for 4xx (a refused command is worth a look). */
export function requestLogLevel(statusCode: number): Level {
  if (statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/** Nest's own lines (start-up, shutdown, unexpected errors) as JSON lines of the same log. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest passes (message, stack, context) for errors and (message, context) otherwise.
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context?: string, stack?: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.logger[level](fields, message);
    else this.logger[level]({ ...fields, data: message }, 'log');
  }
}
