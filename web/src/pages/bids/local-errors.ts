import { ApiError } from '../../api.js';
import { errorBox } from '../../ui.js';

/**
 * Errors raised in the browser itself (a PKCS#12 password, a tender without custodian certificates) carry a
 * code like the API's; shown through the same translated error box (status 0: no request was made).
 */
export function localErrorBox(error: unknown, testId = 'error'): HTMLElement {
  if (!(error instanceof ApiError) && error instanceof Error && 'code' in error) {
    return errorBox(new ApiError(0, String(error.code), error.message, undefined, ''), testId);
  }
  return errorBox(error, testId);
}
