import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import type { HallEvent, HallProgress, HallSection } from './hall-types.js';

/** Milliseconds as `3天 04:05:06` (`3 d 04:05:06` in English) / `04:05:06`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  const days = Math.floor(s / 86400);
  return days > 0 ? `${t('hall.days', { days: String(days) })} ${clock}` : clock;
}

const outcomeText = (outcome: string | null | undefined) =>
  outcome === 'opened' || outcome === 'revoked' || outcome === 'withdrawn'
    ? t(`hall.outcome.${outcome}`)
    : '';

/** One line of the opening's history; supervisors also see who and from where. */
export function eventLine(event: HallEvent): HTMLElement {
  const bid = event.data.bid as { number: number; of: number } | null | undefined;
  const params = {
    position: String(event.data.position ?? ''),
    bid: bid ? `${bid.number}/${bid.of}` : '?',
    outcome: outcomeText(event.data.outcome as string),
  };
  const wrongKey = event.kind === 'opening.bidder-key-submitted' && event.data.valid === false;
  const key = (wrongKey ? 'hall.event.opening.bidder-key-wrong' : `hall.event.${event.kind}`) as Parameters<
    typeof t
  >[0];
  return h(
    'li',
    { 'data-testid': 'hall-event', 'data-kind': event.kind },
    h('time', { class: 'muted' }, formatDateTime(event.at)),
    ' ',
    t(key, params),
    event.mine ? ` ${t('hall.mine')}` : null,
    event.actor
      ? h(
          'span',
          { class: 'hall-actor', 'data-testid': 'hall-actor' },
          ` · ${t('hall.actor')}: ${actorWords(event.actor)}` +
            (event.actor.userId ? ` · ${t('hall.ip')}: ${event.ip ?? '—'}` : ''),
        )
      : null,
  );
}

/** Who took a step, as a supervisor reads it: a name, else the role; the platform's own steps say so. */
function actorWords(actor: NonNullable<HallEvent['actor']>): string {
  if (!actor.userId) return t('hall.platform');
  const roleKey = `role.${actor.role ?? ''}`;
  return actor.name ?? (isMessageKey(roleKey) ? t(roleKey) : '—');
}

function recordTable(section: HallSection): HTMLElement | null {
  const record = section.record?.record;
  if (!record) return null;
  const fields = record.fields;
  const value = (key: string, type: string, v: string | number | undefined) =>
    type === 'money' && typeof v === 'number' ? formatYuan(v) : String(v ?? '—');
  return h(
    'div',
    { class: 'card', 'data-testid': 'hall-record' },
    h('h3', {}, t('hall.record')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('hall.recordBidder')),
            ...fields.map((f) => h('th', {}, f.label)),
            h('th', {}, t('hall.recordOutcome')),
          ),
        ),
        h(
          'tbody',
          {},
          ...record.bids.map((b) =>
            h(
              'tr',
              { 'data-testid': 'hall-record-row' },
              h('td', {}, b.bidder.name),
              ...fields.map((f) => h('td', { 'data-field': f.key }, value(f.key, f.type, b.values[f.key]))),
              h('td', {}, outcomeText(b.outcome)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Each section's bids by number: shares, state and outcome; the record once out. */
export function progressView(progress: HallProgress | null): HTMLElement {
  if (!progress) return h('p', { class: 'muted', 'data-testid': 'hall-not-started' }, t('hall.notStarted'));
  return h(
    'div',
    { 'data-testid': 'hall-progress' },
    progress.releasedPositions.length > 0
      ? h('p', {}, t('hall.released', { positions: progress.releasedPositions.join(', ') }))
      : null,
    ...progress.sections.map((section, i) =>
      h(
        'div',
        { class: 'hall-section', 'data-section': section.sectionId },
        h('h3', {}, t('hall.section', { n: i + 1 })),
        section.status === 'failed' ? h('p', { class: 'alert alert-error' }, t('hall.sectionFailed')) : null,
        h(
          'ul',
          { class: 'hall-bids' },
          ...section.bids.map((bid) =>
            h(
              'li',
              {
                'data-testid': 'hall-bid',
                'data-state': bid.state,
                'data-outcome': bid.outcome ?? '',
                // Supervisors get the bid's id to match it with alerts and the audit trail; a person reads the
                // bid by its number, and the id stays out of the text.
                'data-bid-id': bid.bidId ?? '',
              },
              `${t('hall.bid', { n: bid.number, of: bid.of })}: `,
              `${t('hall.shares', { have: bid.shares, need: progress.threshold })}, `,
              h('strong', {}, t(`hall.state.${bid.state}`)),
              bid.bidderKey
                ? h('span', { class: 'badge', 'data-testid': 'hall-bidder-key' }, ` ${t('hall.bidderKey')}`)
                : null,
              bid.outcome ? ` — ${outcomeText(bid.outcome)}` : null,
            ),
          ),
        ),
        recordTable(section),
      ),
    ),
    progress.completedAt ? h('p', { 'data-testid': 'hall-completed' }, t('hall.completed')) : null,
  );
}
