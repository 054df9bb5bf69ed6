import { mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { tendersApi } from '../tenders-api.js';
import { errorBox } from '../ui.js';
import { askDecision } from './decision-dialog.js';

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
