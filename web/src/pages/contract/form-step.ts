import { h, mount } from '../../dom.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import type { Violation } from '../../tender-types.js';
import { problemsOf, violationText } from '../../tender-ui.js';
import { clearFieldErrors, errorBox, setFieldError } from '../../ui.js';
import { contractApi, type Step } from './api.js';

/** Where a section's forms post: the tender, the section and what to do once a step is recorded. */
export interface StepTarget {
  tenderId: string;
  sectionId: string;
  reload: () => void;
}

/** A rule's words in the user's language, amounts (params ending in Fen) in 元; else the shared texts. */
export function ruleText(v: Violation): string {
  const key = `contract.rule.${v.code}`;
  if (!isMessageKey(key)) return violationText(v);
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.params ?? {}))
    params[name] = name.endsWith('Fen') ? formatYuan(Number(value)) : String(value);
  return t(key, params);
}

/** A problem the form finds before sending (an amount that is not 元, a missing time). */
export function clientProblem(field: string, message: string): Violation {
  return { code: 'CLIENT', field, message };
}

/**
 * Wires a form to one POST step: the body is built on submit (or problems found in the browser are shown),
 * an irreversible step asks first, and the server's refusals appear next to their fields with the rule's
 * words, the rest above the button. Success reloads the tender page.
 */
export function onSubmitStep(
  form: HTMLFormElement,
  target: StepTarget,
  step: Step,
  build: () => object | Violation[],
  confirmText?: string,
): void {
  const messages = h('div', { 'aria-live': 'polite', 'data-testid': `contract-errors-${step}` });
  form.append(messages);
  uniqueIds(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    mount(messages);
    const body = build();
    if (Array.isArray(body)) return show(form, messages, body, null);
    if (confirmText && !window.confirm(confirmText)) return;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = true;
    contractApi.post(target.tenderId, target.sectionId, step, body).then(target.reload, (error: unknown) => {
      if (button) button.disabled = false;
      show(form, messages, problemsOf(error), error);
    });
  });
}

let forms = 0;

/** field() names controls by their name (`f-reason`); a page with several sections and steps repeats them. */
function uniqueIds(form: HTMLFormElement): void {
  forms += 1;
  for (const label of form.querySelectorAll('label')) {
    const control = label.htmlFor ? form.querySelector(`#${CSS.escape(label.htmlFor)}`) : null;
    if (!control) continue;
    control.id = `${control.id}-${forms}`;
    label.htmlFor = control.id;
  }
}

function show(form: HTMLFormElement, messages: HTMLElement, problems: Violation[], error: unknown): void {
  const unplaced: string[] = [];
  for (const p of problems) {
    const text = p.code === 'CLIENT' ? p.message : ruleText(p);
    if (!setFieldError(form, p.field, text)) unplaced.push(text);
  }
  mount(
    messages,
    error && problems.length === 0 ? errorBox(error) : null,
    unplaced.length > 0
      ? h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' }, unplaced.join('；'))
      : null,
    problems.length > unplaced.length
      ? h('p', { class: 'alert alert-warn', role: 'alert' }, t('contract.seeFields'))
      : null,
  );
}
