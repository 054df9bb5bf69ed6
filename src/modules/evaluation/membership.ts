import { Op, type Transaction } from 'sequelize';
import type { Actor } from '../../platform/auth/roles.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Evaluation, EvaluationMember, EvaluationModels } from './models.js';

/*
 * Who sits on an evaluation's committee (docs/domain.md §5). Someone who does not sit on it gets 404, as for
 * an unknown id: nobody learns an evaluation exists from trying. A replaced member's steps are refused with
 * their own code (their conclusions are void), and a member acts only once they declared no conflict.
 */

export const memberReplaced = () =>
  conflict('MEMBER_REPLACED', 'You were replaced on this committee; your conclusions are void');

export class Membership {
  constructor(private readonly models: EvaluationModels) {}

  /** The actor's seat, declared or not: 404 to a non-member, 409 MEMBER_REPLACED to a replaced one. */
  async seat(t: Transaction, evaluation: Evaluation, actor: Actor): Promise<EvaluationMember> {
    const member = await this.models.EvaluationMember.findOne({
      where: { evaluationId: evaluation.id, userId: actor.userId },
      transaction: t,
    });
    if (!member) throw notFound('Evaluation');
    if (member.state === 'replaced') throw memberReplaced();
    return member;
  }

  /** A member who declared no conflict: what every judgment of the committee needs. */
  async activeMember(t: Transaction, evaluation: Evaluation, actor: Actor): Promise<EvaluationMember> {
    const member = await this.seat(t, evaluation, actor);
    if (member.state !== 'declared')
      throw conflict('NOT_DECLARED', 'Sign your declaration on the bidders before anything else');
    return member;
  }

  /** The committee's leader (组长) only: the one who moves the steps on and asks bidders. */
  requireLeader(evaluation: Evaluation, member: EvaluationMember): void {
    if (evaluation.leaderMemberId !== member.id)
      throw new AppError(403, 'NOT_LEADER', "Only the committee's leader does this");
  }

  /** The members who count (every one but the replaced), in the order they were seated. */
  activeMembers(t: Transaction | undefined, evaluationId: string): Promise<EvaluationMember[]> {
    return this.models.EvaluationMember.findAll({
      where: { evaluationId, state: { [Op.ne]: 'replaced' } },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
  }
}
