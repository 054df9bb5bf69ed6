import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { fenToInput, formatYuan, parseYuan } from '../../money.js';
import type { SectionContract } from './api.js';
import { clientProblem, onSubmitStep, type StepTarget } from './form-step.js';

/**
 * 退还投标保证金 (SS Art.57: within 5 days of the contract): one row per bidder by name, the returned amount,
 * time and late flag, or, for the tender's runners, the amount (the section's deposit, editable) and a button.
 */
export function depositsBlock(s: SectionContract, target: StepTarget | null): HTMLElement | null {
  const perf = s.contract?.performance;
  if (!perf) return null;
  const returned = new Map(perf.deposits.map((d) => [d.bidderPartyId, d]));
  const names = new Map(s.bidders.map((b) => [b.partyId, b.name]));
  for (const d of perf.deposits) names.set(d.bidderPartyId, d.bidderName);
  return h(
    'div',
    { 'data-testid': 'contract-deposits' },
    h('h4', {}, t('contract.deposits')),
    h('p', { class: 'muted' }, t('contract.depositDeadline', { at: formatDateTime(perf.depositDeadlineAt) })),
    h(
      'ul',
      { class: 'stack contract-list' },
      ...[...names].map(([partyId, name]) => {
        const done = returned.get(partyId);
        return h(
          'li',
          { 'data-testid': 'contract-deposit', 'data-bidder': name },
          h('strong', {}, name),
          ' ',
          done
            ? h(
                'span',
                {},
                t('contract.depositReturned', {
                  amount: formatYuan(done.amountFen),
                  at: formatDateTime(done.returnedAt),
                }),
                done.late ? h('span', { class: 'badge badge-late' }, t('contract.late')) : null,
              )
            : target
              ? returnForm(s, partyId, name, target)
              : h('span', { class: 'muted' }, t('contract.depositPending')),
        );
      }),
    ),
  );
}

function returnForm(s: SectionContract, partyId: string, name: string, target: StepTarget): HTMLElement {
  const amount = h('input', {
    name: 'amountFen',
    inputmode: 'decimal',
    autocomplete: 'off',
    class: 'money',
    value: fenToInput(s.depositFen),
    'aria-label': t('contract.depositAmountFor', { name }),
  });
  const form = h(
    'form',
    { class: 'inline-form' },
    amount,
    h('small', { class: 'field-error', 'data-error-for': 'amountFen', 'aria-live': 'polite' }),
    h(
      'button',
      { class: 'btn', type: 'submit', 'data-testid': 'contract-deposit-return' },
      t('contract.depositReturn'),
    ),
  );
  onSubmitStep(
    form,
    target,
    'deposit-returns',
    () => {
      const fen = parseYuan(amount.value);
      if (!fen.ok || !fen.fen) return [clientProblem('amountFen', t('money.invalid'))];
      return { bidderPartyId: partyId, amountFen: fen.fen };
    },
    t('contract.depositConfirm', { name }),
  );
  return form;
}
