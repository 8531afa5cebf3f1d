import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, Level, LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';

export interface LoggingOptions {
  /** pino level; default LOG_LEVEL, else `silent` under NODE_ENV=test and `info` otherwise. */
  level?: LevelWithSilent;
  /** Where the JSON lines go (default stdout); tests pass a stream to read them. */
  stream?: DestinationStream;
}

type Request = IncomingMessage & { id?: unknown };

/** The request's correlation id: kept on the request (the write pipeline reads the header) and echoed. */
function settleCorrelationId(req: Request, res: ServerResponse): string {
  const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  req.headers[CORRELATION_HEADER] = id;
  if (!res.headersSent && res.getHeader('X-Correlation-Id') === undefined)
    res.setHeader('X-Correlation-Id', id);
  return id;
}

/** Never written to a log: credentials in headers. */
export const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

export function logLevel(env: Record<string, string | undefined> = process.env): LevelWithSilent {
  const level = env.LOG_LEVEL?.trim();
  const known: LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (level && (known as string[]).includes(level)) return level as LevelWithSilent;
  return env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/**
 * pino-http options: one JSON line per request with its correlation id (`X-Correlation-Id` in, or a new
 * UUID), the id echoed in the response and set on the request so the write pipeline records it in events.
 */
export function httpLoggerOptions(options: LoggingOptions = {}): Options {
  const level = options.level ?? logLevel();
  return {
    level,
    stream: options.stream,
    redact: { paths: REDACTED, censor: '[redacted]' },
    base: { service: 'asn-api' },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    // Fastify already gave the raw request an id (req-1...), so pino-http's genReqId is never called;
    // customProps runs first for every request, so the correlation id is settled here.
    customProps: (req: Request, res: ServerResponse) => ({ correlationId: settleCorrelationId(req, res) }),
    customLogLevel: (_req, res, error): Level => {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => /^\/(health\/|metrics)/.test(req.url ?? '') },
  };
}
