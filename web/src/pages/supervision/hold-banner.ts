import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { instructionsApi } from './instructions-api.js';

/**
 * "本项目已被监督部门暂停：<reason>" on a tender's page while a supervisory hold is in force, for everyone who
 * sees the tender (the suspension is public: its notice is). Empty otherwise, or when it cannot be read.
 */
export function holdBanner(tenderId: string): HTMLElement {
  const root = h('div', { class: 'hold-banner', 'aria-live': 'polite' });
  instructionsApi.list(tenderId).then(
    (state) => {
      if (!state.hold) return;
      mount(
        root,
        h(
          'div',
          { class: 'alert alert-warn', role: 'alert', 'data-testid': 'tender-held' },
          h('strong', {}, t('instructions.held', { reason: state.hold.reason })),
          ' ',
          h('small', {}, state.hold.instructionCode),
        ),
      );
    },
    () => {
      // The page itself says what went wrong with the tender; the banner stays out of the way.
    },
  );
  return root;
}
