/**
 * The last look before sealing (投标确认): once sealed and uploaded nothing in the bid can be read or fixed
 * until the opening, so the bidder sees what it is about to send, the price in figures and in capitals as a
 * bid letter states it, and is warned when the price is above the section's maximum (a bid above it is
 * rejected, SS Art.51) — the CLI refuses such a bid; here the bidder must confirm it knowingly.
 */
import { h } from '../../dom.js';
import { formatBytes } from '../../format.js';
import { t } from '../../i18n/index.js';
import { formatYuan, yuanInWords } from '../../money.js';
import type { BidFormField, TenderView } from '../../tender-types.js';
import { bidFields } from './bid-form.js';
import type { DepositAccount } from './submission.js';

export interface BidDraft {
  sectionId: string;
  form: Record<string, string | number>;
  files: File[];
  deposit: DepositAccount | null;
}

export function bidReview(
  tender: TenderView,
  draft: BidDraft,
  actions: { back: () => void; confirm: () => void },
): HTMLElement {
  const section = tender.sections.find((s) => s.id === draft.sectionId);
  const price = Number(draft.form.price);
  const aboveMax = section?.maxPriceFen != null && price > section.maxPriceFen;
  const confirm = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      'data-testid': 'bid-review-confirm',
      onclick: actions.confirm,
    },
    t('bid.review.confirm'),
  );
  const acknowledge = h('input', { type: 'checkbox', 'data-testid': 'bid-review-acknowledge' });
  const reason = h(
    'p',
    { class: 'hint', 'data-testid': 'bid-review-blocked' },
    t('bid.review.acknowledgeFirst'),
  );
  const sync = () => {
    confirm.disabled = aboveMax && !acknowledge.checked;
    reason.hidden = !confirm.disabled;
  };
  acknowledge.addEventListener('change', sync);
  sync();
  const value = (f: BidFormField) => {
    const v = draft.form[f.key];
    if (v === undefined) return '—';
    return f.type === 'money' ? `${formatYuan(Number(v))}（${yuanInWords(Number(v))}）` : String(v);
  };
  return h(
    'section',
    { class: 'card bid-review', 'data-testid': 'bid-review', 'aria-labelledby': 'bid-review-title' },
    h('h2', { id: 'bid-review-title', tabindex: -1 }, t('bid.review.title')),
    h('p', { class: 'hint' }, t('bid.review.intro')),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('bid.section')),
      h('dd', { 'data-testid': 'bid-review-section' }, section?.name ?? ''),
      ...bidFields(tender.bidFormFields).flatMap((f) => [
        h('dt', {}, f.label),
        h('dd', { 'data-testid': `bid-review-${f.key}` }, value(f)),
      ]),
      h('dt', {}, t('bid.attachments')),
      h(
        'dd',
        { 'data-testid': 'bid-review-files' },
        draft.files.length === 0
          ? t('bid.review.noFiles')
          : h(
              'ul',
              {},
              draft.files.map((file) => h('li', {}, `${file.name}（${formatBytes(file.size)}）`)),
            ),
      ),
      h('dt', {}, t('bid.deposit')),
      h(
        'dd',
        {},
        draft.deposit
          ? `${draft.deposit.bank} · ${draft.deposit.accountName} · ${draft.deposit.accountNumber}`
          : t('bid.review.noDeposit'),
      ),
    ),
    aboveMax
      ? h(
          'div',
          { class: 'alert alert-error', role: 'alert', 'data-testid': 'bid-review-above-max' },
          h('p', {}, t('bid.review.aboveMax', { max: formatYuan(section.maxPriceFen) })),
          h('label', { class: 'checkbox' }, acknowledge, ' ', t('bid.review.acknowledge')),
        )
      : null,
    reason,
    h(
      'div',
      { class: 'form-actions' },
      h(
        'button',
        { type: 'button', class: 'btn', 'data-testid': 'bid-review-back', onclick: actions.back },
        t('bid.review.back'),
      ),
      confirm,
    ),
  );
}
