import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/**
 * Where a test platform keeps its data. By default a fresh SQLite file in the test's own folder; when
 * DATABASE_URL names a MySQL/MariaDB server (CI's second run), a fresh database on that server, dropped
 * afterwards, so test files never see each other's rows.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export const testServerUrl = () => {
  const url = process.env.DATABASE_URL;
  return url && /^(mysql|mariadb):\/\//.test(url) ? url : undefined;
};

export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const server = testServerUrl();
  if (!server) return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => {} };
  const name = `yg_test_${randomBytes(6).toString('hex')}`;
  const base = new URL(server.replace(/^mariadb:/, 'mysql:'));
  base.pathname = '/';
  const admin = await mysql.createConnection(base.toString());
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await mysql.createConnection(base.toString());
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}
