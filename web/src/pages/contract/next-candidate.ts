import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import { errorBox } from '../../ui.js';
import { awardApi } from '../award/api.js';
import { onSubmitStep, type StepTarget } from './form-step.js';

/**
 * After the winner's refusal (SS Art.74) the tenderee may award the next candidate in the committee's rank
 * order (SS Art.55): its name and price from the published candidates, and a button that asks first, since
 * the new award cannot be undone. No candidate left: the section must be tendered again.
 */
export function nextCandidateForm(target: StepTarget): HTMLElement {
  const box = h('div', { 'data-testid': 'award-next' }, h('span', { class: 'muted' }, t('common.loading')));
  awardApi.overview(target.tenderId).then(
    ({ sections }) => {
      const s = sections.find((x) => x.section.id === target.sectionId);
      const rank = s?.award?.candidateRank ?? Number.MAX_SAFE_INTEGER;
      const next = (s?.report?.candidates ?? [])
        .filter((c) => c.rank > rank)
        .sort((a, b) => a.rank - b.rank)[0];
      if (!next) {
        mount(
          box,
          h('p', { class: 'alert alert-warn', 'data-testid': 'award-next-none' }, t('contract.nextNone')),
        );
        return;
      }
      const form = h(
        'form',
        { class: 'form-grid' },
        h('h4', { class: 'span-all' }, t('contract.nextTitle')),
        h(
          'p',
          { class: 'span-all', 'data-testid': 'award-next-candidate' },
          t('contract.nextCandidate', {
            rank: next.rank,
            name: next.bidderName,
            price: formatYuan(next.priceFen),
          }),
        ),
        h(
          'button',
          { class: 'btn btn-primary', type: 'submit', 'data-testid': 'award-next-confirm' },
          t('contract.nextAward'),
        ),
      );
      onSubmitStep(
        form,
        target,
        'award-next',
        () => ({}),
        t('contract.nextConfirm', { name: next.bidderName }),
      );
      mount(box, form);
    },
    (error: unknown) => mount(box, errorBox(error)),
  );
  return box;
}
