import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { currentUser } from '../../session.js';
import { errorBox } from '../../ui.js';
import { askDecision } from '../decision-dialog.js';
import {
  instructionsApi,
  type InstructionOrder,
  type InstructionView,
  type TenderInstructions,
} from './instructions-api.js';
import { supervisionApi, type EvaluationSummary } from './tender-api.js';

interface OrderCopy {
  label: MessageKey;
  title: MessageKey;
  body: MessageKey;
  danger: boolean;
}

const ORDERS: Record<InstructionOrder, OrderCopy> = {
  suspension: {
    label: 'instructions.suspend',
    title: 'instructions.suspendTitle',
    body: 'instructions.suspendBody',
    danger: true,
  },
  resumption: {
    label: 'instructions.resume',
    title: 'instructions.resumeTitle',
    body: 'instructions.resumeBody',
    danger: false,
  },
};

const REEVALUATION: OrderCopy = {
  label: 'instructions.reevaluate',
  title: 'instructions.reevaluateTitle',
  body: 'instructions.reevaluateBody',
  danger: true,
};

/**
 * The supervisory instructions on one tender (监督指令): the active suspension and the history, and for
 * supervisors the orders (暂停 / 恢复, and 责令重新评审 per concluded evaluation), each asking for its reason.
 * `onChange` runs after an order was issued, so the page around it can reload (its banner, its actions).
 */
export function instructionPanel(tenderId: string, onChange?: () => void): HTMLElement {
  const root = h('section', { class: 'card span-all instruction-panel', 'data-testid': 'instruction-panel' });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  // Only supervisors order a re-evaluation, so only they need to know which evaluations have concluded.
  const concluded = () =>
    currentUser()?.role === 'supervisor'
      ? supervisionApi
          .evaluations()
          .then((all) => all.filter((e) => e.tenderId === tenderId && e.step === 'concluded'))
          .catch(() => [] as EvaluationSummary[])
      : Promise.resolve([] as EvaluationSummary[]);
  const load = () =>
    Promise.all([instructionsApi.list(tenderId), concluded()]).then(
      ([state, evaluations]) => mount(root, ...render(state, evaluations)),
      (error: unknown) => mount(root, h('h2', {}, t('instructions.title')), errorBox(error)),
    );

  const issue = (order: InstructionOrder) =>
    ask(ORDERS[order], t(`instructions.done.${order}`), (reason) =>
      instructionsApi.issue(tenderId, order, reason),
    );
  const reEvaluate = (evaluation: EvaluationSummary) =>
    ask(REEVALUATION, t('instructions.done.re-evaluation'), (reason) =>
      instructionsApi.reEvaluate(evaluation.evaluationId, reason),
    );

  const ask = async (copy: OrderCopy, done: string, send: (reason: string) => Promise<unknown>) => {
    const reason = await askDecision({
      title: t(copy.title),
      body: t(copy.body),
      confirmLabel: t(copy.label),
      withReason: true,
      danger: copy.danger,
      reasonLabel: t('instructions.reason'),
      reasonMissing: t('instructions.reasonRequired'),
    });
    if (reason === null) return;
    // The dialog asks for some text; an instruction's reason is published, so the API wants at least 5.
    if (reason.length < 5) {
      mount(
        messages,
        h('div', { class: 'alert alert-error', role: 'alert' }, t('instructions.reasonRequired')),
      );
      return;
    }
    try {
      await send(reason);
      mount(
        messages,
        h('div', { class: 'alert alert-success', role: 'status', 'data-testid': 'instruction-done' }, done),
      );
      await load();
      onChange?.();
    } catch (error) {
      mount(messages, errorBox(error, 'instruction-error'));
    }
  };

  const render = (state: TenderInstructions, evaluations: EvaluationSummary[]) => {
    const supervisor = currentUser()?.role === 'supervisor';
    const orders: InstructionOrder[] = state.hold ? ['resumption'] : ['suspension'];
    return [
      h('h2', {}, t('instructions.title')),
      state.hold
        ? h(
            'div',
            { class: 'alert alert-warn', role: 'status', 'data-testid': 'instruction-hold' },
            h('strong', {}, t('instructions.held', { reason: state.hold.reason })),
            h(
              'small',
              { class: 'muted' },
              ' ',
              t('instructions.heldSince', {
                code: state.hold.instructionCode,
                time: formatDateTime(state.hold.since),
              }),
            ),
          )
        : null,
      messages,
      state.items.length === 0 ? h('p', { class: 'muted' }, t('instructions.none')) : history(state.items),
      supervisor
        ? h(
            'div',
            { class: 'actions' },
            ...orders.map((order) =>
              h(
                'button',
                {
                  type: 'button',
                  class: `btn ${ORDERS[order].danger ? 'btn-danger' : 'btn-primary'}`,
                  'data-testid': `instruction-${order}`,
                  onclick: () => void issue(order),
                },
                t(ORDERS[order].label),
              ),
            ),
            ...evaluations.map((e) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-danger',
                  'data-testid': 'instruction-re-evaluation',
                  onclick: () => void reEvaluate(e),
                },
                t('instructions.reevaluateSection', { section: e.sectionName }),
              ),
            ),
          )
        : null,
    ];
  };

  mount(root, h('h2', {}, t('instructions.title')), h('span', { class: 'muted' }, t('common.loading')));
  void load();
  return root;
}

function history(items: InstructionView[]): HTMLElement {
  const head = (key: MessageKey) => h('th', { scope: 'col' }, t(key));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'instruction-history' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head('instructions.colCode'),
          head('instructions.colKind'),
          head('instructions.colReason'),
          head('instructions.colTime'),
          head('instructions.colBy'),
        ),
      ),
      h(
        'tbody',
        {},
        ...items.map((item) =>
          h(
            'tr',
            {},
            h('td', { class: 'nowrap' }, item.code),
            h('td', { class: 'nowrap' }, t(`instructions.kind.${item.kind}`)),
            h('td', {}, item.reason),
            h('td', { class: 'nowrap' }, formatDateTime(item.issuedAt)),
            h('td', {}, item.issuedBy.name ?? '—'),
          ),
        ),
      ),
    ),
  );
}
