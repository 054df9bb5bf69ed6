/**
 * One draw, as its viewer may see it (the server decides): the supervisor witnesses with entropy and sees the
 * names; the agency runs, sees counts only and announces; after the announcement anyone sees the record.
 */
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tendersApi } from '../../tenders-api.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import { drawsApi, type CatalogEntry, type Draw } from './api.js';
import { drawStatusBadge, explainedError, loadCatalog, notice, randomHex } from './common.js';
import { commitmentDetails, countsLine, membersTable, requestDetails, stepsList } from './draw-parts.js';
import { runsDraws } from './draws-page.js';
import { verificationCard } from './draw-verify.js';

interface Context {
  user: User | null;
  tender: TenderView | null;
  catalog: Map<string, CatalogEntry> | null;
}

export function drawPage(id: string, user: User | null): HTMLElement {
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const section = h('section', { class: 'ex-page', 'data-testid': 'draw-page', 'data-draw-id': id }, body);
  Promise.all([drawsApi.get(id), loadCatalog().catch(() => null)]).then(
    async ([draw, catalog]) => {
      const tender = await tendersApi.get(draw.tenderId).catch(() => null);
      show(section, draw, { user, tender, catalog });
    },
    (error: unknown) => mount(body, errorBox(error)),
  );
  return section;
}

function show(section: HTMLElement, draw: Draw, ctx: Context, message: HTMLElement | null = null): void {
  const redraw = (next: Draw, note: HTMLElement | null) => show(section, next, ctx, note);
  section.dataset.status = draw.status;
  mount(
    section,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('draw.title'), ' ', drawStatusBadge(draw.status)),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'data-testid': 'draw-refresh',
          onclick: () =>
            void drawsApi.get(draw.id).then(
              (next) => redraw(next, null),
              (e: unknown) => redraw(draw, errorBox(e)),
            ),
        },
        t('draw.refresh'),
      ),
    ),
    ctx.tender
      ? h(
          'p',
          { class: 'lead' },
          h(
            'a',
            { href: href(`tenders/${ctx.tender.id}`) },
            h('span', { class: 'mono' }, ctx.tender.code),
            ' ',
            ctx.tender.title,
          ),
        )
      : null,
    stepsList(draw),
    h('div', { class: 'messages', 'data-testid': 'draw-messages' }, message),
    actions(draw, ctx, redraw),
    h('section', { class: 'card' }, h('h2', {}, t('draw.committee')), countsLine(draw), members(draw, ctx)),
    draw.status === 'announced' ? verificationCard(draw.id, ctx.catalog) : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('draw.requestTitle')),
      requestDetails(draw, ctx.tender, ctx.catalog),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('draw.proof')),
      h('p', { class: 'hint' }, t('draw.proofIntro')),
      commitmentDetails(draw),
    ),
  );
}

function members(draw: Draw, ctx: Context): HTMLElement {
  if (draw.members === null) {
    return h('p', { class: 'alert alert-info', 'data-testid': 'draw-sealed' }, t('draw.sealedCounts'));
  }
  return membersTable(draw.members, ctx.catalog);
}

type Redraw = (next: Draw, note: HTMLElement | null) => void;

function actions(draw: Draw, ctx: Context, redraw: Redraw): HTMLElement | null {
  const { user, tender } = ctx;
  const supervises = user?.role === 'supervisor' && user.id === draw.supervisorUserId;
  const requests = !!user && !!tender && runsDraws(user, tender);
  const act = (button: HTMLButtonElement, call: () => Promise<Draw>, done: string, testId: string) => {
    button.addEventListener('click', () => {
      button.disabled = true;
      call().then(
        (next) => redraw(next, notice(done, testId)),
        (error: unknown) => redraw(draw, explainedError(error, ctx.catalog)),
      );
    });
    return button;
  };
  const button = (label: string, testId: string, primary = true) =>
    h(
      'button',
      { type: 'button', class: `btn ${primary ? 'btn-primary' : ''}`, 'data-testid': testId },
      label,
    );

  if (draw.status === 'committed') {
    if (!supervises)
      return h('p', { class: 'alert alert-info', 'data-testid': 'draw-waiting' }, t('draw.awaitWitness'));
    const entropy = h('input', {
      name: 'entropy',
      class: 'mono ex-entropy',
      maxlength: 128,
      spellcheck: 'false',
      autocomplete: 'off',
      'data-testid': 'entropy',
    });
    const generate = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        'data-testid': 'entropy-generate',
        onclick: () => (entropy.value = randomHex()),
      },
      t('draw.generateEntropy'),
    );
    const witness = act(
      button(t('draw.witness'), 'draw-witness'),
      () => drawsApi.witness(draw.id, entropy.value.trim().toLowerCase()),
      t('draw.witnessed'),
      'draw-witnessed',
    );
    return h(
      'section',
      { class: 'card', 'data-testid': 'draw-witness-card' },
      h('h2', {}, t('draw.witnessTitle')),
      h('p', {}, t('draw.witnessIntro')),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('draw.entropy')),
        h('div', { class: 'ex-inline' }, entropy, generate),
      ),
      h('p', { class: 'hint' }, t('draw.entropyHint')),
      h('div', { class: 'form-actions' }, witness),
    );
  }
  if (draw.status === 'witnessed') {
    if (!supervises && !requests) return h('p', { class: 'alert alert-info' }, t('draw.awaitRun'));
    return h(
      'section',
      { class: 'card', 'data-testid': 'draw-run-card' },
      h('p', {}, t('draw.runIntro')),
      h(
        'div',
        { class: 'form-actions' },
        act(button(t('draw.run'), 'draw-run'), () => drawsApi.run(draw.id), t('draw.ran'), 'draw-ran'),
      ),
    );
  }
  if (draw.status === 'drawn') {
    if (!requests) return h('p', { class: 'alert alert-info' }, t('draw.awaitAnswers'));
    const complete = draw.counts.confirmed === draw.counts.seats;
    const announce = act(
      button(t('draw.announce'), 'draw-announce'),
      () => drawsApi.announce(draw.id),
      t('draw.announced'),
      'draw-announced',
    );
    return h(
      'section',
      { class: 'card', 'data-testid': 'draw-announce-card' },
      h(
        'p',
        {},
        complete
          ? t('draw.readyToAnnounce')
          : t('draw.notReady', { confirmed: draw.counts.confirmed, seats: draw.counts.seats }),
      ),
      h('div', { class: 'form-actions' }, announce),
    );
  }
  return null;
}
