import { formatDateTime } from '../../format.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { bidderOf, Card, stepLabel } from './common.js';
import { STEPS, type EvaluationLogEntry, type EvaluationSnapshot, type EvaluationStep } from './types.js';

function kindLabel(kind: string): string {
  const key = `evaluation.log.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}

const isStep = (value: unknown): value is EvaluationStep =>
  typeof value === 'string' && (STEPS as readonly string[]).includes(value);

/** The entry's particulars in words: whose, which bid (by bidder name), which step to which. */
function details(entry: EvaluationLogEntry, snapshot: EvaluationSnapshot): string {
  const d = entry.data;
  const parts: string[] = [];
  if (typeof d.name === 'string') parts.push(d.name);
  if (isStep(d.from) && isStep(d.to)) parts.push(`${stepLabel(d.from)} → ${stepLabel(d.to)}`);
  if (d.kind === 'review' || d.kind === 'score')
    parts.push(t(d.kind === 'review' ? 'evaluation.review.title' : 'evaluation.score.title'));
  if (typeof d.bidId === 'string') parts.push(bidderOf(snapshot, d.bidId));
  if (d.conflict === true) parts.push(t('evaluation.declare.conflict'));
  // A re-evaluation order: its number and reason (the superseded result stays in the entry's data).
  if (entry.kind === 'reopened') {
    if (typeof d.instruction === 'string') parts.push(d.instruction);
    if (typeof d.reason === 'string') parts.push(d.reason);
  }
  return parts.join(' · ');
}

/** The evaluation's timeline; supervisors also see who did each step and from which address. */
export function Timeline({
  log,
  snapshot,
  supervisor,
}: {
  log: readonly EvaluationLogEntry[];
  snapshot: EvaluationSnapshot;
  supervisor: boolean;
}) {
  return (
    <Card title={t('evaluation.log')} testId="evaluation-log">
      {supervisor ? (
        <p class="alert alert-info" data-testid="evaluation-supervisor-note">
          {t('evaluation.supervisorView')}
        </p>
      ) : null}
      {log.length === 0 ? <p class="muted">{t('evaluation.log.empty')}</p> : null}
      <ol class="evaluation-log">
        {[...log].reverse().map((e) => {
          const said = details(e, snapshot);
          return (
            <li key={e.seq} data-testid="evaluation-log-entry" data-kind={e.kind} data-seq={e.seq}>
              <span class="mono muted">#{e.seq}</span> <time dateTime={e.at}>{formatDateTime(e.at)}</time>{' '}
              <strong>{kindLabel(e.kind)}</strong>
              {said ? ` · ${said}` : ''}
              {e.actor?.name ? (
                <span data-testid="evaluation-log-actor">
                  {' · '}
                  {t('evaluation.log.by', { name: e.actor.name })}
                </span>
              ) : null}
              {e.ip ? (
                <span class="mono" data-testid="evaluation-log-ip">
                  {' · IP '}
                  {e.ip}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
