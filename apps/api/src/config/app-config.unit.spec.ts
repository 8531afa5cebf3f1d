import { DEV_JWT_SECRET } from '@asn/testing';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      INSTANSI: '3374',
      NODE_ENV: 'development',
    });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('uses the development secret outside production when JWT_SECRET is unset', () => {
    expect(loadConfig({}).jwtSecret).toBe(DEV_JWT_SECRET);
    expect(loadConfig({ JWT_SECRET: 's'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
    expect(loadConfig({ JWT_JWKS_URL: 'https://idp/jwks' }).jwtSecret).toBeUndefined();
  });

  it('refuses production without JWT_SECRET or JWT_JWKS_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWT_JWKS_URL is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp/jwks' }).NODE_ENV).toBe(
      'production',
    );
  });

  it('names every bad variable and the value it had', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: '70000',
        REDIS_URL: 'localhost:6379',
        EVENTSTORE_CONNECTION_STRING: 'http://x',
        NODE_ENV: 'prod',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toEqual([
      expect.stringMatching(/^PORT .*"70000"/),
      expect.stringMatching(/^EVENTSTORE_CONNECTION_STRING must look like esdb:\/\/.*"http:\/\/x"/),
      expect.stringMatching(/^REDIS_URL must look like redis:\/\/.*"localhost:6379"/),
      expect.stringMatching(/^NODE_ENV must be development, production or test \(got "prod"\)/),
    ]);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', JWT_SECRET: ' ' }).PORT).toBe(3000);
  });
});
