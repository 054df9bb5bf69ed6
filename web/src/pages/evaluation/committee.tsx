import { t } from '../../i18n/index.js';
import { activeMembers, Card } from './common.js';
import type { EvaluationSnapshot } from './types.js';

/** The committee by name: kind, declared, leader, what each has submitted (counts only). */
export function Committee({ snapshot }: { snapshot: EvaluationSnapshot }) {
  const active = activeMembers(snapshot);
  const admitted = snapshot.bids.filter((b) => b.rejection === null).length;
  const scorable = snapshot.bids.filter((b) => b.rejection === null && b.reviewOutcome === 'pass').length;
  const short = active.filter((m) => m.saidTimeShort).length;
  if (snapshot.members.length === 0)
    return (
      <Card title={t('evaluation.committee')} testId="evaluation-committee">
        <p class="muted">{t('evaluation.committee.hidden')}</p>
      </Card>
    );
  return (
    <Card title={t('evaluation.committee')} testId="evaluation-committee">
      <ul class="evaluation-members">
        {snapshot.members.map((m) => (
          <li
            key={m.memberId}
            data-testid="evaluation-member"
            data-name={m.name}
            data-state={m.state}
            class={m.state === 'replaced' ? 'evaluation-member-replaced' : undefined}
          >
            <span class="evaluation-member-name">
              {m.name}
              {m.memberId === snapshot.you.memberId ? ` ${t('evaluation.you')}` : ''}
            </span>{' '}
            {m.isLeader ? (
              <span class="badge badge-verified" data-testid="evaluation-leader-badge">
                {t('evaluation.leader')}
              </span>
            ) : null}{' '}
            <span class="badge">
              {t(m.kind === 'expert' ? 'evaluation.kind.expert' : 'evaluation.kind.representative')}
            </span>{' '}
            <span
              class={`badge ${m.state === 'declared' ? 'badge-verified' : m.state === 'replaced' ? 'badge-rejected' : 'badge-pending'}`}
            >
              {t(`evaluation.memberState.${m.state}`)}
            </span>
            <small class="muted evaluation-member-progress" data-testid="evaluation-member-progress">
              {snapshot.step === 'forming'
                ? t('evaluation.vote.count', { n: m.votes })
                : t('evaluation.member.submitted', {
                    review: m.submitted.review,
                    reviewOf: admitted,
                    score: m.submitted.score,
                    scoreOf: scorable,
                  })}
              {m.saidTimeShort ? ` · ${t('evaluation.timeShort.said')}` : ''}
            </small>
          </li>
        ))}
      </ul>
      {short > 0 ? (
        <p class="muted" data-testid="evaluation-time-short-count">
          {t('evaluation.timeShort.count', { n: short, of: active.length })}
        </p>
      ) : null}
    </Card>
  );
}
