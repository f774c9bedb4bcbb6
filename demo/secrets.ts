/**
 * Secrets the demo generates once and keeps in DATA_DIR (mode 0600): the cookie signing secret and
 * the host token Stockbell accepts on `POST {prefix}/events`. Restarts keep sessions and the token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoSecrets {
  cookieSecret: string;
  hostToken: string;
}

export const SECRETS_FILE = 'secrets.json';

const fresh = (): string => randomBytes(32).toString('base64url');

function isSecret(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 32;
}

export function loadSecrets(dataDir: string): DemoSecrets {
  const file = join(dataDir, SECRETS_FILE);
  const stored: Partial<Record<keyof DemoSecrets, unknown>> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  const secrets: DemoSecrets = {
    cookieSecret: isSecret(stored.cookieSecret) ? stored.cookieSecret : fresh(),
    hostToken: isSecret(stored.hostToken) ? stored.hostToken : fresh(),
  };
  if (secrets.cookieSecret !== stored.cookieSecret || secrets.hostToken !== stored.hostToken) {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
