import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/platform/config.js';

describe('configuration from the environment', () => {
  it('runs on one machine with no variables set (docs/design.md §10 defaults)', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.DATABASE_URL, 'sqlite:data/yangguang.sqlite');
    assert.equal(config.STORAGE_DIR, 'data/blobs');
    assert.equal(config.LOG_LEVEL, 'info');
    assert.equal(config.REDIS_URL, undefined);
    assert.equal(config.SEED_DEMO, true);
    assert.equal(config.PUBLIC_URL, 'http://localhost:3000');
  });

  it('links to this machine on its own port unless PUBLIC_URL says otherwise', () => {
    assert.equal(loadConfig({ PORT: '8080' }).PUBLIC_URL, 'http://localhost:8080');
    const set = loadConfig({ PORT: '8080', PUBLIC_URL: 'https://ygjy.example.cn' });
    assert.equal(set.PUBLIC_URL, 'https://ygjy.example.cn');
  });

  it('reads and coerces the values it is given', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'mysql://u:p@db:3306/yg', SEED_DEMO: 'false' });
    assert.equal(config.PORT, 8080);
    assert.equal(config.DATABASE_URL, 'mysql://u:p@db:3306/yg');
    assert.equal(config.SEED_DEMO, false);
  });

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
  ];
  for (const [env, variable] of bad) {
    it(`stops with a message naming ${variable} for ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && err.message.includes(variable),
      );
    });
  }
});
