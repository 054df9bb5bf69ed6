import { h, mount, type Child } from '../../dom.js';
import { formatDateTime, fromBeijingInput, toBeijingInput } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import type { TenderView } from '../../tender-types.js';
import type { User } from '../../types.js';
import { errorBox, field } from '../../ui.js';
import { beijingInput, select } from '../form-controls.js';
import { awardApi, type Letter, type Objection, type SectionState } from './api.js';

/** The grounds to pass a candidate over (SS Art.55), as src/modules/award/grounds.ts lists them. */
const GROUNDS = [
  'declined',
  'force-majeure',
  'no-performance-security',
  'violation',
  'fails-condition',
] as const;
const AWARD_STATUSES = ['evaluating', 'publicity', 'awarded'];

interface Viewer {
  tender: TenderView;
  user: User | null;
  manager: boolean;
  reload: () => void;
}

/**
 * 中标候选人公示 and 定标 on the tender page: each section's candidates, the publicity with its limits, the
 * objections and their answers, the award, and the letters. What each person may do appears only for them:
 * the tenderee or agency publishes, answers and confirms; a bidder objects and downloads its letter.
 */
export function awardPanel(
  tender: TenderView,
  user: User | null,
  manager: boolean,
  reload: () => void,
): HTMLElement | null {
  if (!AWARD_STATUSES.includes(tender.status)) return null;
  const root = h(
    'section',
    { class: 'card span-all', 'data-testid': 'award-panel' },
    h('h2', {}, t('award.title')),
  );
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  root.append(body);
  const viewer: Viewer = { tender, user, manager, reload };
  const signedIn = user && ['tenderee', 'agency', 'bidder', 'supervisor'].includes(user.role);
  void Promise.all([
    awardApi.overview(tender.id),
    signedIn && (manager || user.role === 'supervisor' || user.role === 'bidder')
      ? awardApi.objections(tender.id).catch(() => ({ items: [] as Objection[] }))
      : { items: [] as Objection[] },
    signedIn
      ? awardApi.letters(tender.id).catch(() => ({ items: [] as Letter[] }))
      : { items: [] as Letter[] },
  ]).then(
    ([overview, objections, letters]) =>
      mount(
        body,
        ...overview.sections.map((s) =>
          sectionBlock(
            viewer,
            s,
            objections.items.filter((o) => o.stage === 'candidates' && o.sectionId === s.section.id),
          ),
        ),
        letters.items.length > 0 ? lettersBlock(letters.items) : null,
      ),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return root;
}

function sectionBlock(v: Viewer, s: SectionState, objections: Objection[]): HTMLElement {
  const messages = h('div', { 'aria-live': 'polite' });
  return h(
    'article',
    { class: 'award-section', 'data-testid': `award-section-${s.section.code}` },
    h('h3', {}, `${s.section.code} ${s.section.name}`),
    h(
      'p',
      { 'data-testid': 'award-stage' },
      h('span', { class: 'badge' }, t(`award.stage.${s.stage}` as MessageKey)),
    ),
    messages,
    s.report ? candidatesTable(s) : null,
    s.publicity
      ? h(
          'p',
          {},
          t('award.period', {
            from: formatDateTime(s.publicity.startsAt),
            to: formatDateTime(s.publicity.endsAt),
          }),
        )
      : null,
    s.openObjections > 0 && v.manager
      ? h('p', { class: 'alert alert-warn' }, t('award.objectionsOpen', { count: s.openObjections }))
      : null,
    s.award
      ? h(
          'p',
          { class: 'alert alert-success', 'data-testid': 'award-winner' },
          t('award.awarded', {
            name: s.award.bidderName,
            price: formatYuan(s.award.priceFen),
            at: formatDateTime(s.award.confirmedAt),
          }),
        )
      : null,
    v.manager && s.stage === 'ready' && s.limits ? publishForm(v, s, messages) : null,
    v.user?.role === 'bidder' && s.stage === 'publicity' ? objectionForm(v, s, messages) : null,
    objections.length > 0 ? objectionList(v, objections) : null,
    v.manager && s.stage === 'ended' && s.openObjections === 0 ? awardForm(v, s, messages) : null,
  );
}

function candidatesTable(s: SectionState): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'award-candidates' },
      h('caption', {}, t('award.candidates')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['colRank', 'colBidder', 'colPrice', 'colScore'] as const).map((k) =>
            h('th', { scope: 'col' }, t(`award.${k}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...s.report!.candidates.map((c) =>
          h(
            'tr',
            {},
            h('td', {}, t('award.rank', { rank: c.rank })),
            h('td', {}, c.bidderName),
            h('td', { class: 'num' }, formatYuan(c.priceFen)),
            h('td', { class: 'num' }, c.score === null ? '—' : (c.score / 100).toFixed(2)),
          ),
        ),
      ),
    ),
    h('small', { class: 'muted' }, t('award.reportCompleted', { at: formatDateTime(s.report!.completedAt) })),
  );
}

/** Beijing-time pickers, filled with the earliest allowed: start now, end at 24:00 of the third day. */
function publishForm(v: Viewer, s: SectionState, messages: HTMLElement): HTMLElement {
  const starts = beijingInput('startsAt');
  const ends = beijingInput('endsAt');
  // Empty: the publicity starts when the server receives it (the browser's clock may be off).
  ends.value = toBeijingInput(s.limits!.earliestEndAt);
  starts.max = toBeijingInput(s.limits!.latestStartAt);
  ends.min = toBeijingInput(s.limits!.earliestEndAt);
  const form = h(
    'form',
    { class: 'form-grid', 'data-testid': 'award-publish-form' },
    field(
      t('award.startsAt'),
      starts,
      t('award.startHint', { latest: formatDateTime(s.limits!.latestStartAt) }),
    ),
    field(t('award.endsAt'), ends, t('award.endHint', { earliest: formatDateTime(s.limits!.earliestEndAt) })),
    h(
      'button',
      { class: 'btn btn-primary', type: 'submit', 'data-testid': 'award-publish' },
      t('award.publish'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const startsAt = fromBeijingInput(starts.value) ?? undefined;
    const endsAt = fromBeijingInput(ends.value) ?? '';
    submit(messages, () => awardApi.publish(v.tender.id, s.section.id, { startsAt, endsAt }), v.reload);
  });
  return form;
}

function objectionForm(v: Viewer, s: SectionState, messages: HTMLElement): HTMLElement {
  const text = h('textarea', {
    name: 'content',
    rows: 3,
    required: true,
    minlength: 5,
    'data-testid': 'award-objection-text',
  });
  const form = h(
    'form',
    { class: 'form-grid', 'data-testid': 'award-objection-form' },
    field(t('award.objectionText'), text),
    h('button', { class: 'btn', type: 'submit', 'data-testid': 'award-object' }, t('award.object')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(
      messages,
      () => awardApi.object(v.tender.id, s.section.id, text.value),
      () => {
        mount(messages, h('p', { class: 'alert alert-success', role: 'status' }, t('award.objectionSent')));
        form.reset();
      },
    );
  });
  return form;
}

function objectionList(v: Viewer, objections: Objection[]): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'award-objections' },
    h('h4', {}, t('award.objections')),
    h(
      'ul',
      { class: 'stack' },
      ...objections.map((o) => {
        const item = h(
          'li',
          {},
          h('p', {}, o.content),
          h(
            'small',
            { class: 'muted' },
            t('award.objectionDue', {
              at: formatDateTime(o.submittedAt),
              due: formatDateTime(o.answerDueAt),
            }),
          ),
        );
        if (o.answeredAt)
          item.append(
            h('p', {}, t('award.answered', { at: formatDateTime(o.answeredAt), answer: o.answer ?? '' })),
          );
        else if (v.manager) item.append(answerForm(v, o));
        return item;
      }),
    ),
  );
}

function answerForm(v: Viewer, o: Objection): HTMLElement {
  const messages = h('div', { 'aria-live': 'polite' });
  const text = h('textarea', {
    name: `answer-${o.id}`,
    rows: 2,
    required: true,
    minlength: 2,
    'data-testid': 'award-answer-text',
  });
  const form = h(
    'form',
    { class: 'stack' },
    messages,
    field(t('award.answerText'), text),
    h('button', { class: 'btn', type: 'submit', 'data-testid': 'award-answer' }, t('award.answer')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(messages, () => awardApi.answer(v.tender.id, o.id, text.value), v.reload);
  });
  return form;
}

/** The winner by name; for each candidate ranked before it, a ground from the list and a written reason. */
function awardForm(v: Viewer, s: SectionState, messages: HTMLElement): HTMLElement {
  const candidates = s.report?.candidates ?? [];
  const winner = select(
    'candidateRank',
    candidates.map((c) => [
      String(c.rank),
      `${t('award.rank', { rank: c.rank })} ${c.bidderName} ${formatYuan(c.priceFen)}`,
    ]),
    { 'data-testid': 'award-winner-select' },
  );
  const grounds = h('div', { class: 'stack' });
  const renderGrounds = () => {
    const rank = Number(winner.value);
    mount(
      grounds,
      ...candidates
        .filter((c) => c.rank < rank)
        .map((c): Child =>
          h(
            'fieldset',
            { 'data-testid': `award-pass-over-${c.rank}` },
            h('legend', {}, t('award.passOver', { rank: c.rank, name: c.bidderName })),
            field(
              t('award.ground'),
              select(
                `ground-${c.rank}`,
                GROUNDS.map((g) => [g, t(`award.ground.${g}`)]),
              ),
            ),
            field(
              t('award.reason'),
              h('textarea', { name: `reason-${c.rank}`, rows: 2, minlength: 5, required: true }),
            ),
          ),
        ),
    );
  };
  winner.addEventListener('change', renderGrounds);
  renderGrounds();
  const form = h(
    'form',
    { class: 'form-grid', 'data-testid': 'award-confirm-form' },
    field(t('award.winner'), winner),
    grounds,
    h(
      'button',
      { class: 'btn btn-primary', type: 'submit', 'data-testid': 'award-confirm' },
      t('award.confirm'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rank = Number(winner.value);
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    const passedOver = candidates
      .filter((c) => c.rank < rank)
      .map((c) => ({
        rank: c.rank,
        // The select offers GROUNDS only.
        ground: value(`ground-${c.rank}`) as (typeof GROUNDS)[number],
        reason: value(`reason-${c.rank}`),
      }));
    submit(
      messages,
      () => awardApi.confirm(v.tender.id, s.section.id, { candidateRank: rank, passedOver }),
      v.reload,
    );
  });
  return form;
}

function lettersBlock(letters: Letter[]): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'award-letters' },
    h('h3', {}, t('award.letters')),
    h(
      'ul',
      { class: 'stack' },
      ...letters.map((l) => {
        const button = h(
          'button',
          { class: 'btn', type: 'button', 'data-testid': 'award-letter-download' },
          t('award.download'),
        );
        const title = t(`award.letter.${l.kind}`);
        button.addEventListener('click', async () => {
          try {
            const url = URL.createObjectURL(await awardApi.letterPdf(l.id));
            h('a', { href: url, download: `${title}-${l.sectionCode}.pdf` }).click();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          } catch (error) {
            button.after(errorBox(error));
          }
        });
        return h(
          'li',
          {},
          h('strong', {}, `${title} · ${l.sectionCode} ${l.sectionName}`),
          ' ',
          h(
            'small',
            { class: 'muted' },
            t('award.letterTo', { name: l.addresseeName, at: formatDateTime(l.issuedAt) }),
          ),
          ' ',
          button,
        );
      }),
    ),
  );
}

/** Runs a step, showing its error in place, or going on (reloading the page) when it succeeds. */
function submit(messages: HTMLElement, step: () => Promise<unknown>, then: () => void): void {
  mount(messages);
  step().then(then, (error: unknown) => mount(messages, errorBox(error)));
}
