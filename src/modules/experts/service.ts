import { createHash } from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { paginate, type Page } from '../../platform/http/pagination.js';
import type { CatalogService } from './catalog.js';
import { INITIAL_CREDIT } from './credit.js';
import './events.js';
import type { IdNumberCipher } from './id-cipher.js';
import { readExpertCsv, readExpertJson, validateRecords, type ImportProblem } from './import-parse.js';
import { applyPlan, planImport, replaceSpecialties, type PlannedChange } from './import-plan.js';
import type { Expert, ExpertModels } from './models.js';
import type { ExpertDetail, ExpertInput, ExpertUpdate, ExpertView, ListExpertsQuery } from './schemas.js';
import { seesFullPhone, toConflictView, toExpertView } from './views.js';
import type { IdentityPort } from './ports.js';
import { expertRevision, expertSnapshot } from './revision.js';

export interface ExpertDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  identity: IdentityPort;
  catalog: CatalogService;
  cipher: IdNumberCipher;
}

export interface ImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  /** The rows that create or update, at most PREVIEW_LIMIT of them. */
  changes: Omit<PlannedChange, 'input' | 'hash'>[];
}
const PREVIEW_LIMIT = 1000;

/**
 * The unified expert pool (综合评标专家库): imports from CSV or JSON (all or nothing, idempotent by the ID
 * number's keyed hash), admin search, and each expert's own profile, availability and declared conflicts.
 */
export class ExpertsService {
  constructor(
    readonly models: ExpertModels,
    private readonly deps: ExpertDeps,
  ) {}

  async import(
    ctx: RequestContext,
    source: { format: 'csv'; text: string } | { format: 'json'; body: unknown },
    dryRun: boolean,
  ): Promise<ImportResult> {
    const read = source.format === 'csv' ? readExpertCsv(source.text) : readExpertJson(source.body);
    const { rows, problems } = validateRecords(read.records, await this.deps.catalog.current());
    const errors = [...read.problems, ...problems].sort((a, b) => a.line - b.line);
    const summarize = (plan: PlannedChange[]): ImportResult => ({
      dryRun,
      total: read.records.length,
      created: plan.filter((c) => c.action === 'create').length,
      updated: plan.filter((c) => c.action === 'update').length,
      unchanged: plan.filter((c) => c.action === 'unchanged').length,
      errors,
      changes: plan
        .filter((c) => c.action !== 'unchanged')
        .slice(0, PREVIEW_LIMIT)
        .map(({ line, action, name, idNumber, fields, expertId }) => ({
          line,
          action,
          name,
          idNumber,
          fields,
          expertId,
        })),
    });
    if (dryRun) return summarize(await planImport(this.models, this.deps.cipher, rows));
    if (errors.length > 0) {
      throw unprocessable(
        'IMPORT_INVALID',
        `The file has ${errors.length} problem(s); nothing was imported`,
        errors,
      );
    }
    const digest = source.format === 'csv' ? source.text : JSON.stringify(source.body);
    try {
      return await this.deps.db.transaction(async (t) => {
        const plan = await planImport(this.models, this.deps.cipher, rows, t);
        const now = this.deps.clock.now();
        await applyPlan(this.models, this.deps.cipher, plan, {
          now,
          initialCredit: INITIAL_CREDIT,
          transaction: t,
        });
        const result = summarize(plan);
        await this.deps.audit.append(t, ctx, {
          action: 'expert.import',
          subject: 'expert-pool',
          data: {
            format: source.format,
            sha256: createHash('sha256').update(digest).digest('hex'),
            created: result.created,
            updated: result.updated,
            unchanged: result.unchanged,
          },
        });
        if (result.created + result.updated > 0) {
          await this.deps.events.publishAfterCommit(t, ctx, 'experts.imported', {
            created: result.created,
            updated: result.updated,
            at: now.toISOString(),
          });
        }
        return result;
      });
    } catch (err) {
      // Two imports of the same new person at once: the unique keyed hash lets one win; the other is retried.
      if (err instanceof UniqueConstraintError) {
        throw conflict(
          'IMPORT_CONCURRENT',
          'Another import added some of these experts just now; import again',
        );
      }
      throw err;
    }
  }

  /** One expert added by an admin; the same checks as a file of one row. */
  async create(ctx: RequestContext, input: ExpertInput): Promise<ExpertView> {
    const result = await this.import(ctx, { format: 'json', body: [input] }, true);
    if (result.errors.length > 0)
      throw unprocessable('VALIDATION_FAILED', 'The expert has invalid fields', result.errors);
    if (result.created !== 1)
      throw conflict('EXPERT_EXISTS', 'An expert with this ID number is in the pool already');
    const done = await this.import(ctx, { format: 'json', body: [input] }, false);
    return this.view(ctx.actor, done.changes[0]!.expertId);
  }

  async update(ctx: RequestContext, id: string, changes: ExpertUpdate): Promise<ExpertView> {
    if (changes.specialties) {
      const catalog = await this.deps.catalog.current();
      const unknown = changes.specialties.filter((c) => !catalog.has(c));
      if (unknown.length > 0) {
        throw unprocessable('UNKNOWN_SPECIALTY', `Not in the catalog: ${unknown.join(', ')}`, [
          {
            path: 'specialties',
            message: `not in the catalog: ${unknown.join(', ')}`,
            code: 'UNKNOWN_SPECIALTY',
          },
        ]);
      }
    }
    await this.deps.db.transaction(async (t) => {
      const expert = await this.lock(t, id);
      const before = await expertSnapshot(this.models, expert, t);
      const { specialties, ...columns } = changes;
      await expert.update(columns, { transaction: t });
      if (specialties) await replaceSpecialties(this.models, id, specialties, t);
      const revised = await expertRevision(this.models, expert, before, t);
      await this.deps.audit.append(t, ctx, {
        action: 'expert.update',
        subject: `expert:${id}`,
        data: { changes: revised },
      });
      await this.deps.events.emit(t, ctx, 'expert.updated', {
        expertId: id,
        changes: revised,
        at: this.deps.clock.now().toISOString(),
      });
    });
    return this.view(ctx.actor, id);
  }

  /** Links (or with null unlinks) the user account an expert logs in with; it must have the expert role. */
  async linkAccount(ctx: RequestContext, id: string, userId: string | null): Promise<ExpertView> {
    await this.deps.db.transaction(async (t) => {
      const expert = await this.lock(t, id);
      if (userId) {
        const user = await this.deps.identity.findUser(userId, t);
        if (!user || user.role !== 'expert') {
          throw unprocessable('NOT_AN_EXPERT_ACCOUNT', 'The account must exist and have the expert role', [
            { path: 'userId', message: 'not an expert account', code: 'NOT_AN_EXPERT_ACCOUNT' },
          ]);
        }
        const other = await this.models.Expert.findOne({ where: { userId }, transaction: t });
        if (other && other.id !== id)
          throw conflict('ACCOUNT_LINKED', 'The account belongs to another expert');
      }
      await expert.update({ userId }, { transaction: t });
      await this.deps.audit.append(t, ctx, {
        action: 'expert.link-account',
        subject: `expert:${id}`,
        data: { userId },
      });
    });
    return this.view(ctx.actor, id);
  }

  /** Admin search: filters by status, specialty (with its sub-codes), region prefix, employer, name, credit. */
  async list(actor: Actor, query: ListExpertsQuery): Promise<Page<ExpertView>> {
    const where: WhereOptions[] = [];
    if (query.status) where.push({ status: query.status });
    if (query.region) where.push({ regionCode: { [Op.startsWith]: query.region } });
    if (query.employerUscc) where.push({ employerUscc: query.employerUscc });
    if (query.q) where.push({ name: { [Op.substring]: query.q } });
    if (query.minCredit !== undefined) where.push({ creditScore: { [Op.gte]: query.minCredit } });
    if (query.specialty) {
      const holders = await this.models.ExpertSpecialty.findAll({
        where: { code: { [Op.startsWith]: query.specialty } },
        attributes: ['expertId'],
      });
      where.push({ id: { [Op.in]: [...new Set(holders.map((h) => h.expertId))] } });
    }
    const page = await paginate(this.models.Expert, { [Op.and]: where }, query);
    const codes = await this.specialtiesOf(page.items.map((e) => e.id));
    return {
      items: page.items.map((e) => toExpertView(e, codes.get(e.id) ?? [], seesFullPhone(actor, e))),
      nextCursor: page.nextCursor,
    };
  }

  async view(actor: Actor | null, id: string, transaction?: Transaction): Promise<ExpertDetail> {
    const expert = await this.models.Expert.findByPk(id, { transaction });
    if (!expert) throw notFound('Expert');
    const [codes, days, conflicts] = await Promise.all([
      this.specialtiesOf([id], transaction),
      this.models.ExpertUnavailableDay.findAll({
        where: { expertId: id },
        order: [['day', 'ASC']],
        transaction,
      }),
      this.models.ExpertConflict.findAll({
        where: { expertId: id },
        order: [['createdAt', 'ASC']],
        transaction,
      }),
    ]);
    return {
      ...toExpertView(expert, codes.get(id) ?? [], seesFullPhone(actor, expert)),
      unavailableDays: days.map((d) => d.day),
      conflicts: conflicts.map(toConflictView),
    };
  }

  /** The expert a logged-in expert user is; 404 when an admin has not linked the account yet. */
  async ownExpert(actor: Actor, transaction?: Transaction): Promise<Expert> {
    const expert = await this.models.Expert.findOne({ where: { userId: actor.userId }, transaction });
    if (!expert) throw notFound('Expert profile for this account');
    return expert;
  }

  async findByUser(userId: string): Promise<Expert | null> {
    return this.models.Expert.findOne({ where: { userId } });
  }

  async specialtiesOf(ids: string[], transaction?: Transaction): Promise<Map<string, string[]>> {
    const rows = ids.length
      ? await this.models.ExpertSpecialty.findAll({ where: { expertId: { [Op.in]: ids } }, transaction })
      : [];
    const byExpert = new Map<string, string[]>();
    for (const r of rows) byExpert.set(r.expertId, [...(byExpert.get(r.expertId) ?? []), r.code]);
    return byExpert;
  }

  async lock(t: Transaction, id: string): Promise<Expert> {
    const expert = await this.models.Expert.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!expert) throw notFound('Expert');
    return expert;
  }
}
