import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { col, fn, Op, where as sqlWhere, type Transaction, type WhereOptions } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { SessionResolver } from '../../platform/auth/authenticate.js';
import { hashPassword, UNUSABLE_HASH_INPUT, verifyPassword } from '../../platform/auth/password.js';
import type { Actor, RequestContext, Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, notFound, unauthenticated } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { paginate, type Page } from '../../platform/http/pagination.js';
import './events.js';
import type { IdentityModels, Session, User } from './models.js';
import type { UserView } from './schemas.js';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  partyId: string | null;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export function toUserView(u: User): UserView {
  const { id, username, displayName, role, partyId, status } = u;
  return { id, username, displayName, role, partyId, status, createdAt: u.createdAt.toISOString() };
}

/** Users, passwords and sessions. Tokens are random, handed out once, and stored only as hashes. */
export class IdentityService implements SessionResolver {
  private unknownUserHash?: Promise<string>;

  constructor(
    private readonly models: IdentityModels,
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      clock: Clock;
      events: EventBus;
      sessionTtlMs: number;
      passwordLogN: number;
    },
  ) {}

  /** Creates a user inside the caller's transaction (party registration creates its first user too). */
  async createUser(t: Transaction, ctx: RequestContext, input: NewUser): Promise<User> {
    if (await this.models.User.findOne({ where: { username: input.username }, transaction: t })) {
      throw conflict('USERNAME_TAKEN', `The username "${input.username}" is taken`);
    }
    const user = await this.models.User.create(
      {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        passwordHash: await hashPassword(input.password, this.deps.passwordLogN),
        role: input.role,
        partyId: input.partyId,
        status: 'active',
      },
      { transaction: t },
    );
    await this.deps.audit.append(t, ctx, {
      action: 'user.create',
      subject: `user:${user.id}`,
      data: { username: user.username, role: user.role, partyId: user.partyId },
    });
    await this.deps.events.publishAfterCommit(t, ctx, 'user.created', {
      userId: user.id,
      role: user.role,
      partyId: user.partyId,
    });
    return user;
  }

  async login(ctx: RequestContext, username: string, password: string) {
    const user = await this.models.User.findOne({ where: { username } });
    // Unknown users cost a hash too, so response time does not reveal which usernames exist.
    this.unknownUserHash ??= hashPassword(UNUSABLE_HASH_INPUT, this.deps.passwordLogN);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.unknownUserHash));
    if (!user || !ok || user.status !== 'active') {
      throw new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.deps.clock.now().getTime() + this.deps.sessionTtlMs);
    const session = await this.deps.db.transaction(async (t) => {
      const s = await this.models.Session.create(
        {
          id: randomUUID(),
          tokenHash: sha256(token),
          userId: user.id,
          ip: ctx.ip,
          expiresAt,
          revokedAt: null,
        },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'session.start',
        subject: `user:${user.id}`,
        actor: this.actorOf(user, s),
      });
      return s;
    });
    return { token, expiresAt: session.expiresAt.toISOString(), user: toUserView(user) };
  }

  async logout(ctx: RequestContext): Promise<void> {
    const actor = ctx.actor;
    if (!actor) throw unauthenticated();
    await this.deps.db.transaction(async (t) => {
      await this.models.Session.update(
        { revokedAt: this.deps.clock.now() },
        { where: { id: actor.sessionId }, transaction: t },
      );
      await this.deps.audit.append(t, ctx, { action: 'session.end', subject: `user:${actor.userId}` });
      await this.deps.events.publishAfterCommit(t, ctx, 'session.revoked', {
        sessionId: actor.sessionId,
        userId: actor.userId,
      });
    });
  }

  async resolve(token: string): Promise<Actor | null> {
    const session = await this.models.Session.findOne({
      where: { tokenHash: sha256(token), revokedAt: null },
      include: [{ model: this.models.User, as: 'user' }],
    });
    const user = (session as (Session & { user?: User }) | null)?.user;
    if (!session || !user || user.status !== 'active') return null;
    if (session.expiresAt.getTime() <= this.deps.clock.now().getTime()) return null;
    return this.actorOf(user, session);
  }

  async createStaffUser(ctx: RequestContext, input: NewUser): Promise<UserView> {
    return toUserView(await this.deps.db.transaction((t) => this.createUser(t, ctx, input)));
  }

  /** Inside the caller's transaction when it passes one (a second pooled connection could starve the pool). */
  async findUser(id: string, transaction?: Transaction): Promise<User | null> {
    return this.models.User.findByPk(id, { transaction });
  }

  async listUsers(query: {
    role?: Role;
    status?: User['status'];
    q?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<UserView>> {
    const where: WhereOptions<User> = {
      ...(query.role && { role: query.role }),
      ...(query.status && { status: query.status }),
    };
    // INSTR rather than LIKE: the search text is matched literally (no % or _ wildcards) on every engine.
    const filter = query.q
      ? {
          [Op.and]: [
            where,
            {
              [Op.or]: [
                sqlWhere(fn('INSTR', col('username'), query.q.toLowerCase()), Op.gt, 0),
                sqlWhere(fn('INSTR', col('display_name'), query.q), Op.gt, 0),
              ],
            },
          ],
        }
      : where;
    const page = await paginate(this.models.User, filter, query);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  /**
   * An admin enables or disables an account. A disabled user cannot log in, and its open sessions end at
   * once (each is revoked, so live sockets close too). An admin cannot lock itself out.
   */
  async setStatus(ctx: RequestContext, id: string, status: User['status']): Promise<UserView> {
    if (ctx.actor?.userId === id && status === 'disabled') {
      throw conflict('CANNOT_DISABLE_SELF', 'An admin cannot disable its own account');
    }
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const user = await this.models.User.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!user) throw notFound('User');
      // Asking again for the status the account has is answered the same, and recorded as asked: every
      // accepted change request leaves its trace, even one that found nothing to change.
      const unchanged = user.status === status;
      await audit.append(t, ctx, {
        action: status === 'disabled' ? 'user.disable' : 'user.enable',
        subject: `user:${id}`,
        ...(unchanged && { data: { unchanged: true } }),
      });
      if (unchanged) return toUserView(user);
      await user.update({ status }, { transaction: t });
      if (status === 'disabled') {
        const open = await this.models.Session.findAll({
          where: { userId: id, revokedAt: null, expiresAt: { [Op.gt]: clock.now() } },
          transaction: t,
        });
        for (const session of open) {
          await session.update({ revokedAt: clock.now() }, { transaction: t });
          await events.publishAfterCommit(t, ctx, 'session.revoked', { sessionId: session.id, userId: id });
        }
      }
      return toUserView(user);
    });
  }

  async countUsers(): Promise<number> {
    return this.models.User.count();
  }

  private actorOf(user: User, session: Session): Actor {
    const { id: userId, username, displayName, role, partyId } = user;
    return {
      userId,
      username,
      displayName,
      role,
      partyId,
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt,
    };
  }
}
