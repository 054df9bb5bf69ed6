import { mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { tendersApi } from '../tenders-api.js';
import { errorBox } from '../ui.js';
import { askDecision } from './decision-dialog.js';

/** Deletes a draft that was never published (删除草稿) after a confirmation, then lists the tenders. */
export async function deleteDraft(id: string, messages: HTMLElement): Promise<void> {
  const confirmed = await askDecision({
    title: t('tender.deleteDraftTitle'),
    body: t('tender.deleteDraftBody'),
    confirmLabel: t('tender.deleteDraft'),
    withReason: false,
    danger: true,
  });
  if (confirmed === null) return;
  try {
    await tendersApi.deleteDraft(id);
    navigate('tenders');
  } catch (error) {
    mount(messages, errorBox(error));
  }
}

/** Cancels a tender after asking why; the reason is published with the termination notice. */
export async function cancelTender(id: string, messages: HTMLElement): Promise<void> {
  const reason = await askDecision({
    title: t('tender.cancelTitle'),
    body: t('tender.cancelBody'),
    confirmLabel: t('tender.cancel'),
    withReason: true,
    danger: true,
    reasonLabel: t('tender.cancelReason'),
    reasonMissing: t('violation.CANCELLATION_REASON_REQUIRED'),
  });
  if (reason === null) return;
  try {
    await tendersApi.cancel(id, reason);
    navigate(`tenders/${id}`);
  } catch (error) {
    mount(messages, errorBox(error));
  }
}
