import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readAppEnv } from '../../src/app/env.ts';
import { testTempDir } from '../support/temp-dir.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const base = { APP_ID: '12', PRIVATE_KEY: pem, WEBHOOK_SECRET: 's3cret' };

describe('readAppEnv', () => {
  test("reads Probot's variables with GitHub.com defaults", () => {
    const env = readAppEnv(base);
    expect(env).toMatchObject({
      webhookPath: '/api/github/webhooks',
      logFormat: 'pretty',
      appId: 12,
      secret: 's3cret',
      baseUrl: 'https://api.github.com',
      port: 3000,
      logLevel: 'info',
    });
    expect(env.privateKey).toContain('-----BEGIN RSA PRIVATE KEY-----');
  });

  test('JSON logs in production, and another webhook path, as with probot run', () => {
    expect(
      readAppEnv({ ...base, NODE_ENV: 'production', WEBHOOK_PATH: '/hooks/github' }),
    ).toMatchObject({
      logFormat: 'json',
      webhookPath: '/hooks/github',
    });
  });

  test('GHE_HOST and GHE_PROTOCOL point the App at another GitHub', () => {
    expect(
      readAppEnv({
        ...base,
        GHE_HOST: '127.0.0.1:8080',
        GHE_PROTOCOL: 'http',
        PORT: '0',
        HOST: '127.0.0.1',
      }),
    ).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/api/v3',
      port: 0,
      host: '127.0.0.1',
    });
  });

  test('accepts a key with escaped newlines, as secret stores keep it', () => {
    expect(readAppEnv({ ...base, PRIVATE_KEY: pem.replace(/\n/g, '\\n') }).privateKey).toBe(pem);
  });

  test('reads PRIVATE_KEY_PATH relative to the working directory', async () => {
    const dir = await testTempDir('env');
    await writeFile(join(dir, 'app.pem'), pem);
    expect(
      readAppEnv({ ...base, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: 'app.pem' }, dir).privateKey,
    ).toBe(pem);
  });

  test.each([
    [{ ...base, APP_ID: undefined }, /^APP_ID is not set/],
    [{ ...base, APP_ID: 'abc' }, /^APP_ID must be a positive integer .* got "abc"/],
    [{ ...base, PRIVATE_KEY: undefined }, /^Neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set/],
    [{ ...base, PRIVATE_KEY: 'not a key' }, /^PRIVATE_KEY is not a PEM private key/],
    [
      { ...base, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: 'missing.pem' },
      /^PRIVATE_KEY_PATH "missing.pem" could not be read/,
    ],
    [{ ...base, WEBHOOK_SECRET: '' }, /^WEBHOOK_SECRET is not set/],
    [{ ...base, GHE_PROTOCOL: 'ftp' }, /^GHE_PROTOCOL must be "http" or "https", got "ftp"/],
    [{ ...base, GHE_HOST: 'https://ghe.example.com' }, /^GHE_HOST must be a host name/],
    [{ ...base, PORT: '70000' }, /^PORT must be an integer between 0 and 65535, got "70000"/],
    [{ ...base, LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ ...base, LOG_FORMAT: 'xml' }, /^LOG_FORMAT must be "json" or "pretty", got "xml"/],
    [{ ...base, WEBHOOK_PATH: 'hooks' }, /^WEBHOOK_PATH must be a URL path starting with "\/"/],
  ])('names the variable in its error (%#)', (env, message) => {
    expect(() => readAppEnv(env, tmpdir())).toThrow(message);
  });
});
