import { h } from '../../dom.js';
import { formatBytes } from '../../format.js';

/** A labelled progress bar: `update(done, total)` moves it and writes `12.0 MB / 20.0 MB (60%)`. */
export function progressBar(label: string, testId: string) {
  const bar = h('progress', { max: 100, value: 0, 'data-testid': testId });
  const text = h('small', { class: 'progress-text', 'data-testid': `${testId}-text` });
  const element = h(
    'div',
    { class: 'progress-row' },
    h('span', { class: 'progress-label' }, label),
    bar,
    text,
  );
  return {
    element,
    update(done: number, total: number): void {
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      bar.value = percent;
      bar.dataset.percent = String(percent);
      text.textContent = `${formatBytes(done)} / ${formatBytes(total)} (${percent}%)`;
    },
  };
}
