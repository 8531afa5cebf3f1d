import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { DEV_JWT_SECRET } from '@asn/testing';

const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The api's configuration, read from environment variables (ARCHITECTURE.md, "Configuration"). */
export class AppConfig {
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer between 0 and 65535' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(blankToUndefined)
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must look like esdb://host:2113?tls=false',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must look like redis://127.0.0.1:6379' })
  REDIS_URL?: string;

  @Transform(blankToUndefined)
  @Matches(/^\d{4}$/, { message: 'INSTANSI must be the 4-digit instansi code, e.g. 3374' })
  INSTANSI = '3374';

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (256 bits for HS256)' })
  JWT_SECRET?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'JWT_JWKS_URL must be an http(s) URL of a JWKS document' })
  JWT_JWKS_URL?: string;

  @Transform(blankToUndefined)
  @IsIn(['development', 'production', 'test'], {
    message: 'NODE_ENV must be development, production or test',
  })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** Requests per client (IP) per THROTTLE_TTL_MS; 0 disables rate limiting. */
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'THROTTLE_LIMIT must be a non-negative integer (0 disables rate limiting)' })
  @Min(0)
  THROTTLE_LIMIT = 1_000_000;

  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'THROTTLE_TTL_MS must be a positive integer (milliseconds)' })
  @Min(1)
  THROTTLE_TTL_MS = 60_000;

  /** Largest accepted request body in bytes (413 above it). */
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'BODY_LIMIT must be a positive integer (bytes)' })
  @Min(1024)
  BODY_LIMIT = 1024 * 1024;

  /**
   * Staffing events between two state snapshots (embedded store; start-up reads the latest); 0: none.
   * Taking one pauses the event loop in proportion to the entities changed since the last (~4 ms at 500).
   */
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'SNAPSHOT_EVERY must be a non-negative integer (events; 0 disables snapshots)' })
  @Min(0)
  SNAPSHOT_EVERY = 500;

  /** The HS256 secret in force: JWT_SECRET, or the development secret outside production. */
  get jwtSecret(): string | undefined {
    if (this.JWT_SECRET) return this.JWT_SECRET;
    return this.JWT_JWKS_URL || this.NODE_ENV === 'production' ? undefined : DEV_JWT_SECRET;
  }

  get usesDevSecret(): boolean {
    return this.jwtSecret === DEV_JWT_SECRET;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** One line per bad variable, naming it and the value it had. */
function messages(errors: ValidationError[], raw: Record<string, string>): string[] {
  return errors.map((e) => {
    const [message] = Object.values(e.constraints ?? {}).reverse();
    const text = message.startsWith(e.property) ? message : `${e.property}: ${message}`;
    return `${text} (got "${raw[e.property]}")`;
  });
}

const KEYS = Object.keys(new AppConfig());

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const plain: Record<string, string> = {};
  for (const key of [...KEYS, 'EVENTSTORE_CONNECTION_STRING', 'REDIS_URL', 'JWT_SECRET', 'JWT_JWKS_URL']) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') plain[key] = value;
  }
  const config = plainToInstance(AppConfig, plain);
  const problems = messages(validateSync(config, { forbidUnknownValues: false }), plain);
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET && !config.JWT_JWKS_URL) {
    problems.push('JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production');
  }
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET is the published development secret; set a secret of your own in production');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
