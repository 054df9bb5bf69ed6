import { Op, UniqueConstraintError, literal } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { JobModels } from './models.js';

/**
 * A leader lease in the database. Every change is a compare-and-set on the row (the holder renews its own
 * lease; anyone may take a lease whose expiry has passed; a missing row is inserted, and of two inserts
 * the unique key lets one win), so two nodes never both hold it in the database's eyes. Expiry is read on
 * the platform clock of the node asking; nodes' clocks must agree to well within the TTL (NTP does).
 */
export class LeaderLease {
  constructor(
    private readonly models: JobModels,
    private readonly deps: { db: Database; clock: Clock },
    readonly name: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease for another TTL; false while another holder's lease is still running. */
  async hold(): Promise<boolean> {
    const { Lease } = this.models;
    const { name, holder } = this;
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const outcome = await this.deps.db.transaction(async (t) => {
      // The counter makes every renewal change the row: MySQL counts only changed rows, and a renewal in
      // the same millisecond as the last would otherwise count 0 and read as a lost lease.
      const renewals = literal('renewals + 1') as unknown as number;
      const [renewed] = await Lease.update(
        { expiresAt, renewals },
        { where: { name, holder }, transaction: t },
      );
      if (renewed === 1) return true;
      const [taken] = await Lease.update(
        { holder, expiresAt, term: literal('term + 1') as unknown as number, renewals },
        { where: { name, expiresAt: { [Op.lt]: now } }, transaction: t },
      );
      if (taken === 1) return true;
      return (await Lease.findByPk(name, { transaction: t })) ? false : 'missing';
    });
    if (outcome !== 'missing') return outcome;
    // The first holder ever: the insert runs in a transaction of its own, so it holds no other lock while
    // it waits for a rival insert (MySQL would call that a deadlock); of two inserts, the unique key keeps one.
    try {
      await this.deps.db.transaction((t) =>
        Lease.create({ name, holder, expiresAt, term: 1, renewals: 0 }, { transaction: t }),
      );
      return true;
    } catch (err) {
      if (err instanceof UniqueConstraintError) return false;
      throw err;
    }
  }

  /** Gives the lease up (on a clean stop) so another node takes over at once instead of after the TTL. */
  async release(): Promise<void> {
    const { name, holder } = this;
    await this.deps.db.transaction((t) =>
      this.models.Lease.destroy({ where: { name, holder }, transaction: t }),
    );
  }

  /** Who holds the lease now, if anyone (for status pages and tests). */
  async current(): Promise<{ holder: string; expiresAt: Date; term: number } | undefined> {
    const row = await this.models.Lease.findByPk(this.name);
    if (!row || row.expiresAt < this.deps.clock.now()) return undefined;
    return { holder: row.holder, expiresAt: row.expiresAt, term: row.term };
  }
}
