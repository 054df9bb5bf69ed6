import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { href } from '../router.js';
import type { Notice } from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { errorBox } from '../ui.js';

const API = '/api/v1';
/** Enough recent tenders to show what a per-tender download is; the feed has them all. */
const RECENT = 10;

/**
 * 开放数据 (`#/open-data`): what the platform publishes as open data and where, for anyone (EB Art.9): the OCDS
 * 1.1 bulk feed, each tender's release and record packages, the notice feed and the API description. Every
 * address here is a working link, not a pattern to fill in.
 */
export function openDataPage(): HTMLElement {
  const recent = h(
    'div',
    { 'data-testid': 'open-data-recent' },
    h('p', { class: 'muted' }, t('common.loading')),
  );
  tendersApi.notices({ kind: 'tender', limit: RECENT }).then(
    (page) => mount(recent, recentTenders(page.items)),
    (error: unknown) => mount(recent, errorBox(error)),
  );
  return h(
    'section',
    { class: 'open-data', 'data-testid': 'open-data-page' },
    h('h1', {}, t('openData.title')),
    h('p', { class: 'lead' }, t('openData.intro')),
    h(
      'section',
      { class: 'card', 'data-testid': 'open-data-feed' },
      h('h2', {}, t('openData.feedTitle')),
      h('p', {}, t('openData.feedBody')),
      h(
        'ul',
        { class: 'link-list' },
        link(`${API}/ocds/releases?limit=100`, t('openData.feedFirst'), 'open-data-feed-link'),
        link(
          `${API}/ocds/releases?since=${sinceYesterday()}`,
          t('openData.feedSince'),
          'open-data-since-link',
        ),
      ),
      h(
        'dl',
        { class: 'open-data-params' },
        param('limit', t('openData.paramLimit')),
        param('since', t('openData.paramSince')),
        param('cursor', t('openData.paramCursor')),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('openData.tendersTitle')),
      h('p', {}, t('openData.tendersBody')),
      recent,
    ),
    h(
      'section',
      { class: 'card', 'data-testid': 'open-data-notices' },
      h('h2', {}, t('openData.noticesTitle')),
      h('p', {}, t('openData.noticesBody')),
      h(
        'ul',
        { class: 'link-list' },
        link(`${API}/notices?limit=50`, t('openData.noticesLink'), 'open-data-notices-link'),
        link('/api/openapi.json', t('openData.apiLink'), 'open-data-api-link'),
      ),
    ),
    h(
      'p',
      { class: 'hint', 'data-testid': 'open-data-license' },
      t('openData.license'),
      ' ',
      h('a', { href: 'https://opendatacommons.org/licenses/pddl/1.0/', rel: 'license' }, 'PDDL 1.0'),
      ' · ',
      h('a', { href: 'https://standard.open-contracting.org/1.1/' }, t('openData.standard')),
    ),
  );
}

function recentTenders(notices: Notice[]): HTMLElement {
  if (notices.length === 0) return h('p', { class: 'empty' }, t('openData.noTenders'));
  return h(
    'ul',
    { class: 'open-data-tenders' },
    notices.map((n) =>
      h(
        'li',
        { 'data-testid': 'open-data-tender' },
        h('a', { href: href(`tenders/${n.tenderId}`) }, n.title),
        h('small', { class: 'muted' }, ` ${t('openData.published', { at: formatDateTime(n.publishedAt) })}`),
        h(
          'span',
          { class: 'open-data-downloads' },
          link(
            `${API}/ocds/tenders/${n.tenderId}/releases`,
            t('openData.releases'),
            'open-data-releases',
            'span',
          ),
          link(`${API}/ocds/tenders/${n.tenderId}/record`, t('openData.record'), 'open-data-record', 'span'),
        ),
      ),
    ),
  );
}

function link(url: string, label: string, testId: string, tag: 'li' | 'span' = 'li'): HTMLElement {
  return h(
    tag,
    {},
    h('a', { href: url, type: 'application/json', 'data-testid': testId }, label),
    tag === 'li' ? h('code', { class: 'open-data-url' }, url) : null,
  );
}

function param(name: string, meaning: string): HTMLElement[] {
  return [h('dt', {}, h('code', {}, name)), h('dd', {}, meaning)];
}

/** An example `since` a day back, so the link returns something on an active platform. */
function sinceYesterday(): string {
  return encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString().slice(0, 19) + 'Z');
}
