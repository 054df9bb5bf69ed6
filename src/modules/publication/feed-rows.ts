import { QueryTypes, type Sequelize } from 'sequelize';
import type { FeedRow, FeedStatement } from './feed.js';

/** The part of a mysql2 connection (as Sequelize's pool hands it out) that the feed uses. */
interface MysqlConnection {
  query(
    options: { sql: string; values: unknown[]; dateStrings: boolean; typeCast: TypeCast },
    done: (err: Error | null, rows: FeedRow[]) => void,
  ): void;
}
type TypeCast = (field: unknown, next: () => unknown) => unknown;

/** The part of a node-sqlite3 Database (Sequelize's SQLite connection) that the feed uses. */
interface SqliteConnection {
  all(sql: string, values: unknown[], done: (err: Error | null, rows: FeedRow[]) => void): void;
}

/**
 * mysql2's own conversions, not Sequelize's: Sequelize's connections parse every DATETIME into a Date (through
 * a string and a time-zone lookup), which the feed turns straight back into text; with dateStrings the column's
 * text comes as it is, and isoInstant slices it.
 */
const driverDefaults: TypeCast = (_field, next) => next();

/**
 * The feed page's rows, straight from the driver on both engines the platform opens (SQLite, MySQL/MariaDB):
 * the feed is the public, uncached-on-miss hot path, and Sequelize's query wrapper costs the Node thread as
 * much as the query. The statement is unchanged and its values are bound or escaped by the driver;
 * Sequelize's SQL log (trace level) does not show it.
 */
export function readFeedRows(sequelize: Sequelize, statement: FeedStatement): Promise<FeedRow[]> {
  return sequelize.getDialect() === 'sqlite'
    ? readSqliteRows(sequelize, statement)
    : readMysqlRows(sequelize, statement);
}

/**
 * Through a pooled mysql2 connection: Sequelize's wrapper (replacement parsing, logging text, result handling)
 * and its Date conversions cost as much again as the driver itself (0.29 → 0.10 ms per page, measured
 * in-process on 10 connections).
 */
async function readMysqlRows(sequelize: Sequelize, statement: FeedStatement): Promise<FeedRow[]> {
  const pool = sequelize.connectionManager;
  // Type SELECT, as Sequelize's own query() asks: with replication it is the read pool (the typings say 'read').
  const acquired = await pool.getConnection({ type: QueryTypes.SELECT as unknown as 'read' });
  const connection = acquired as unknown as MysqlConnection;
  try {
    return await new Promise<FeedRow[]>((resolve, reject) =>
      connection.query(
        { sql: statement.sql, values: statement.values, dateStrings: true, typeCast: driverDefaults },
        (err, rows) => (err ? reject(err) : resolve(rows)),
      ),
    );
  } finally {
    pool.releaseConnection(acquired);
  }
}

/**
 * On SQLite the rows come from the driver as they are either way (the statement names no quoted table, so
 * Sequelize looks up no column types, and the instants are text), but Sequelize's query wrapper formats an
 * Error's stack for every statement, in case it fails (with source maps on, as under tsx, 8 % of the main
 * thread's time on uncached pages in bench/feed.ts) and wraps the call in its logging and result handling
 * (another 9 %). The connection is the one Sequelize's own reads outside a transaction use (its connection
 * manager keeps one per database file); nothing here writes, and the values are bound by the driver.
 */
async function readSqliteRows(sequelize: Sequelize, statement: FeedStatement): Promise<FeedRow[]> {
  const connection = (await sequelize.connectionManager.getConnection({
    type: QueryTypes.SELECT as unknown as 'read',
  })) as unknown as SqliteConnection;
  return new Promise<FeedRow[]>((resolve, reject) =>
    connection.all(statement.sql, statement.values, (err, rows) => (err ? reject(err) : resolve(rows))),
  );
}
