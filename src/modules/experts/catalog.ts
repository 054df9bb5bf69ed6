import { Op, type Transaction } from 'sequelize';
import {
  Catalog,
  CatalogError,
  defaultCatalog,
  parseCatalogCsv,
  type CatalogEntry,
  type Level,
} from '../../../expert-pool/index.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, unprocessable } from '../../platform/errors.js';
import type { CatalogRow, ExpertModels } from './models.js';

const toEntry = (row: CatalogRow): CatalogEntry => ({
  code: row.code,
  level: row.level as Level,
  category: row.code[0] as CatalogEntry['category'],
  name: row.name,
  parent: row.parentCode,
});

/**
 * The classification catalog (评标专家专业分类) as the pool uses it: the imported one, or the built-in one.
 * Read from the table each time (a few thousand rows), so every node agrees.
 */
export class CatalogService {
  constructor(
    private readonly models: ExpertModels,
    private readonly deps: { db: Database; audit: AuditLog; clock: Clock },
  ) {}

  async current(transaction?: Transaction): Promise<Catalog> {
    const rows = await this.models.ExpertCatalogRow.findAll({ transaction });
    // Until an admin imports another catalog, the national one shipped with the pure core (catalog.csv).
    if (rows.length === 0) return defaultCatalog;
    return new Catalog(rows.map(toEntry));
  }

  /**
   * Replaces the catalog with a CSV file (code,level,name or code,name,parent,level), all or nothing:
   * line-numbered problems are a 422, and a catalog that drops a code some expert still holds is refused
   * (409) naming the codes.
   */
  async import(ctx: RequestContext, csv: string): Promise<{ entries: number }> {
    let catalog: Catalog;
    try {
      catalog = parseCatalogCsv(csv);
    } catch (err) {
      if (err instanceof CatalogError) {
        throw unprocessable(
          'CATALOG_INVALID',
          'The catalog file has errors; nothing was imported',
          err.problems,
        );
      }
      throw err;
    }
    const entries = catalog.entries();
    return this.deps.db.transaction(async (t) => {
      const held = await this.models.ExpertSpecialty.findAll({
        attributes: ['code'],
        group: ['code'],
        transaction: t,
      });
      const missing = held.map((h) => h.code).filter((code) => !catalog.has(code));
      if (missing.length > 0) {
        throw conflict('CATALOG_CODES_IN_USE', 'Experts hold codes the new catalog lacks', {
          codes: missing,
        });
      }
      await this.models.ExpertCatalogRow.destroy({ where: { code: { [Op.ne]: '' } }, transaction: t });
      const now = this.deps.clock.now();
      const rows = entries.map((e) => ({
        code: e.code,
        name: e.name,
        parentCode: e.parent,
        level: e.level,
        createdAt: now,
        updatedAt: now,
      }));
      for (let i = 0; i < rows.length; i += 500) {
        await this.models.ExpertCatalogRow.bulkCreate(rows.slice(i, i + 500), { transaction: t });
      }
      await this.deps.audit.append(t, ctx, {
        action: 'expert-catalog.import',
        subject: 'expert-catalog',
        data: { entries: entries.length },
      });
      return { entries: entries.length };
    });
  }
}
