import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import type { TenderView } from '../../tender-types.js';
import { errorBox } from '../../ui.js';
import '../../styles/contract.css';
import { contractApi, type Contract, type SectionContract } from './api.js';
import { depositsBlock } from './deposits.js';
import type { StepTarget } from './form-step.js';
import { performanceBlock } from './performance.js';
import { nextCandidateForm } from './next-candidate.js';
import { refusalForm, signForm } from './sign-form.js';

const CONTRACT_STATUSES = ['awarded', 'contracted', 'performance', 'closed'];
const DAY = 24 * 3600_000;

/**
 * 合同与履约 on the tender page, per section: the winner, the awarded price and the 30-day limit; the contract's
 * facts or the refusal. The tenderee or agency records the contract, the refusal, the deposits and the
 * performance; supervisors and the supplier read the performance (the API gives it to them only).
 */
export function contractPanel(tender: TenderView, manager: boolean, reload: () => void): HTMLElement | null {
  if (!CONTRACT_STATUSES.includes(tender.status)) return null;
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  contractApi.overview(tender.id).then(
    ({ sections }) =>
      mount(
        body,
        ...sections
          .filter((s) => s.award)
          .map((s) =>
            sectionBlock(s, manager ? { tenderId: tender.id, sectionId: s.sectionId, reload } : null),
          ),
      ),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h(
    'section',
    { class: 'card span-all', 'data-testid': 'contract-panel' },
    h('h2', {}, t('contract.title')),
    body,
  );
}

function sectionBlock(s: SectionContract, target: StepTarget | null): HTMLElement {
  const award = s.award!;
  const c = s.contract;
  return h(
    'article',
    { class: 'contract-section', 'data-testid': `contract-section-${s.sectionCode}` },
    h('h3', {}, `${s.sectionCode} ${s.sectionName}`),
    h(
      'p',
      { 'data-testid': 'contract-award' },
      t('contract.awarded', { name: award.supplierName, price: formatYuan(award.priceFen) }),
    ),
    c ? null : limitLine(award.deadlineAt),
    s.refusal
      ? h(
          'p',
          { class: 'alert alert-warn', 'data-testid': 'contract-refusal' },
          t('contract.refused', { at: formatDateTime(s.refusal.at), reason: s.refusal.reason }),
        )
      : null,
    c ? facts(c) : null,
    c ? depositsBlock(s, target) : null,
    c ? performanceBlock(c, target) : null,
    target && !c && !s.refusal ? signForm(s, target) : null,
    target && !c && !s.refusal ? refusalForm(target) : null,
    target && !c && s.refusal ? nextCandidateForm(target) : null,
  );
}

/** The last day of the 30 (ZB Art.46) as a Beijing date, with the days left or overdue by this browser's clock. */
function limitLine(deadlineAt: string): HTMLElement {
  const left = Math.ceil((new Date(deadlineAt).getTime() - Date.now()) / DAY);
  return h(
    'p',
    { 'data-testid': 'contract-limit', class: left < 0 ? 'alert alert-error' : '' },
    t('contract.limit', { date: formatDateTime(deadlineAt).slice(0, 10) }),
    ' ',
    h(
      'strong',
      {},
      left < 0 ? t('contract.overdue', { days: -left }) : t('contract.daysLeft', { days: left }),
    ),
  );
}

function facts(c: Contract): HTMLElement {
  const row = (label: MessageKey, value: string, testId?: string) => [
    h('dt', {}, t(label)),
    h('dd', testId ? { 'data-testid': testId } : {}, value),
  ];
  const ended = c.acceptedAt
    ? t(c.onTime ? 'contract.acceptedOnTime' : 'contract.acceptedLate', { at: formatDateTime(c.acceptedAt) })
    : c.terminatedAt
      ? t('contract.terminated', {
          at: formatDateTime(c.terminatedAt),
          reason: c.endReason ?? '',
          fault: t(`contract.fault.${c.faultOf ?? 'none'}` as MessageKey),
        })
      : null;
  return h(
    'div',
    { 'data-testid': 'contract-facts', 'data-status': c.status },
    h(
      'p',
      {},
      h('span', { class: 'badge' }, t(`contract.status.${c.status}` as MessageKey)),
      c.late ? h('span', { class: 'badge badge-late' }, t('contract.signedLate')) : null,
    ),
    h(
      'dl',
      { class: 'contract-facts' },
      ...row('contract.supplier', c.supplierName),
      ...row('contract.price', formatYuan(c.priceFen), 'contract-price'),
      ...row('contract.subject', c.subject),
      ...row('contract.quality', c.quality),
      ...row('contract.paymentMethod', c.paymentMethod),
      ...row('contract.period', t('contract.periodText', { from: c.startsOn, to: formatDateTime(c.dueAt) })),
      ...row('contract.signedAt', formatDateTime(c.signedAt), 'contract-signed-at'),
    ),
    ended ? h('p', { class: 'alert alert-success', 'data-testid': 'contract-ended' }, ended) : null,
  );
}
