import { isMessageKey, t } from '../../i18n/index.js';
import { indicatorName } from './alert-words.js';
import type { TenderTimelineEntry } from './tender-api.js';

/** Groups of actions by their code's first word, for a step this page has no words for yet. */
const GROUPS: [RegExp, string][] = [
  [/^tender\./, 'tender'],
  [/^document\./, 'document'],
  [/^bid\./, 'bid'],
  [/^(opening|opening-hall|opened-bid)\./, 'opening'],
  [/^evaluation\./, 'evaluation'],
  [/^expert-draw\./, 'expert-draw'],
  [/^supervision[.-]/, 'supervision'],
  [/^complaint\./, 'complaint'],
];

/**
 * An audited step in words: this page's own words for it, else the evaluation room's and the opening hall's
 * (their timelines name the same steps), else its group ("bid step"), never the code itself.
 */
export function actionWords(action: string): string {
  const own = `action.${action}`;
  if (isMessageKey(own)) return t(own);
  const evaluation = /^evaluation\.(.+)$/.exec(action)?.[1];
  const evaluationKey = `evaluation.log.${evaluation}`;
  if (evaluation && isMessageKey(evaluationKey)) return t(evaluationKey);
  const hall = /^opening-hall\.(.+)$/.exec(action)?.[1];
  const hallKey = `hall.event.${hall}`;
  // The hall's words that need their own parameters ({position}, {bid}) are left for the group's.
  if (hall && isMessageKey(hallKey) && !t(hallKey).includes('{')) return t(hallKey);
  const group = GROUPS.find(([pattern]) => pattern.test(action))?.[1] ?? 'other';
  const groupKey = `actionGroup.${group}`;
  return isMessageKey(groupKey) ? t(groupKey) : t('actionGroup.other');
}

/** The step's few facts in words: a document's name and version, a conclusion, an indicator, a reason. */
export function factsWords(action: string, facts: TenderTimelineEntry['facts']): string {
  const parts: string[] = [];
  const { name, version, conclusion, indicator, instruction, reason } = facts;
  if (typeof name === 'string')
    parts.push(typeof version === 'number' ? t('svTender.docVersion', { name, version }) : name);
  else if (typeof version === 'number') parts.push(t('svTender.factVersion', { version }));
  if (typeof indicator === 'string') parts.push(indicatorName(indicator));
  const conclusionKey = `alerts.conclusion.${String(conclusion)}`;
  // An alert's conclusion; a complaint's decision is its own page's business.
  if (action.startsWith('supervision.alert') && isMessageKey(conclusionKey)) parts.push(t(conclusionKey));
  if (typeof instruction === 'string') parts.push(instruction);
  if (typeof reason === 'string') parts.push(reason);
  return parts.join(' · ');
}
