import { requestFile } from '../api.js';
import { h, mount } from '../dom.js';
import { formatBytes, formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { currentSession } from '../session.js';
import type { DocumentVersion, TenderDocument } from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { errorBox } from '../ui.js';

export interface DocumentsOptions {
  /** The tenderee or agency may add files: freely to a draft, with an amendment to a published tender. */
  canUpload: boolean;
  /** A published tender's amendments (their numbers), one of which an upload must name. */
  amendments?: number[];
}

/** The tender documents (招标文件) with download links and history; optionally a picker to add versions. */
export function documentsPanel(tenderId: string, options: DocumentsOptions): HTMLElement {
  const list = h('div', { class: 'documents-list' }, h('span', { class: 'muted' }, t('common.loading')));
  const messages = h('div', { class: 'messages' });

  async function refresh(): Promise<void> {
    try {
      const documents = await tendersApi.documents(tenderId);
      mount(
        list,
        documents.length === 0
          ? h('p', { class: 'empty', 'data-testid': 'documents-empty' }, t('documents.none'))
          : table(documents),
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  }
  void refresh();

  return h(
    'div',
    { class: 'documents', 'data-testid': 'documents' },
    messages,
    list,
    options.canUpload ? uploader(tenderId, options.amendments, messages, refresh) : null,
  );
}

function uploader(
  tenderId: string,
  amendments: number[] | undefined,
  messages: HTMLElement,
  refresh: () => Promise<void>,
): HTMLElement {
  const picker = h('input', {
    type: 'file',
    multiple: true,
    class: 'file-input',
    id: `upload-${tenderId}`,
    'data-testid': 'document-upload',
  });
  const amendment = amendments
    ? h(
        'select',
        { name: 'amendment', 'aria-label': t('documents.amendment'), 'data-testid': 'document-amendment' },
        [...amendments].reverse().map((n) => h('option', { value: n }, t('documents.withAmendment', { n }))),
      )
    : null;
  picker.addEventListener('change', async () => {
    picker.disabled = true;
    try {
      for (const file of [...(picker.files ?? [])]) {
        const status = t('documents.uploading', { name: file.name });
        mount(messages, h('div', { class: 'alert alert-info', role: 'status' }, status));
        const number = amendment ? Number(amendment.value) : undefined;
        const saved = await tendersApi.upload(tenderId, file, number);
        const done = t('documents.uploaded', { name: saved.name, version: saved.version });
        mount(messages, h('div', { class: 'alert alert-success', 'data-testid': 'document-uploaded' }, done));
      }
    } catch (error) {
      mount(messages, errorBox(error));
    } finally {
      picker.value = '';
      picker.disabled = false;
      await refresh();
    }
  });
  return h(
    'div',
    { class: 'upload' },
    amendment,
    h('label', { class: 'btn', for: picker.id }, t('documents.choose')),
    picker,
    h('small', { class: 'hint' }, t(amendments ? 'documents.amendmentHint' : 'documents.uploadHint')),
  );
}

function table(documents: TenderDocument[]): HTMLElement {
  const columns = ['name', 'version', 'size', 'sha256', 'uploadedAt', 'download'] as const;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'documents-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, t(`documents.col.${c}`))),
        ),
      ),
      h('tbody', {}, documents.map(row)),
    ),
  );
}

function row({ name, latest, history }: TenderDocument): HTMLElement {
  const earlier = history.filter((v) => v.id !== latest.id).reverse();
  return h(
    'tr',
    { 'data-testid': 'document-row', 'data-document-id': latest.id },
    h('td', { class: 'cell-name' }, name),
    h(
      'td',
      { class: 'nowrap' },
      `v${latest.version}`,
      latest.amendment
        ? h('small', { class: 'note' }, t('documents.withAmendment', { n: latest.amendment }))
        : null,
    ),
    h('td', { class: 'nowrap num' }, formatBytes(latest.size)),
    h('td', { class: 'mono hash', title: latest.sha256 }, `${latest.sha256.slice(0, 12)}…`),
    h('td', { class: 'nowrap' }, formatDateTime(latest.uploadedAt)),
    h(
      'td',
      { class: 'nowrap' },
      downloadLink(latest, t('documents.download'), 'document-download'),
      earlier.length > 0
        ? h(
            'small',
            { class: 'note' },
            `${t('documents.history')} `,
            earlier.map((v) => [downloadLink(v, `v${v.version}`, 'document-history'), ' ']).flat(),
          )
        : null,
    ),
  );
}

/**
 * A plain link for visitors (published documents are public); signed-in users fetch with their token,
 * since a draft's documents are theirs only, and save the file from memory.
 */
function downloadLink(version: DocumentVersion, label: string, testId: string): HTMLElement {
  const link = h('a', { href: version.contentUrl, download: version.name, 'data-testid': testId }, label);
  link.addEventListener('click', async (event) => {
    if (!currentSession()) return;
    event.preventDefault();
    try {
      const url = URL.createObjectURL(await requestFile(version.contentUrl));
      h('a', { href: url, download: version.name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      link.after(errorBox(error));
    }
  });
  return link;
}
