import { t } from '../../i18n/index.js';
import { activeMembers, Card, SendState } from './common.js';
import { readyIdentity } from './key-gate.js';
import { signPayload } from './signing.js';
import type { RoomStore } from './store.js';
import type { DeclarationPayload, EvaluationSnapshot } from './types.js';

const DECLARE = 'declare';
const VOTE = 'vote';

/**
 * The declaration of no conflict (回避声明): the bidders named, the member's choice and statement, signed
 * with the member's own key. A declared conflict takes the member off this committee (a redraw replaces them).
 */
export function Declaration({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  const draft = store.draft(DECLARE);
  const conflict = draft.conflict === 'yes';
  const defaultStatement = conflict
    ? t('evaluation.declare.conflictText')
    : t('evaluation.declare.noConflictText');
  const statement = draft.statement ?? defaultStatement;
  const bidders = [...new Set(snapshot.bids.map((b) => b.bidderName))].sort();
  const identity = readyIdentity();
  const busy = !!store.sending.value[DECLARE] || store.pending(DECLARE);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!identity || !snapshot.you.memberId) return;
    if (conflict && !confirm(t('evaluation.declare.confirmConflict'))) return;
    const payload: DeclarationPayload = {
      type: 'yangguang.evaluation.declaration/1',
      evaluationId: snapshot.evaluationId,
      memberId: snapshot.you.memberId,
      bidders,
      conflict,
      statement: statement.trim(),
    };
    const signed = await signPayload(identity, payload);
    const sent = await store.submit(
      'evaluation:declare',
      { evaluationId: snapshot.evaluationId, payload, ...signed },
      DECLARE,
    );
    if (sent) store.replaceDraft(DECLARE, null);
  };

  return (
    <Card title={t('evaluation.declare.title')} testId="evaluation-declaration">
      <p>{t('evaluation.declare.intro')}</p>
      <ul class="evaluation-bidders" data-testid="evaluation-declaration-bidders">
        {bidders.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <form onSubmit={(e) => void submit(e)} data-testid="evaluation-declaration-form">
        <fieldset class="evaluation-choice">
          <legend>{t('evaluation.declare.choice')}</legend>
          {(['no', 'yes'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="conflict"
                value={value}
                checked={(draft.conflict ?? 'no') === value}
                data-testid={`evaluation-conflict-${value}`}
                onChange={() => {
                  store.setDraft(DECLARE, 'conflict', value);
                  // The statement follows the choice until the member writes their own.
                  if (draft.statement === undefined || draft.statement === defaultStatement)
                    store.setDraft(
                      DECLARE,
                      'statement',
                      value === 'yes'
                        ? t('evaluation.declare.conflictText')
                        : t('evaluation.declare.noConflictText'),
                    );
                }}
              />{' '}
              {value === 'yes' ? t('evaluation.declare.conflict') : t('evaluation.declare.noConflict')}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="evaluation-statement">{t('evaluation.declare.statement')}</label>
          <textarea
            id="evaluation-statement"
            name="statement"
            rows={3}
            maxLength={2000}
            value={statement}
            data-testid="evaluation-statement"
            onInput={(e) => store.setDraft(DECLARE, 'statement', e.currentTarget.value)}
          />
        </div>
        <button
          type="submit"
          class={conflict ? 'btn btn-danger' : 'btn btn-primary'}
          disabled={!identity || busy}
          data-testid="evaluation-declare"
        >
          {t('evaluation.signAndSend')}
        </button>
      </form>
      <SendState store={store} target={DECLARE} />
    </Card>
  );
}

/** The leader's election (组长): each declared member votes; more than half of the seats elects. */
export function LeaderVote({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  const candidates = activeMembers(snapshot).filter((m) => m.state === 'declared');
  const chosen = store.draft(VOTE).candidate ?? snapshot.you.leaderVote ?? '';
  const busy = !!store.sending.value[VOTE] || store.pending(VOTE);
  const seats = activeMembers(snapshot).length;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!chosen) return;
    void store
      .submit(
        'evaluation:vote-leader',
        { evaluationId: snapshot.evaluationId, candidateMemberId: chosen },
        VOTE,
      )
      .then((sent) => sent && store.replaceDraft(VOTE, null));
  };
  return (
    <Card title={t('evaluation.vote.title')} testId="evaluation-vote">
      <p class="hint">{t('evaluation.vote.rule', { needed: Math.floor(seats / 2) + 1, seats })}</p>
      <form onSubmit={submit} data-testid="evaluation-vote-form">
        <fieldset class="evaluation-choice">
          <legend>{t('evaluation.vote.choose')}</legend>
          {candidates.map((m) => (
            <label key={m.memberId}>
              <input
                type="radio"
                name="candidate"
                value={m.memberId}
                checked={chosen === m.memberId}
                data-testid="evaluation-vote-candidate"
                data-name={m.name}
                onChange={() => store.setDraft(VOTE, 'candidate', m.memberId)}
              />{' '}
              {m.name} <span class="muted">{t('evaluation.vote.count', { n: m.votes })}</span>
            </label>
          ))}
        </fieldset>
        {snapshot.you.leaderVote ? (
          <p class="muted" data-testid="evaluation-voted">
            {t('evaluation.vote.yours', {
              name: candidates.find((c) => c.memberId === snapshot.you.leaderVote)?.name ?? '—',
            })}
          </p>
        ) : null}
        <button
          type="submit"
          class="btn btn-primary"
          disabled={!chosen || busy}
          data-testid="evaluation-vote-submit"
        >
          {t('evaluation.vote.submit')}
        </button>
      </form>
      <SendState store={store} target={VOTE} />
    </Card>
  );
}
