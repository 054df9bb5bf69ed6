import { h } from '../../dom.js';
import { fromBeijingInput } from '../../format.js';
import { t } from '../../i18n/index.js';
import { fenToInput, parseYuan } from '../../money.js';
import { field } from '../../ui.js';
import { beijingInput, input, moneyEcho, moneyInput } from '../form-controls.js';
import type { SectionContract } from './api.js';
import { clientProblem, onSubmitStep, type StepTarget } from './form-step.js';

const text = (name: string, rows = 2) =>
  h('textarea', { name, rows, required: true, minlength: 2, 'data-testid': `cf-${name}` });

/**
 * 合同 as signed: with the winner (named, not chosen), at the awarded price (prefilled; the server refuses any
 * other), the subject, quality, payment method and the performance period; the signing time is now when left
 * empty. Field names are the API's, so its refusals land next to the field they are about.
 */
export function signForm(s: SectionContract, target: StepTarget): HTMLElement {
  const award = s.award!;
  const price = moneyInput('priceFen');
  price.value = fenToInput(award.priceFen);
  price.dataset.testid = 'cf-priceFen';
  const startsOn = input('startsOn', { type: 'date', required: true, 'data-testid': 'cf-startsOn' });
  const dueAt = beijingInput('dueAt');
  const signedAt = beijingInput('signedAt');
  const form = h(
    'form',
    { class: 'form-grid', 'data-testid': 'contract-sign-form' },
    h('h4', { class: 'span-all' }, t('contract.signTitle')),
    h('p', { class: 'span-all muted' }, t('contract.signWith', { name: award.supplierName })),
    field(t('contract.price'), price, t('contract.priceHint')),
    moneyEcho(price),
    field(t('contract.subject'), text('subject')),
    field(t('contract.quality'), text('quality')),
    field(t('contract.paymentMethod'), text('paymentMethod')),
    field(t('contract.startsOn'), startsOn),
    field(t('contract.dueAt'), dueAt),
    field(t('contract.signedAt'), signedAt, t('contract.signedAtHint')),
    h(
      'button',
      { class: 'btn btn-primary', type: 'submit', 'data-testid': 'contract-sign' },
      t('contract.sign'),
    ),
  );
  const value = (name: string) => (form.elements.namedItem(name) as HTMLTextAreaElement).value.trim();
  onSubmitStep(form, target, 'contract', () => {
    const fen = parseYuan(price.value);
    const due = fromBeijingInput(dueAt.value);
    const problems = [
      ...(!fen.ok || fen.fen === null ? [clientProblem('priceFen', t('money.invalid'))] : []),
      ...(due ? [] : [clientProblem('dueAt', t('contract.timeMissing'))]),
    ];
    if (problems.length > 0 || !fen.ok || fen.fen === null || !due) return problems;
    const signed = fromBeijingInput(signedAt.value);
    return {
      supplierPartyId: award.supplierPartyId,
      priceFen: fen.fen,
      subject: value('subject'),
      quality: value('quality'),
      paymentMethod: value('paymentMethod'),
      startsOn: startsOn.value,
      dueAt: due,
      ...(signed ? { signedAt: signed } : {}),
    };
  });
  return form;
}

/** The winner declined to sign (SS Art.74): recorded with the reason, once; it cannot be undone. */
export function refusalForm(target: StepTarget): HTMLElement {
  const reason = h('textarea', {
    name: 'reason',
    rows: 2,
    required: true,
    minlength: 5,
    'data-testid': 'cf-refusal-reason',
  });
  const form = h(
    'form',
    { class: 'form-grid', 'data-testid': 'contract-refusal-form' },
    h('h4', { class: 'span-all' }, t('contract.refusalTitle')),
    field(t('contract.refusalReason'), reason),
    h(
      'button',
      { class: 'btn btn-danger', type: 'submit', 'data-testid': 'contract-refuse' },
      t('contract.refuse'),
    ),
  );
  onSubmitStep(
    form,
    target,
    'contract-refusal',
    () => ({ reason: reason.value.trim() }),
    t('contract.refuseConfirm'),
  );
  return form;
}
