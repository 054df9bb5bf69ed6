import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import type { TenderView } from '../tender-types.js';
import { card, table } from './tender-detail-parts.js';

/** The key custodians and the clarifications of the tender detail page. */

export function custodiansCard(tender: TenderView): HTMLElement {
  const { threshold, members } = tender.custodians;
  const block = card(
    'tender.custodians',
    'tender-custodians',
    h('p', { class: 'hint' }, t('tender.thresholdNote', { k: threshold, n: members.length })),
    table(
      'custodians-table',
      ['tender.custodian.position', 'tender.custodian.name', 'tender.custodian.serial'],
      members.map((m) => [
        String(m.position),
        m.displayName,
        h(
          'span',
          { class: 'mono serial', 'data-testid': 'certificate-serial' },
          m.certificateSerial ?? t('tender.custodian.notFrozen'),
        ),
      ]),
    ),
  );
  block.classList.add('span-all'); // certificate serials are long
  return block;
}

export function clarificationsCard(tender: TenderView): HTMLElement {
  const items = [...tender.clarifications].reverse().map((c) =>
    h(
      'article',
      { class: 'clarification', 'data-testid': 'clarification' },
      h(
        'h3',
        {},
        h('span', { class: `badge badge-kind-${c.kind}` }, t(`clarify.kind.${c.kind}`)),
        ' ',
        t('clarify.numbered', { n: c.number }),
        ' ',
        c.title,
      ),
      h('p', { class: 'muted' }, t('clarify.publishedAt', { at: formatDateTime(c.publishedAt) })),
      h('p', { class: 'prose' }, c.body),
      c.bidDeadline !== c.previousBidDeadline
        ? h(
            'p',
            { class: 'deadline-moved' },
            t('clarify.deadlineMovedFrom', {
              from: formatDateTime(c.previousBidDeadline),
              to: formatDateTime(c.bidDeadline),
            }),
          )
        : null,
    ),
  );
  return h(
    'div',
    { class: 'span-all' },
    card(
      'tender.clarifications',
      'tender-clarifications',
      ...(items.length > 0 ? items : [h('p', { class: 'muted' }, t('clarify.none'))]),
    ),
  );
}
