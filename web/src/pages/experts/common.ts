/** Pieces the expert pages share: the catalog, status badges, error explanations, random entropy. */
import { ApiError } from '../../api.js';
import { h } from '../../dom.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { errorBox } from '../../ui.js';
import {
  expertsApi,
  type CatalogEntry,
  type DrawStatus,
  type ExpertStatus,
  type MemberStatus,
} from './api.js';

let catalog: Promise<Map<string, CatalogEntry>> | null = null;

/** The classification catalog by code, fetched once per page load (it changes only on an admin's import). */
export function loadCatalog(): Promise<Map<string, CatalogEntry>> {
  catalog ??= expertsApi.catalog().then(
    (items) => new Map(items.map((e) => [e.code, e])),
    (error: unknown) => {
      catalog = null; // try again next time
      throw error;
    },
  );
  return catalog;
}

/** `A0802 市政工程` — the code stays visible because that is what the rules and the record use. */
export function specialtyLabel(code: string, entries: Map<string, CatalogEntry> | null): string {
  const name = entries?.get(code)?.name;
  return name ? `${code} ${name}` : code;
}

/** Catalog options indented by level, for selects. */
export function specialtyOptions(entries: Map<string, CatalogEntry>): [string, string][] {
  return [...entries.values()].map((e) => [e.code, `${'　'.repeat(e.level - 1)}${e.code} ${e.name}`]);
}

const TONE: Record<string, string> = {
  active: 'badge-verified',
  suspended: 'badge-pending',
  removed: 'badge-rejected',
  committed: 'badge-pending',
  witnessed: 'badge-pending',
  drawn: 'badge-pending',
  announced: 'badge-verified',
  invited: 'badge-pending',
  confirmed: 'badge-verified',
  declined: 'badge-rejected',
  'timed-out': 'badge-rejected',
  recused: 'badge-rejected',
};

export function expertStatusBadge(status: ExpertStatus): HTMLElement {
  return h(
    'span',
    { class: `badge ${TONE[status]}`, 'data-testid': 'ex-status', 'data-status': status },
    t(`experts.status.${status}`),
  );
}

export function drawStatusBadge(status: DrawStatus): HTMLElement {
  return h(
    'span',
    { class: `badge ${TONE[status]}`, 'data-testid': 'draw-status', 'data-status': status },
    t(`draw.status.${status}`),
  );
}

export function memberStatusBadge(status: MemberStatus): HTMLElement {
  return h(
    'span',
    { class: `badge ${TONE[status]}`, 'data-testid': 'member-status', 'data-status': status },
    t(`draw.member.${status}`),
  );
}

interface Shortfall {
  specialty: string;
  locality: 'local' | 'remote';
  needed: number;
  available: number;
}

/**
 * An error box that also explains what the server's details say: the shortfall per specialty of a draw, the
 * experts still to confirm before an announcement, the line-numbered problems of an import, bad fields.
 */
export function explainedError(
  error: unknown,
  entries: Map<string, CatalogEntry> | null = null,
): HTMLElement {
  const box = errorBox(error);
  if (!(error instanceof ApiError)) return box;
  const details = error.details as Record<string, unknown> | unknown[] | undefined;
  const list = h('ul', { class: 'ex-error-list', 'data-testid': 'error-details' });
  if (error.code === 'DRAW_SHORTFALL' && details && !Array.isArray(details)) {
    for (const s of (details.shortfalls ?? []) as Shortfall[]) {
      list.append(
        h(
          'li',
          { 'data-testid': 'shortfall', 'data-specialty': s.specialty, 'data-locality': s.locality },
          t('draw.shortfallLine', {
            specialty: specialtyLabel(s.specialty, entries),
            locality: t(`draw.locality.${s.locality}`),
            needed: s.needed,
            available: s.available,
          }),
        ),
      );
    }
  } else if (error.code === 'COMMITTEE_INCOMPLETE' && details && !Array.isArray(details)) {
    list.append(h('li', {}, t('draw.unconfirmed', { n: Number(details.unconfirmed ?? 0) })));
  } else if (error.code === 'IMPORT_INVALID' && Array.isArray(details)) {
    return h('div', {}, box, problemTable(details as ImportProblemLike[]));
  } else {
    for (const p of error.fieldProblems) list.append(h('li', {}, `${p.path}: ${p.message}`));
  }
  if (list.childElementCount > 0) box.append(list);
  return box;
}

interface ImportProblemLike {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

/** The problems of an import file, one row each, by line (the CSV header is line 1). */
export function problemTable(problems: ImportProblemLike[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'import-problems' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          (['line', 'field', 'problem'] as const).map((c) =>
            h('th', { scope: 'col' }, t(`experts.import.col.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        problems.map((p) =>
          h(
            'tr',
            { 'data-testid': 'import-problem', 'data-line': p.line, 'data-code': p.code },
            h('td', { class: 'num' }, p.line > 0 ? t('experts.import.lineN', { n: p.line }) : '—'),
            h('td', { class: 'mono' }, p.field ?? '—'),
            h('td', {}, h('strong', {}, problemLabel(p.code)), ' ', h('span', { class: 'muted' }, p.message)),
          ),
        ),
      ),
    ),
  );
}

const PROBLEM_CODES = [
  'CSV_MALFORMED',
  'CSV_EMPTY',
  'CSV_HEADER',
  'CSV_COLUMNS',
  'TOO_MANY_ROWS',
  'JSON_NOT_ARRAY',
  'INVALID_FIELD',
  'UNKNOWN_SPECIALTY',
  'DUPLICATE_IN_FILE',
] as const;

function problemLabel(code: string): string {
  const known = PROBLEM_CODES.find((c) => c === code);
  return known ? t(`experts.problem.${known}` as MessageKey) : code;
}

/** Lowercase hex of `bytes` random bytes from the browser's CSPRNG, for the supervisor's entropy. */
export function randomHex(bytes = 32): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return [...buffer].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A success or info line under an action. */
export function notice(message: string, testId: string, tone: 'success' | 'info' = 'success'): HTMLElement {
  return h('div', { class: `alert alert-${tone}`, role: 'status', 'data-testid': testId }, message);
}
