/**
 * An instant as a DATE column holds it, for a raw statement's value: on SQLite the very text Sequelize writes
 * (such columns are compared as text), on MySQL a DATETIME(3) literal in UTC (Sequelize's MySQL connections
 * run at +00:00). Written here because Sequelize's escaping of a bare Date for MySQL drops the milliseconds:
 * a feed cursor inside a run of equal instants would skip entries, and a written instant would lose them.
 */
export function sqlInstant(instant: Date, dialect: string): string {
  const iso = instant.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}
