import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/**
 * Where a test platform keeps its data. By default a fresh SQLite file in the test's own folder; when
 * DATABASE_URL names a MySQL/MariaDB server (CI's second run), a fresh database on that server, dropped
 * afterwards, so test files never see each other's rows. The URL's user needs CREATE and DROP on the server
 * (`.ci/start-mariadb.sh` grants ALL on *.*); the database named in its path is never used.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export const testServerUrl = () => {
  const url = process.env.DATABASE_URL;
  return url && /^(mysql|mariadb):\/\//.test(url) ? url : undefined;
};

/** The server's URL without a database, credentials hidden, for error messages. */
const redacted = (base: URL) =>
  `${base.protocol}//${base.username ? `${base.username}:***@` : ''}${base.host}`;

async function onServer(base: URL, sql: string): Promise<void> {
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection(base.toString());
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot reach the test database server ${redacted(base)} named by DATABASE_URL (${why}); ` +
        'start one with `bash .ci/start-mariadb.sh` or unset DATABASE_URL to test on SQLite',
      { cause: err },
    );
  }
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}

export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const server = testServerUrl();
  if (!server) return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => {} };
  const name = `yg_test_${randomBytes(6).toString('hex')}`;
  const base = new URL(server.replace(/^mariadb:/, 'mysql:'));
  base.pathname = '/';
  await onServer(base, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(base, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}
