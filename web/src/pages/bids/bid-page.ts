/** 投标: pick the section, fill the bid form, attach files, seal in this browser and upload. */
import { bidsApi, type BidView } from '../../bids-api.js';
import { fieldValue, h, mount, type Child } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { currentIdentity, type StoredIdentity } from '../../keys/key-store.js';
import { href } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tendersApi } from '../../tenders-api.js';
import type { User } from '../../types.js';
import { clearFieldErrors, errorBox, field, setFieldError } from '../../ui.js';
import { bidFieldControls, readBidForm } from './bid-form.js';
import { receiptCard } from './receipt-view.js';
import { bidReview, type BidDraft } from './review.js';
import { sealAndUpload, type DepositAccount } from './submission.js';

export function bidPage(tenderId: string, user: User, params: URLSearchParams): HTMLElement {
  const root = h('section', { class: 'bid-page', 'data-testid': 'bid-page' });
  mount(root, h('span', { class: 'muted' }, t('common.loading')));
  Promise.all([tendersApi.get(tenderId), currentIdentity(user.id), bidsApi.myBids()]).then(
    ([tender, identity, bids]) => mount(root, ...page(tender, identity, bids, params)),
    (error: unknown) => mount(root, errorBox(error)),
  );
  return root;
}

function page(
  tender: TenderView,
  identity: StoredIdentity | null,
  bids: BidView[],
  params: URLSearchParams,
): Child[] {
  const head = [
    h('p', { class: 'breadcrumb' }, h('a', { href: href(`tenders/${tender.id}`) }, tender.code)),
    h('h1', {}, t('bid.title')),
    h('p', { class: 'lead' }, tender.title),
    h('p', { class: 'hint' }, t('bid.deadline', { at: formatDateTime(tender.schedule.bidDeadline) })),
  ];
  if (tender.status !== 'published') {
    return [
      ...head,
      h('div', { class: 'alert alert-error', 'data-testid': 'bid-closed' }, t('error.TENDER_NOT_OPEN')),
    ];
  }
  if (!identity) {
    return [
      ...head,
      h(
        'div',
        { class: 'alert alert-warn', 'data-testid': 'bid-no-key' },
        t('bid.noKey'),
        ' ',
        h('a', { href: href('certificate'), 'data-testid': 'bid-to-certificate' }, t('nav.certificate')),
      ),
    ];
  }
  return [...head, bidForm(tender, identity, bids, params.get('section'))];
}

function bidForm(
  tender: TenderView,
  identity: StoredIdentity,
  bids: BidView[],
  wanted: string | null,
): HTMLElement {
  const section = h(
    'select',
    { name: 'section', 'data-testid': 'bid-section', required: true },
    tender.sections.map((s) =>
      h('option', { value: s.id, selected: s.id === wanted }, `${s.code} ${s.name}`),
    ),
  );
  const replaceNote = h('p', { class: 'hint', 'data-testid': 'bid-replace-note' });
  const showReplace = () => {
    const existing = bids.find((b) => b.sectionId === section.value && b.status === 'submitted');
    replaceNote.textContent = existing ? t('bid.replaces', { version: existing.version }) : '';
  };
  section.addEventListener('change', showReplace);
  showReplace();
  const files = h('input', { type: 'file', name: 'files', multiple: true, 'data-testid': 'bid-files' });
  const deposit = ['bank', 'accountName', 'accountNumber'].map((k) =>
    field(
      t(`bid.deposit.${k}` as 'bid.deposit.bank'),
      h('input', { name: `deposit.${k}`, 'data-testid': `bid-deposit-${k}`, maxlength: 100 }),
    ),
  );
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'bid-seal-submit' },
    t('bid.sealAndSubmit'),
  );
  const area = h('div', { class: 'submission', 'data-testid': 'submission' });
  const form = h(
    'form',
    { class: 'card bid-form', novalidate: true, 'data-testid': 'bid-form' },
    field(t('bid.section'), section),
    replaceNote,
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', {}, t('bid.formFields')),
      bidFieldControls(tender.bidFormFields),
    ),
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', {}, t('bid.attachments')),
      files,
      h('small', { class: 'hint' }, t('bid.attachmentsHint')),
    ),
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', {}, t('bid.deposit')),
      ...deposit,
      h('small', { class: 'hint' }, t('bid.depositHint')),
    ),
    h('p', { class: 'hint' }, t('bid.sealNote', { serial: identity.serial ?? '' })),
    h('div', { class: 'form-actions' }, submit),
  );
  // The progress bars stay in view above the receipt once the form is gone.
  const wrapper = h('div', {}, form, area);
  const seal = (draft: BidDraft) => {
    submit.disabled = true;
    void sealAndUpload(
      {
        tender,
        sectionId: draft.sectionId,
        identity,
        content: { form: draft.form, files: draft.files },
        deposit: draft.deposit,
      },
      area,
    ).then(
      (done) => {
        submit.disabled = false;
        if (!done) {
          form.hidden = false; // the error stays shown in the area, the form is back to fix
          return;
        }
        form.remove();
        wrapper.append(submittedView(tender, done.submitted.bid, done.submitted.receipt, done.local));
      },
      (error: unknown) => {
        submit.disabled = false;
        form.hidden = false;
        mount(area, errorBox(error, 'submission-error'));
      },
    );
  };
  // Checked, then shown back for a last look (review.ts); sealed only once the bidder confirms.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readBidForm(form, tender.bidFormFields);
    const account = readDeposit(form);
    if (!values || account === undefined) return;
    const draft = {
      sectionId: section.value,
      form: values,
      files: [...(files.files ?? [])],
      deposit: account,
    };
    const review = bidReview(tender, draft, {
      back: () => {
        area.replaceChildren();
        form.hidden = false;
        submit.focus();
      },
      confirm: () => {
        area.replaceChildren();
        seal(draft);
      },
    });
    form.hidden = true;
    mount(area, review);
    review.querySelector<HTMLElement>('h2')?.focus();
  });
  return wrapper;
}

/** All three fields or none; undefined after marking the missing ones. */
function readDeposit(form: HTMLFormElement): DepositAccount | null | undefined {
  const keys = ['bank', 'accountName', 'accountNumber'] as const;
  const values = keys.map((k) => fieldValue(form, `deposit.${k}`));
  if (values.every((v) => v === '')) return null;
  if (values.every((v) => v !== '')) {
    const [bank = '', accountName = '', accountNumber = ''] = values;
    // The server's rule (src/modules/bids/schemas.ts), checked here so the field is marked before sealing.
    if (/^[0-9A-Za-z -]{4,40}$/.test(accountNumber)) return { bank, accountName, accountNumber };
    setFieldError(form, 'deposit.accountNumber', t('bid.accountNumber'));
    return undefined;
  }
  keys.forEach((k, i) => {
    if (values[i] === '') setFieldError(form, `deposit.${k}`, t('bid.depositIncomplete'));
  });
  return undefined;
}

function submittedView(
  tender: TenderView,
  bid: BidView,
  receipt: Parameters<typeof receiptCard>[0],
  local: Parameters<typeof receiptCard>[1],
): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'bid-submitted' },
    h(
      'div',
      { class: 'alert alert-success', role: 'status', 'data-testid': 'bid-success' },
      t(bid.version > 1 ? 'bid.replaced' : 'bid.submitted', { version: bid.version }),
    ),
    receiptCard(receipt, local, {
      tenderTitle: tender.title,
      sectionName: tender.sections.find((x) => x.id === bid.sectionId)?.name ?? '',
    }),
    h(
      'p',
      {},
      h('a', { href: href('bids'), 'data-testid': 'bid-to-list' }, t('bids.title')),
      ' · ',
      h('a', { href: href(`tenders/${tender.id}`) }, tender.code),
    ),
  );
}
