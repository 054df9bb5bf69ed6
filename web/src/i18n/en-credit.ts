import type { zhCNCredit } from './zh-CN-credit.js';

/** English for the credit query, a party's credit page and the barred-bidder message. */
export const enCredit: Record<keyof typeof zhCNCredit, string> = {
  'footer.credit': 'Credit query',
  'credit.title': 'Credit query',
  'credit.intro':
    "Look up a market entity's credit records on this platform by name or unified social credit code. Records are made from the platform's own facts; public records are shown to everyone.",
  'credit.q': 'Entity name or unified social credit code',
  'credit.search': 'Search',
  'credit.none': 'No verified entity matches.',
  'credit.score': 'Credit score {score}',
  'credit.records': '{count} public record(s)',
  'credit.barred': 'Blacklisted',
  'credit.partyTitle': 'Credit information of {name}',
  'credit.uscc': 'Unified social credit code: {uscc}',
  'credit.noRecords': 'No credit records.',
  'credit.basis': 'Basis: {basis}',
  'credit.period': 'Valid {from} to {until} (Beijing time)',
  'credit.noEnd': 'no end',
  'credit.export': 'Data exchange: JSON export and feed',
  'credit.status.active': 'In force',
  'credit.status.objected': 'Objection pending',
  'credit.status.expired': 'Expired',
  'credit.status.revoked': 'Revoked',
  'credit.status.repaired': 'Repaired',
  'credit.severity.good': 'Good record',
  'credit.severity.minor': 'Minor breach of trust',
  'credit.severity.serious': 'Serious breach of trust',
  'credit.restricted': 'Visible to your company and supervisors only',
  'credit.back': 'Back to the credit query',
  'error.CREDIT_BARRED_NAMED':
    'Your company is blacklisted by the credit record "{kind}" until {until} (Beijing time) and cannot bid. Basis: {basis}',
  'error.CREDIT_BARRED': 'Your company is blacklisted and cannot bid.',
} satisfies Record<string, string>;
