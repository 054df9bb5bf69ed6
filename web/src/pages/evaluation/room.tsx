import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { User } from '../../types.js';
import { BidList } from './bids.js';
import { Committee } from './committee.js';
import { activeMembers, Card, ErrorNote, SendState, stepLabel } from './common.js';
import { Declaration, LeaderVote } from './forming.js';
import { KeyGate } from './key-gate.js';
import { ClarificationMinutes, Flags, LeaderConsole } from './leader.js';
import { previewPriceScores } from './price-preview.js';
import { Results } from './results.js';
import type { RoomStore } from './store.js';
import { Timeline } from './timeline.js';
import { STEPS, type EvaluationPlan, type EvaluationSnapshot } from './types.js';

const TIME_SHORT = 'time-short';
/** Ticks once a second while a room is open: countdowns read it. */
const now = signal(Date.now());

function left(ms: number): string {
  if (ms <= 0) return t('evaluation.time.over');
  const minutes = Math.floor(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return t('evaluation.time.left', { h, m: String(m).padStart(2, '0') });
}

function StepBar({ step }: { step: EvaluationSnapshot['step'] }) {
  const at = STEPS.indexOf(step);
  return (
    <ol class="evaluation-steps" aria-label={t('evaluation.steps')} data-testid="evaluation-steps">
      {STEPS.map((s, i) => (
        <li
          key={s}
          aria-current={s === step ? 'step' : undefined}
          class={i < at ? 'done' : s === step ? 'current' : undefined}
        >
          {stepLabel(s)}
        </li>
      ))}
    </ol>
  );
}

function Header({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  const remaining = Date.parse(snapshot.scheduledEndAt) - (now.value + store.offsetMs.value);
  return (
    <header class="evaluation-head">
      <p>
        <a href={href('evaluations')} data-testid="evaluation-back">
          {t('evaluation.backToList')}
        </a>
      </p>
      <h1>
        {snapshot.tenderTitle} · {snapshot.sectionName}
      </h1>
      <p class="muted">
        <span class="mono">{snapshot.tenderCode}</span> ·{' '}
        <span data-testid="evaluation-audience">{t(`evaluation.audience.${snapshot.you.audience}`)}</span>
      </p>
      <StepBar step={snapshot.step} />
      <p data-testid="evaluation-step" data-step={snapshot.step}>
        {t('evaluation.stepNow', { step: stepLabel(snapshot.step) })}
      </p>
      <p class="muted" data-testid="evaluation-schedule">
        {t('evaluation.schedule', {
          start: formatDateTime(snapshot.startedAt),
          end: formatDateTime(snapshot.scheduledEndAt),
        })}
        {snapshot.extensions > 0 ? ` · ${t('evaluation.extended', { n: snapshot.extensions })}` : ''}
        {snapshot.step !== 'concluded' ? ` · ${left(remaining)}` : ''}
      </p>
      <p
        class={store.live.value ? 'muted' : 'alert alert-warn'}
        role="status"
        data-testid="evaluation-connection"
        data-live={store.live.value ? 'yes' : 'no'}
      >
        {store.live.value ? t('evaluation.live') : t('evaluation.reconnecting')}
      </p>
    </header>
  );
}

/** What this step asks of a member, in one line. */
function StepHelp({ snapshot }: { snapshot: EvaluationSnapshot }) {
  const you = snapshot.you;
  let key: Parameters<typeof t>[0];
  if (snapshot.step === 'forming')
    key =
      you.state === 'seated'
        ? 'evaluation.help.declare'
        : snapshot.leaderMemberId
          ? 'evaluation.help.waitAdvance'
          : 'evaluation.help.vote';
  else key = `evaluation.help.${snapshot.step}`;
  return (
    <p class="alert alert-info" data-testid="evaluation-help">
      {t(key)}
    </p>
  );
}

function TimeShort({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  if (snapshot.step === 'forming' || snapshot.step === 'concluded') return null;
  const active = activeMembers(snapshot);
  const said = active.filter((m) => m.saidTimeShort).length;
  const busy = !!store.sending.value[TIME_SHORT] || store.pending(TIME_SHORT);
  const say = () => {
    if (!confirm(t('evaluation.timeShort.confirm'))) return;
    void store.submit('evaluation:time-short', { evaluationId: snapshot.evaluationId }, TIME_SHORT);
  };
  return (
    <div class="evaluation-time-short">
      {snapshot.you.saidTimeShort ? (
        <p class="muted" data-testid="evaluation-time-short-said">
          {t('evaluation.timeShort.youSaid', { n: said, of: active.length })}
        </p>
      ) : (
        <button type="button" class="btn" disabled={busy} data-testid="evaluation-time-short" onClick={say}>
          {t('evaluation.timeShort.say')}
        </button>
      )}
      <SendState store={store} target={TIME_SHORT} />
    </div>
  );
}

/** Steps made but not yet acknowledged: they go again, with the same ids, once the room is back. */
function Outbox({ store }: { store: RoomStore }) {
  const waiting = store.outbox.value.length;
  if (!waiting || store.live.value) return null;
  return (
    <p class="alert alert-warn" role="status" data-testid="evaluation-outbox">
      {t('evaluation.outbox', { n: waiting })}
    </p>
  );
}

/**
 * The evaluation room (评标室): the same page for members, the leader (with the console), supervisors (the
 * timeline with actor and IP, read-only) and the tender's own side (observers). Everything shown comes from
 * the latest snapshot; the member's unsent input lives in signals (and the tab's sessionStorage).
 */
export function RoomPage({ store, user }: { store: RoomStore; user: User }) {
  useEffect(() => {
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const snapshot = store.snapshot.value;
  if (store.fatal.value)
    return (
      <section class="evaluation-room" data-testid="evaluation-room">
        <ErrorNote error={store.fatal.value} />
        <a href={href('evaluations')}>{t('evaluation.backToList')}</a>
      </section>
    );
  if (!snapshot)
    return (
      <section class="evaluation-room" data-testid="evaluation-room">
        <p class="muted">{store.live.value ? t('common.loading') : t('evaluation.connecting')}</p>
      </section>
    );
  const plan = snapshot.plan as unknown as EvaluationPlan;
  const audience = snapshot.you.audience;
  const member = (audience === 'member' || audience === 'leader') && snapshot.you.state !== 'replaced';
  const priceScores = snapshot.ranking
    ? new Map(snapshot.ranking.filter((r) => r.priceScore !== null).map((r) => [r.bidId, r.priceScore!]))
    : previewPriceScores(plan, snapshot.bids);
  const forming = snapshot.step === 'forming';
  return (
    <section
      class="evaluation-room"
      data-testid="evaluation-room"
      data-step={snapshot.step}
      data-audience={audience}
    >
      <Header store={store} snapshot={snapshot} />
      <Outbox store={store} />
      {snapshot.you.state === 'replaced' ? (
        <p class="alert alert-error" data-testid="evaluation-replaced">
          {t('evaluation.replaced')}
        </p>
      ) : null}
      {member ? <KeyGate user={user} /> : null}
      {member && snapshot.step !== 'concluded' ? <StepHelp snapshot={snapshot} /> : null}
      {member && forming && snapshot.you.state === 'seated' ? (
        <Declaration store={store} snapshot={snapshot} />
      ) : null}
      {member && forming && snapshot.you.state === 'declared' && !snapshot.leaderMemberId ? (
        <LeaderVote store={store} snapshot={snapshot} />
      ) : null}
      {audience === 'leader' ? <LeaderConsole store={store} snapshot={snapshot} plan={plan} /> : null}
      {audience === 'supervisor' ? (
        <Card title={t('evaluation.flags')} testId="evaluation-supervisor-flags">
          <Flags snapshot={snapshot} plan={plan} />
        </Card>
      ) : null}
      {member ? <TimeShort store={store} snapshot={snapshot} /> : null}
      <Results snapshot={snapshot} />
      {snapshot.step === 'concluded' ? (
        <p data-testid="evaluation-report-link">
          <a class="btn btn-primary" href={href(`evaluations/${snapshot.evaluationId}/report`)}>
            {t('report.open')}
          </a>
        </p>
      ) : null}
      <BidList store={store} snapshot={snapshot} plan={plan} priceScores={priceScores} member={member} />
      <Committee snapshot={snapshot} />
      <ClarificationMinutes snapshot={snapshot} />
      <Timeline log={store.log.value} snapshot={snapshot} supervisor={audience === 'supervisor'} />
    </section>
  );
}
