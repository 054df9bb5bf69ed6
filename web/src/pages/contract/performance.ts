import { h, type Child } from '../../dom.js';
import { formatDateTime, fromBeijingInput } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { formatYuan, parseYuan } from '../../money.js';
import { field } from '../../ui.js';
import { beijingInput, moneyEcho, moneyInput, select } from '../form-controls.js';
import type { Contract, FaultOf } from './api.js';
import { clientProblem, onSubmitStep, type StepTarget } from './form-step.js';

const FAULTS: FaultOf[] = ['supplier', 'purchaser', 'none'];

/** 履约: the records with the paid total against the ceiling, and for the runners the forms of each step. */
export function performanceBlock(c: Contract, target: StepTarget | null): HTMLElement | null {
  const perf = c.performance;
  if (!perf) return null;
  const open = c.status === 'signed' || c.status === 'performance';
  return h(
    'div',
    { 'data-testid': 'contract-performance' },
    h('h4', {}, t('contract.performance')),
    h(
      'p',
      { 'data-testid': 'contract-paid' },
      t('contract.paid', { paid: formatYuan(perf.paidFen), ceiling: formatYuan(perf.amountFen) }),
    ),
    perf.records.length === 0
      ? h('p', { class: 'muted' }, t('contract.noRecords'))
      : h(
          'ul',
          { class: 'stack contract-list', 'data-testid': 'contract-records' },
          ...perf.records.map((r) =>
            h(
              'li',
              { 'data-kind': r.kind },
              h('span', { class: 'badge' }, t(`contract.kind.${r.kind}` as MessageKey)),
              ' ',
              [
                r.description,
                r.amountFen !== null ? formatYuan(r.amountFen) : '',
                r.plannedAt ? `${t('contract.plannedAt')} ${formatDateTime(r.plannedAt)}` : '',
                r.actualAt ? `${t('contract.actualAt')} ${formatDateTime(r.actualAt)}` : '',
              ]
                .filter(Boolean)
                .join(' · '),
              ' ',
              h('small', { class: 'muted' }, t('contract.recordedAt', { at: formatDateTime(r.at) })),
            ),
          ),
        ),
    target && open ? h('div', { class: 'stack' }, ...stepForms(target)) : null,
  );
}

function stepForms(target: StepTarget): Child[] {
  return [
    milestoneForm(target),
    paymentForm(target),
    changeForm(target),
    acceptForm(target),
    terminateForm(target),
  ];
}

function form(testId: string, title: MessageKey, button: MessageKey, ...fields: Child[]): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'data-testid': testId },
    h('h5', { class: 'span-all' }, t(title)),
    ...fields,
    h('button', { class: 'btn', type: 'submit', 'data-testid': `${testId}-submit` }, t(button)),
  );
}

const area = (name: string, min = 2) =>
  h('textarea', { name, rows: 2, required: true, minlength: min, 'data-testid': `cf-${name}` });

function milestoneForm(target: StepTarget): HTMLElement {
  const description = area('description');
  const planned = beijingInput('plannedAt');
  const actual = beijingInput('actualAt');
  const f = form(
    'contract-milestone',
    'contract.milestone',
    'contract.record',
    field(t('contract.milestoneText'), description),
    field(t('contract.plannedAt'), planned),
    field(t('contract.actualAt'), actual, t('contract.actualHint')),
  );
  onSubmitStep(f, target, 'milestones', () => {
    const plannedAt = fromBeijingInput(planned.value);
    if (!plannedAt) return [clientProblem('plannedAt', t('contract.timeMissing'))];
    const actualAt = fromBeijingInput(actual.value);
    return { description: description.value.trim(), plannedAt, ...(actualAt ? { actualAt } : {}) };
  });
  return f;
}

function paymentForm(target: StepTarget): HTMLElement {
  const amount = moneyInput('amountFen');
  const note = h('input', { name: 'description', 'data-testid': 'cf-payment-note' });
  const f = form(
    'contract-payment',
    'contract.payment',
    'contract.record',
    field(t('contract.amount'), amount),
    moneyEcho(amount),
    field(t('contract.paymentNote'), note),
  );
  onSubmitStep(f, target, 'payments', () => {
    const fen = parseYuan(amount.value);
    if (!fen.ok || !fen.fen) return [clientProblem('amountFen', t('money.invalid'))];
    return { amountFen: fen.fen, ...(note.value.trim() ? { description: note.value.trim() } : {}) };
  });
  return f;
}

function changeForm(target: StepTarget): HTMLElement {
  const reason = area('reason', 5);
  const amount = h('input', {
    name: 'amountChangeFen',
    inputmode: 'decimal',
    autocomplete: 'off',
    class: 'money',
    placeholder: '-0.00',
    'data-testid': 'cf-amountChangeFen',
  });
  const f = form(
    'contract-change',
    'contract.change',
    'contract.record',
    field(t('contract.changeReason'), reason),
    field(t('contract.amountChange'), amount, t('contract.amountChangeHint')),
  );
  onSubmitStep(f, target, 'changes', () => {
    const negative = amount.value.trim().startsWith('-');
    const fen = parseYuan(amount.value.trim().replace(/^-/, '') || '0');
    if (!fen.ok || fen.fen === null) return [clientProblem('amountChangeFen', t('money.invalid'))];
    return { reason: reason.value.trim(), amountChangeFen: negative ? -fen.fen : fen.fen };
  });
  return f;
}

function acceptForm(target: StepTarget): HTMLElement {
  const at = beijingInput('acceptedAt');
  const f = form(
    'contract-accept',
    'contract.acceptance',
    'contract.accept',
    field(t('contract.acceptedAt'), at, t('contract.nowHint')),
  );
  onSubmitStep(
    f,
    target,
    'acceptance',
    () => {
      const acceptedAt = fromBeijingInput(at.value);
      return acceptedAt ? { acceptedAt } : {};
    },
    t('contract.acceptConfirm'),
  );
  return f;
}

function terminateForm(target: StepTarget): HTMLElement {
  const reason = area('reason', 5);
  reason.dataset.testid = 'cf-termination-reason';
  const fault = select(
    'faultOf',
    FAULTS.map((v) => [v, t(`contract.fault.${v}` as MessageKey)]),
  );
  const f = form(
    'contract-terminate',
    'contract.termination',
    'contract.terminate',
    field(t('contract.terminationReason'), reason),
    field(t('contract.faultOf'), fault),
  );
  onSubmitStep(
    f,
    target,
    'termination',
    () => ({ reason: reason.value.trim(), faultOf: fault.value }),
    t('contract.terminateConfirm'),
  );
  return f;
}
