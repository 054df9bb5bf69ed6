import type { ComponentChildren } from 'preact';
import { ApiError } from '../../api.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { errorMessage } from '../../ui.js';
import type { RoomStore } from './store.js';
import type { EvaluationSnapshot, EvaluationStep } from './types.js';

export function stepLabel(step: EvaluationStep): string {
  return t(`evaluation.step.${step}` as MessageKey);
}

/** A refusal or failure as the person reads it, with the request id support needs. */
export function ErrorNote({ error, testId = 'evaluation-error' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : '';
  return (
    <div class="alert alert-error" role="alert" data-testid={testId}>
      <span>{errorMessage(error)}</span>
      {requestId ? <small class="request-id">{t('error.requestId', { id: requestId })}</small> : null}
    </div>
  );
}

/** Under a form: its last refusal, "waiting to be sent" while the room is away, "sent" once acknowledged. */
export function SendState({ store, target }: { store: RoomStore; target: string }) {
  const error = store.errors.value[target];
  if (error) return <ErrorNote error={error} testId={`error-${target.split(':')[0]}`} />;
  if (store.pending(target))
    return (
      <p class="alert alert-info" role="status" data-testid="evaluation-pending">
        {store.live.value ? t('evaluation.sending') : t('evaluation.waitingToSend')}
      </p>
    );
  if (store.done.value[target])
    return (
      <p class="alert alert-success" role="status" data-testid="evaluation-sent">
        {t('evaluation.sent')}
      </p>
    );
  return null;
}

export function Card({
  title,
  children,
  testId,
}: {
  title: string;
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <section class="card evaluation-card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The bidder's name of a bid; the ids stay out of sight. */
export function bidderOf(snapshot: EvaluationSnapshot, bidId: string): string {
  return snapshot.bids.find((b) => b.bidId === bidId)?.bidderName ?? '—';
}

export function memberName(snapshot: EvaluationSnapshot, memberId: string | null): string {
  return snapshot.members.find((m) => m.memberId === memberId)?.name ?? '—';
}

/** Members still on the committee (not replaced). */
export function activeMembers(snapshot: EvaluationSnapshot) {
  return snapshot.members.filter((m) => m.state !== 'replaced');
}
