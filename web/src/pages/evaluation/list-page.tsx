import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { User } from '../../types.js';
import { evaluationApi } from './api.js';
import { ErrorNote, stepLabel } from './common.js';
import type { EvaluationSummary } from './types.js';

/** 我的评标 (experts, representatives) / 评标监督 (supervisors): the evaluations the caller may open. */
export function EvaluationList({ user }: { user: User }) {
  const [items, setItems] = useState<EvaluationSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    evaluationApi.list().then(setItems, setError);
  }, []);
  const title = user.role === 'supervisor' ? t('nav.evaluationSupervision') : t('nav.evaluations');
  return (
    <section class="evaluation-list-page" data-testid="evaluation-list">
      <h1>{title}</h1>
      <ErrorNote error={error} />
      {items === null && !error ? <p class="muted">{t('common.loading')}</p> : null}
      {items?.length === 0 ? (
        <p class="empty" data-testid="evaluation-list-empty">
          {t('evaluation.list.empty')}
        </p>
      ) : null}
      <ul class="evaluation-list">
        {items?.map((e) => (
          <li key={e.evaluationId} class="card" data-testid="evaluation-list-item" data-step={e.step}>
            <a href={href(`evaluations/${e.evaluationId}`)} data-testid="evaluation-open">
              {e.tenderTitle} · {e.sectionName}
            </a>
            <p class="muted">
              <span class="mono">{e.tenderCode}</span> · {stepLabel(e.step)} ·{' '}
              {t(`evaluation.audience.${e.audience}`)}
            </p>
            <p class="muted">
              {t('evaluation.schedule', {
                start: formatDateTime(e.startedAt),
                end: formatDateTime(e.scheduledEndAt),
              })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
