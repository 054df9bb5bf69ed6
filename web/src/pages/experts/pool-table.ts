/** The pool's table: masked ID numbers as the server gives them, and sanctions with a reason. */
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { regionLabel } from '../../regions.js';
import { askDecision } from '../decision-dialog.js';
import { expertsApi, type CatalogEntry, type Expert, type SanctionAction } from './api.js';
import { explainedError, expertStatusBadge, notice, specialtyLabel } from './common.js';

const COLUMNS = [
  'name',
  'idNumber',
  'employer',
  'region',
  'title',
  'specialties',
  'credit',
  'status',
] as const;

/** Which sanctions make sense for a status (the server refuses the rest with INVALID_SANCTION). */
const SANCTIONS: Record<Expert['status'], SanctionAction[]> = {
  active: ['suspend', 'remove'],
  suspended: ['reinstate', 'remove'],
  removed: ['reinstate'],
};

export function poolTable(opts: {
  catalog: Map<string, CatalogEntry> | null;
  onMessage: (node: HTMLElement) => void;
}) {
  const body = h('tbody', {});
  const element = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'experts-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          COLUMNS.map((c) => h('th', { scope: 'col' }, t(`experts.col.${c}`))),
          h('th', { scope: 'col', class: 'actions' }, t('parties.col.actions')),
        ),
      ),
      body,
    ),
  );

  function row(expert: Expert): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-testid': 'expert-row', 'data-expert-id': expert.id, 'data-status': expert.status },
      h('td', { class: 'cell-name', 'data-testid': 'expert-name' }, expert.name),
      h('td', { class: 'mono nowrap', 'data-testid': 'expert-id-number' }, expert.idNumber),
      h(
        'td',
        {},
        expert.employerName ?? '—',
        expert.employerUscc ? h('small', { class: 'note mono' }, expert.employerUscc) : null,
      ),
      h('td', {}, regionLabel(expert.regionCode)),
      h(
        'td',
        {},
        expert.title,
        h('small', { class: 'note' }, t('experts.years', { n: expert.yearsOfPractice })),
      ),
      h(
        'td',
        {},
        expert.specialties.map((code) => h('div', { class: 'nowrap' }, specialtyLabel(code, opts.catalog))),
      ),
      h('td', { class: 'num', 'data-testid': 'expert-credit' }, expert.creditScore),
      h('td', {}, expertStatusBadge(expert.status)),
      h(
        'td',
        { class: 'actions' },
        SANCTIONS[expert.status].map((action) =>
          h(
            'button',
            {
              type: 'button',
              class: `btn btn-small ${action === 'reinstate' ? '' : 'btn-danger'}`,
              'data-testid': `sanction-${action}`,
              onclick: () => void sanction(expert, action),
            },
            t(`experts.sanction.${action}`),
          ),
        ),
      ),
    );
  }

  async function sanction(expert: Expert, action: SanctionAction): Promise<void> {
    const reason = await askDecision({
      title: t(`experts.sanction.${action}Title`, { name: expert.name }),
      body: t('experts.sanction.published'),
      confirmLabel: t(`experts.sanction.${action}`),
      withReason: true,
      danger: action !== 'reinstate',
      reasonLabel: t('experts.sanction.reason'),
      reasonMissing: t('experts.sanction.reasonMissing'),
    });
    if (reason === null) return;
    try {
      await expertsApi.sanction(expert.id, action, reason);
      const updated = await expertsApi.get(expert.id);
      body.querySelector(`tr[data-expert-id="${CSS.escape(expert.id)}"]`)?.replaceWith(row(updated));
      opts.onMessage(
        notice(
          t('experts.sanction.done', { name: updated.name, status: t(`experts.status.${updated.status}`) }),
          'sanction-done',
        ),
      );
    } catch (error) {
      opts.onMessage(explainedError(error));
    }
  }

  return {
    element,
    add: (experts: Expert[]) => body.append(...experts.map(row)),
    size: () => body.rows.length,
  };
}
