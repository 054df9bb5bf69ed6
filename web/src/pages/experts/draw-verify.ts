/**
 * After the announcement anyone can check the draw: the server re-runs it, and this browser re-runs it too
 * with the same pure code (expert-pool/) over the published record, so the check does not rest on trust.
 */
import { Catalog, verifyDraw, type DrawRecord } from '../../../../expert-pool/index.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { errorBox } from '../../ui.js';
import { drawsApi, type CatalogEntry, type Verdict } from './api.js';

export function verificationCard(drawId: string, catalog: Map<string, CatalogEntry> | null): HTMLElement {
  const server = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const local = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const download = h('div', {});
  drawsApi.verification(drawId).then(
    (verdict) => mount(server, verdictLine(verdict, 'verify-result', 'draw.verify.server')),
    (error: unknown) => mount(server, errorBox(error)),
  );
  drawsApi.record(drawId).then(
    (record) => {
      // The catalog the server used (an admin may have replaced the shipped one) decides code coverage.
      const entries = catalog ? new Catalog(catalog.values()) : undefined;
      mount(
        local,
        verdictLine(
          verifyDraw(record as unknown as DrawRecord, entries),
          'verify-local',
          'draw.verify.browser',
        ),
      );
      const blob = new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' });
      mount(
        download,
        h(
          'a',
          {
            class: 'btn btn-small',
            href: URL.createObjectURL(blob),
            download: `expert-draw-${drawId}.json`,
            'data-testid': 'record-download',
          },
          t('draw.verify.download'),
        ),
        h('small', { class: 'hint' }, t('draw.verify.cli')),
      );
    },
    (error: unknown) => mount(local, errorBox(error)),
  );
  return h(
    'section',
    { class: 'card', 'data-testid': 'draw-verification' },
    h('h2', {}, t('draw.verify.title')),
    h('p', { class: 'hint' }, t('draw.verify.intro')),
    server,
    local,
    download,
  );
}

function verdictLine(
  verdict: Verdict,
  testId: string,
  label: 'draw.verify.server' | 'draw.verify.browser',
): HTMLElement {
  return h(
    'div',
    {
      class: `alert ${verdict.ok ? 'alert-success' : 'alert-error'}`,
      'data-testid': testId,
      'data-ok': String(verdict.ok),
    },
    h('strong', {}, t(label)),
    ' ',
    verdict.ok ? t('draw.verify.ok') : t('draw.verify.failed'),
    verdict.ok
      ? null
      : h(
          'ul',
          {},
          verdict.problems.map((p) => h('li', {}, p)),
        ),
  );
}
