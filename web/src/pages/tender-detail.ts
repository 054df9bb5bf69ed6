import { h, mount, type Child } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { regionName } from '../regions.js';
import { href } from '../router.js';
import type { TenderView } from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { tenderStatusBadge } from '../tender-ui.js';
import type { User } from '../types.js';
import { errorBox } from '../ui.js';
import { clarifyDialog } from './clarify-dialog.js';
import { holdBanner } from './supervision/hold-banner.js';
import { instructionPanel } from './supervision/instruction-panel.js';
import { documentsPanel, type DocumentsOptions } from './tender-documents.js';
import { cancelTender, deleteDraft } from './tender-cancel.js';
import { clarificationsCard, custodiansCard } from './tender-detail-extra.js';
import {
  bidFormCard,
  evaluationCard,
  overviewCard,
  scheduleCard,
  sectionsCard,
} from './tender-detail-parts.js';
import { complaintButton } from './complaints/file-dialog.js';
import { awardPanel } from './award/panel.js';
import { contractPanel } from './contract/panel.js';

/** The tender as the public sees it (招标公告), with the actions of its tenderee or agency when they look. */
export function tenderDetailPage(id: string, user: User | null, params: URLSearchParams): HTMLElement {
  const root = h('section', { class: 'tender-detail', 'data-testid': 'tender-detail' });
  mount(root, h('span', { class: 'muted' }, t('common.loading')));
  const load = () =>
    tendersApi.get(id).then(
      (tender) => mount(root, ...detail(tender, user, params, load)),
      (error: unknown) => mount(root, errorBox(error)),
    );
  void load();
  return root;
}

function mayManage(user: User | null, tender: TenderView): boolean {
  if (!user?.partyId || (user.role !== 'tenderee' && user.role !== 'agency')) return false;
  return user.partyId === tender.tenderee.id || user.partyId === tender.agency?.id;
}

function detail(tender: TenderView, user: User | null, params: URLSearchParams, reload: () => void): Child[] {
  const manager = mayManage(user, tender);
  const messages = h('div', { class: 'messages', 'data-testid': 'tender-messages' });
  if (params.get('published') && tender.status === 'published') {
    mount(
      messages,
      h(
        'div',
        { class: 'alert alert-success', role: 'status', 'data-testid': 'tender-published' },
        t('tender.publishedNow'),
      ),
    );
  }
  const back = manager
    ? h('a', { href: href('tenders') }, t('nav.tenders'))
    : h('a', { href: href('notices') }, t('nav.notices'));
  return [
    h('p', { class: 'breadcrumb' }, back),
    h(
      'header',
      { class: 'tender-head' },
      h(
        'div',
        { class: 'tender-head-tags' },
        tenderStatusBadge(tender.status),
        h('span', { class: 'mono', 'data-testid': 'tender-code' }, tender.code),
      ),
      h('h1', { 'data-testid': 'tender-title' }, tender.title),
      h(
        'p',
        { class: 'tender-meta' },
        [
          tender.tenderee.name,
          t(`category.${tender.category}`),
          regionName(tender.regionCode),
          t('tender.publishedAt', { at: formatDateTime(tender.publishedAt) }),
        ].join(' · '),
      ),
      manager ? actions(tender, messages, reload) : null,
      h(
        'div',
        { class: 'tender-actions' },
        user?.role === 'bidder' && tender.status === 'published'
          ? h(
              'a',
              {
                class: 'btn btn-primary',
                href: href(`tenders/${tender.id}/bid`),
                'data-testid': 'tender-bid',
              },
              t('bid.open'),
            )
          : null,
        // 投诉 (SS Art.60): a bidder may complain about a tender once it is public, whatever its stage.
        user?.role === 'bidder' && tender.publishedAt ? complaintButton(tender) : null,
        // The opening hall is open to everyone, the public included, from publication on.
        tender.publishedAt
          ? h(
              'a',
              {
                class: 'btn',
                href: href(`tenders/${tender.id}/opening`),
                'data-testid': 'tender-opening-hall',
              },
              t('hall.link'),
            )
          : null,
      ),
    ),
    messages,
    // A supervisory hold (监督暂停) is told to everyone; supervisors get the instructions panel below.
    holdBanner(tender.id),
    tender.status === 'cancelled'
      ? h(
          'div',
          { class: 'alert alert-error', 'data-testid': 'tender-cancelled' },
          t('tender.cancelledBecause', {
            at: formatDateTime(tender.cancelledAt),
            reason: tender.cancellationReason ?? '',
          }),
        )
      : null,
    h(
      'div',
      { class: 'tender-grid' },
      overviewCard(tender),
      scheduleCard(tender),
      sectionsCard(tender),
      evaluationCard(tender),
      bidFormCard(tender),
      custodiansCard(tender),
      clarificationsCard(tender),
      awardPanel(tender, user, manager, reload),
      contractPanel(tender, manager, reload),
      user?.role === 'supervisor' ? instructionPanel(tender.id, reload) : null,
      h(
        'section',
        { class: 'card span-all' },
        h('h2', {}, t('tender.documents')),
        documentsPanel(tender.id, documentRights(tender, manager)),
      ),
    ),
  ];
}

function actions(tender: TenderView, messages: HTMLElement, reload: () => void): HTMLElement {
  const open = tender.status === 'published' || tender.status === 'suspended';
  return h(
    'div',
    { class: 'tender-actions' },
    tender.status === 'draft'
      ? h(
          'a',
          { class: 'btn btn-primary', href: href(`tenders/${tender.id}/edit`), 'data-testid': 'tender-edit' },
          t('tender.edit'),
        )
      : null,
    open
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary',
            'data-testid': 'tender-clarify',
            onclick: () => clarifyDialog(tender, reload),
          },
          t('clarify.open'),
        )
      : null,
    // A draft nobody has seen is deleted, not terminated with a published notice.
    tender.status === 'draft'
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-danger',
            'data-testid': 'tender-delete-draft',
            onclick: () => void deleteDraft(tender.id, messages),
          },
          t('tender.deleteDraft'),
        )
      : null,
    open
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-danger',
            'data-testid': 'tender-cancel',
            onclick: () => void cancelTender(tender.id, messages),
          },
          t('tender.cancel'),
        )
      : null,
  );
}

/** A draft's documents change freely; a published tender's only with one of its amendments (ZB Art.23). */
function documentRights(tender: TenderView, manager: boolean): DocumentsOptions {
  if (!manager) return { canUpload: false };
  if (tender.status === 'draft') return { canUpload: true };
  const amendments = tender.clarifications.filter((c) => c.kind === 'amendment').map((c) => c.number);
  return { canUpload: tender.status === 'published' && amendments.length > 0, amendments };
}
