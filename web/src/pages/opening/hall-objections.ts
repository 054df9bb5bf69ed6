import { fieldValue, h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import type { HallClient } from './hall-client.js';
import type { HallObjection, HallSnapshot } from './hall-types.js';

type Act = (work: () => Promise<unknown>) => Promise<void>;

function textForm(
  name: string,
  label: string,
  submit: string,
  testId: string,
  send: (text: string) => Promise<unknown>,
  act: Act,
) {
  const form = h(
    'form',
    { class: 'hall-form', 'data-testid': testId },
    h('label', {}, label, h('textarea', { name, required: true, maxlength: 2000, rows: 2 })),
    h('button', { class: 'btn btn-primary', type: 'submit' }, submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = fieldValue(form, name);
    if (text) void act(() => send(text));
  });
  return form;
}

function objectionItem(o: HallObjection, s: HallSnapshot, act: Act, client: HallClient): HTMLElement {
  return h(
    'li',
    { 'data-testid': 'hall-objection', 'data-id': o.id },
    h(
      'p',
      {},
      h('time', { class: 'muted' }, formatDateTime(o.at)),
      ' ',
      String(o.data.text),
      o.mine ? ` ${t('hall.mine')}` : null,
    ),
    o.actor
      ? h(
          'p',
          { class: 'hall-actor muted' },
          `${t('hall.actor')}: ${o.actor.name ?? '—'} · ${t('hall.ip')}: ${o.ip ?? '—'}`,
        )
      : null,
    o.answer
      ? h(
          'p',
          { class: 'hall-answer', 'data-testid': 'hall-answer' },
          `${t('hall.answer')}: ${String(o.answer.data.text)}`,
        )
      : s.you?.mayAnswer
        ? textForm(
            'answer',
            t('hall.answerText'),
            t('hall.sendAnswer'),
            'hall-answer-form',
            (text) => client.step('hall:answer', { objectionId: o.id, text }),
            act,
          )
        : h('p', { class: 'muted' }, t('hall.awaitingAnswer')),
  );
}

/** The objections raised at the opening with their answers; the form to raise one for checked-in bidders. */
export function objectionsView(s: HallSnapshot, act: Act, client: HallClient): HTMLElement {
  return h(
    'div',
    {},
    s.objections.length === 0
      ? h('p', { class: 'muted' }, t('hall.noObjections'))
      : h('ul', { class: 'hall-objections' }, ...s.objections.map((o) => objectionItem(o, s, act, client))),
    s.you?.mayObject
      ? textForm(
          'objection',
          t('hall.objectionText'),
          t('hall.raiseObjection'),
          'hall-objection-form',
          (text) => client.step('hall:objection', { text }),
          act,
        )
      : null,
  );
}
