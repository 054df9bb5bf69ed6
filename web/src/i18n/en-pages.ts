import type { zhCNPages } from './zh-CN-pages.js';

/** People pickers, the open-data and expert-sanction pages, the footer links. */
export const enPages: Record<keyof typeof zhCNPages, string> = {
  'picker.choose': 'Choose…',
  'picker.noCertificate': 'no valid certificate, cannot be chosen',
  'picker.unavailable': 'The list could not be loaded; refresh the page',
  'picker.filterPlaceholder': 'Filter by name or organisation',
  'picker.filterCustodians': 'Filter custodians by name or organisation',
  'picker.filterSupervisors': 'Filter supervisors by name or organisation',
  'picker.matches': '{n} found',

  'openData.title': 'Open data',
  'openData.intro':
    'Everything public about every tender is published free of charge in the Open Contracting Data Standard (OCDS 1.1): tender notices, clarifications, opening results, candidate announcements. No account is needed; the data is JSON, to download or to harvest on a schedule.',
  'openData.feedTitle': 'Bulk feed (all tenders)',
  'openData.feedBody':
    'The feed lists every release of every tender, oldest first, one OCDS release package per page. After a page, pass its nextCursor as the cursor parameter to read the next one, until nextCursor is empty; a harvester uses since to fetch only new releases.',
  'openData.feedFirst': 'Download the first 100 releases',
  'openData.feedSince': 'Download the releases of the last 24 hours',
  'openData.paramLimit': 'Releases per page, 1–1000, 100 by default',
  'openData.paramSince': 'Only releases dated at or after this instant (ISO 8601, e.g. 2026-01-01T00:00:00Z)',
  'openData.paramCursor': 'The nextCursor of the previous page, to read on',
  'openData.tendersTitle': 'Per tender',
  'openData.tendersBody':
    'Each tender has two files: the release package lists what each public step published; the record package adds the compiled, current view (compiledRelease). The latest tenders:',
  'openData.noTenders': 'No tender has been published yet.',
  'openData.published': 'published {at}',
  'openData.releases': 'Release package',
  'openData.record': 'Record package',
  'openData.noticesTitle': 'Notice feed and API description',
  'openData.noticesBody':
    'The notice feed lists every notice, latest first (filter by region, category, status and time); the API description (OpenAPI) lists every public endpoint and its parameters.',
  'openData.noticesLink': 'Notice feed (latest 50)',
  'openData.apiLink': 'API description (OpenAPI 3)',
  'openData.license': 'The data is in the public domain, free to reuse:',
  'openData.standard': 'Open Contracting Data Standard 1.1',

  'sanctions.title': 'Expert sanctions',
  'sanctions.intro':
    'Decisions to suspend, remove or reinstate evaluation experts, published under the rules for evaluation experts and expert pools, latest first.',
  'sanctions.empty': 'No sanction has been published.',
  'sanctions.action.suspend': 'Suspended',
  'sanctions.action.remove': 'Removed',
  'sanctions.action.reinstate': 'Reinstated',
  'sanctions.reason': 'Reason: {reason}',
  'sanctions.published': 'Published {at}',

  'tenderForm.projectNameHint': 'The approved construction project, e.g. “Wuxiang New Area road renovation”',
  'tenderForm.titleHint':
    'This procurement’s name, the notice title, e.g. “Wuxiang road renovation: construction tender”',
  'tenderForm.fieldKeyHint':
    'The key names the field in the bid data; bidders do not see it: a lower-case letter first, then letters and digits only, up to 32 characters, e.g. durationDays or qualityGrade.',

  'footer.links': 'Footer',
  'footer.notices': 'Notices',
  'footer.sanctions': 'Expert sanctions',
  'footer.openData': 'Open data',
  'a11y.expertFile': 'Choose the experts file (CSV or JSON)',
  'footer.register': 'Register',
};
