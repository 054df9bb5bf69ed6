import { h } from '../../dom.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import type { SupervisionAlertView } from './tender-api.js';

/**
 * Alerts in words: the indicator's name and what it means (an indicator added on the server before its words
 * here shows as "other alert"), severity and status as badges, and the evidence's facts (bidders' names,
 * prices in 元, addresses) rather than its data.
 */
export function indicatorName(indicator: string): string {
  const key = `indicator.${indicator}`;
  return isMessageKey(key) ? t(key) : t('indicator.other');
}

export function indicatorHelp(indicator: string): string {
  const key = `indicatorHelp.${indicator}`;
  return isMessageKey(key) ? t(key) : t('indicatorHelp.other');
}

export function severityBadge(severity: SupervisionAlertView['severity']): HTMLElement {
  return h(
    'span',
    { class: `badge sv-severity sv-severity-${severity}`, 'data-severity': severity },
    t(`alerts.severity.${severity}`),
  );
}

export function alertStatusBadge(status: SupervisionAlertView['status']): HTMLElement {
  return h(
    'span',
    { class: `badge sv-status sv-status-${status}`, 'data-testid': 'alert-status', 'data-status': status },
    t(`alerts.status.${status}`),
  );
}

/** The facts of a finding a person reads: who, which prices, which addresses. */
export interface EvidenceFacts {
  bidders: string[];
  pricesFen: number[];
  addresses: string[];
}

export function evidenceFacts(details: Record<string, unknown>): EvidenceFacts {
  const bidders = new Set<string>();
  const prices: number[] = [];
  const addresses = new Set<string>();
  const visit = (key: string, value: unknown, depth: number): void => {
    if (depth > 3) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(key, item, depth + 1);
      return;
    }
    if (typeof value === 'number' && /Fen$/.test(key) && !/^steps/.test(key)) prices.push(value);
    if (typeof value === 'string' && /^(ip|ips|address|addresses)$/.test(key)) addresses.add(value);
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    // A bidder: { partyId, name } (screens/finding.ts Bidder), named wherever it appears.
    if (typeof record.name === 'string' && typeof record.partyId === 'string' && record.name)
      bidders.add(record.name);
    for (const [k, v] of Object.entries(record)) visit(k, v, depth + 1);
  };
  for (const [key, value] of Object.entries(details)) visit(key, value, 0);
  return { bidders: [...bidders], pricesFen: [...new Set(prices)], addresses: [...addresses] };
}

/** The evidence as a definition list: what was found, who, prices, addresses and how many events show it. */
export function evidenceList(alert: SupervisionAlertView): HTMLElement {
  const facts = evidenceFacts(alert.evidence.details);
  const row = (label: string, value: string) => [h('dt', {}, label), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'details sv-evidence', 'data-testid': 'alert-evidence' },
    ...row(t('alerts.whatFound'), indicatorHelp(alert.indicator)),
    ...(facts.bidders.length ? row(t('alerts.bidders'), facts.bidders.join('、')) : []),
    ...(facts.pricesFen.length ? row(t('alerts.prices'), facts.pricesFen.map(formatYuan).join('、')) : []),
    ...(facts.addresses.length ? row(t('alerts.addresses'), facts.addresses.join('、')) : []),
    ...row(t('alerts.summary'), alert.evidence.summary),
    h(
      'dd',
      { class: 'muted sv-evidence-count' },
      t('alerts.evidenceEvents', { count: alert.evidence.seqs.length }),
    ),
  );
}
