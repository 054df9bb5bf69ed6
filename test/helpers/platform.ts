import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { composePlatform, type Platform } from '../../src/compose.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { loadOrCreatePlatformKeys } from '../../src/platform/keys/platform-keys.js';
import type { Logger } from '../../src/platform/logger.js';
import { createTestDatabase } from './database.js';

export interface TestPlatform {
  platform: Platform;
  app: Express;
  clock: ManualClock;
  dir: string;
  close(): Promise<void>;
}

/** RSA key generation is the slow part of a first start; tests share one key set, copied per platform. */
let templateKeys: string | undefined;
function keysTemplate(): string {
  if (!templateKeys) {
    templateKeys = mkdtempSync(join(tmpdir(), 'yg-keys-'));
    loadOrCreatePlatformKeys(templateKeys, new ManualClock('2025-01-01T00:00:00Z'));
    const dir = templateKeys;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return templateKeys;
}

/**
 * A real platform on a real database (SQLite file, or a fresh MariaDB database in CI), real keys and a
 * manual clock. Every test file makes its own, so tests never share rows.
 */
export async function createTestPlatform(
  env: Record<string, string> = {},
  opts: { log?: Logger } = {},
): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-test-'));
  const database = await createTestDatabase(dir);
  const keysDir = join(dir, 'keys');
  if (!env.KEYS_DIR) cpSync(keysTemplate(), keysDir, { recursive: true });
  const config = loadConfig({
    DATABASE_URL: database.url,
    KEYS_DIR: keysDir,
    STORAGE_DIR: join(dir, 'blobs'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    REGISTRATIONS_PER_HOUR: '10000',
    ...env,
  });
  const clock = new ManualClock();
  // A lower scrypt cost than production keeps the suite quick; it is the same real scrypt.
  const platform = await composePlatform(config, { clock, passwordLogN: 11, log: opts.log });
  // The durable event consumers run as on a server (woken by each commit); platform.close() stops them.
  // A test that needs one caught up now drains it: platform.events.consumers.drain(name).
  platform.events.consumers.start(200);
  const app = createApp(platform);
  return {
    platform,
    app,
    clock,
    dir,
    close: async () => {
      try {
        // A test may have closed the database itself already (to see failures); cleaning up goes on.
        await platform.close().catch(() => undefined);
        await database.drop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
