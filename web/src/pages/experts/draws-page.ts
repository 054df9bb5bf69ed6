/** 专家抽取: the agency's (or tenderee's) tenders with their draws, or the draws a supervisor witnesses. */
import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tendersApi } from '../../tenders-api.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import { drawsApi, type Draw } from './api.js';
import { drawStatusBadge } from './common.js';

export function drawsPage(user: User): HTMLElement {
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const load = user.role === 'supervisor' ? supervisorView() : tenderSideView(user);
  load.then(
    (node) => mount(body, node),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h(
    'section',
    { 'data-testid': 'draws-page' },
    h('h1', {}, t('draw.listTitle')),
    h('p', { class: 'lead' }, t(user.role === 'supervisor' ? 'draw.listIntroSupervisor' : 'draw.listIntro')),
    body,
  );
}

async function supervisorView(): Promise<HTMLElement> {
  const draws = await drawsApi.mine();
  if (draws.length === 0) return h('p', { class: 'empty', 'data-testid': 'draws-empty' }, t('draw.none'));
  return drawTable(draws);
}

/** A tender's draws are requested by the agency running it, or by the tenderee when there is none. */
export const runsDraws = (user: User, tender: TenderView) =>
  !!user.partyId &&
  (tender.agency
    ? user.role === 'agency' && tender.agency.id === user.partyId
    : user.role === 'tenderee' && tender.tenderee.id === user.partyId);

async function tenderSideView(user: User): Promise<HTMLElement> {
  const tenders = (await tendersApi.listManaged()).items.filter(
    (tender) => tender.publishedAt && tender.status !== 'cancelled',
  );
  if (tenders.length === 0)
    return h('p', { class: 'empty', 'data-testid': 'draws-empty' }, t('draw.noTenders'));
  const cards = await Promise.all(
    tenders.map(async (tender) => {
      const draws = await drawsApi.ofTender(tender.id);
      return h(
        'section',
        { class: 'card', 'data-testid': 'draw-tender', 'data-tender-id': tender.id },
        h(
          'div',
          { class: 'page-head' },
          h('h2', {}, h('span', { class: 'mono' }, tender.code), ' ', tender.title),
          runsDraws(user, tender)
            ? h(
                'a',
                {
                  class: 'btn btn-primary',
                  href: href('expert-draws/new', { tender: tender.id }),
                  'data-testid': 'draw-new',
                },
                t('draw.new'),
              )
            : null,
        ),
        draws.length > 0 ? drawTable(draws, tender) : h('p', { class: 'muted' }, t('draw.none')),
      );
    }),
  );
  return h('div', { class: 'ex-stack' }, cards);
}

function drawTable(draws: Draw[], tender?: TenderView): HTMLElement {
  const section = (draw: Draw) => tender?.sections.find((s) => s.id === draw.sectionId)?.name ?? '';
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'draws-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          (['requested', 'section', 'date', 'seats', 'status'] as const).map((c) =>
            h('th', { scope: 'col' }, t(`draw.col.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        draws.map((draw) =>
          h(
            'tr',
            { 'data-testid': 'draw-row', 'data-draw-id': draw.id },
            h(
              'td',
              {},
              h(
                'a',
                { href: href(`expert-draws/${draw.id}`), 'data-testid': 'draw-link' },
                formatDateTime(draw.createdAt),
              ),
            ),
            h('td', {}, section(draw) || h('span', { class: 'mono' }, draw.sectionId.slice(0, 8))),
            h(
              'td',
              { class: 'nowrap' },
              draw.request.evaluationDate,
              h('small', { class: 'note' }, draw.request.place),
            ),
            h(
              'td',
              { class: 'num' },
              t('draw.seatsSummary', { confirmed: draw.counts.confirmed, seats: draw.counts.seats }),
            ),
            h('td', {}, drawStatusBadge(draw.status)),
          ),
        ),
      ),
    ),
  );
}
