import { ApiError } from './api.js';
import { h, mount } from './dom.js';
import { isMessageKey, t } from './i18n/index.js';
import { formatYuan } from './money.js';
import type { TenderStatus, Violation } from './tender-types.js';
import { setFieldError } from './ui.js';

/** A tender's status; one this version does not know yet (a later lifecycle stage) shows as it is. */
export function tenderStatusBadge(status: TenderStatus): HTMLElement {
  const key = `tenderStatus.${status}`;
  return h(
    'span',
    { class: `badge badge-tender-${status}`, 'data-testid': 'tender-status', 'data-status': status },
    isMessageKey(key) ? t(key) : status,
  );
}

/** The code of problems the form finds itself before sending (money that is not 元, missing times). */
export const CLIENT_CHECK = 'CLIENT';

/** A rule's message in the user's language, from its code and parameters; else the server's own text. */
export function violationText(v: Violation): string {
  if (v.code === CLIENT_CHECK) return v.message; // already in the user's language
  const p = v.params ?? {};
  const last = v.field.split('.').pop() ?? '';
  switch (v.code) {
    case 'SCHEDULE_OUT_OF_ORDER':
      return t(last === 'documentsTo' ? 'violation.documentsOrder' : 'violation.clarificationOrder');
    case 'CUSTODIANS_INVALID':
      if (/\.\d+$/.test(v.field)) return t('violation.custodianMember');
      if (v.field === 'custodians.threshold') return t('violation.custodianThreshold');
      return t(p.n === undefined ? 'violation.custodianTwice' : 'violation.custodianCount');
    case 'DEPOSIT_OVER_CAP':
      return t('violation.DEPOSIT_OVER_CAP', { max: formatYuan(Number(p.maxFen)) });
  }
  const key = `violation.${v.code}`;
  if (isMessageKey(key)) return t(key, numbers(p));
  const problem = `problem.${v.code}`; // a zod issue code from a 422 VALIDATION_FAILED
  return isMessageKey(problem) ? t(problem) : v.message;
}

function numbers(params: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, value] of Object.entries(params)) {
    if (typeof value === 'number' || typeof value === 'string') out[k] = value;
  }
  return out;
}

/** What the server said is wrong with the form: rule violations, or a 422's field problems. */
export function problemsOf(error: unknown): Violation[] {
  if (!(error instanceof ApiError)) return [];
  if (error.code === 'RULE_VIOLATION' && Array.isArray(error.details)) return error.details as Violation[];
  return error.fieldProblems.map((p) => ({ code: p.code, field: p.path, message: p.message }));
}

/**
 * Shows each problem next to its field (`sections.0.depositFen`), or next to the nearest enclosing group
 * (`custodians.userIds`, `sections`), and lists them all in `summary` with a link that focuses the field.
 */
export function showViolations(form: HTMLFormElement, violations: Violation[], summary: HTMLElement): void {
  const placed = new Map<string, string[]>();
  const items = violations.map((v) => {
    const text = violationText(v);
    const slot = slotFor(form, v.field);
    if (slot) placed.set(slot, [...(placed.get(slot) ?? []), text]);
    const named = slot ? form.elements.namedItem(slot) : null;
    const target = named instanceof HTMLElement ? named : slot ? slotElement(form, slot) : null;
    const label = target ? labelOf(target) : '';
    return h(
      'li',
      { 'data-testid': 'violation', 'data-code': v.code, 'data-field': v.field },
      target && label ? h('a', { href: '#', onclick: focusOn(target) }, label) : null,
      target && label ? '：' : null,
      text,
    );
  });
  for (const [slot, texts] of placed) setFieldError(form, slot, texts.join('；'));
  mount(
    summary,
    violations.length === 0
      ? null
      : h(
          'div',
          { class: 'alert alert-warn', role: 'alert', 'data-testid': 'violations' },
          h('strong', {}, t('tenderForm.violations', { n: violations.length })),
          h('ul', { class: 'violation-list' }, items),
        ),
  );
}

function slotElement(form: HTMLFormElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
}

function slotFor(form: HTMLFormElement, field: string): string | null {
  for (let path = field; path; path = path.replace(/\.?[^.]*$/, '')) {
    if (slotElement(form, path)) return path;
  }
  return null;
}

function labelOf(control: HTMLElement): string {
  const labelled = control as HTMLInputElement;
  return (
    control.getAttribute('aria-label') ?? labelled.labels?.[0]?.textContent ?? control.dataset.label ?? ''
  );
}

function focusOn(control: HTMLElement): EventListener {
  return (event) => {
    event.preventDefault();
    control.focus();
    control.scrollIntoView({ block: 'center' });
  };
}
