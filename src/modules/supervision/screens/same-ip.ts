import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Finding, type Upload, type UploadFacts } from './finding.js';

/** Addresses that are not a client's: the platform's own steps. */
const NOT_A_CLIENT = new Set(['system', 'unknown', '']);

/**
 * same-ip: two or more different bidders uploaded bids from one network address. A hint, not proof alone
 * (an office building, a carrier's NAT share one address), hence a warning. One finding per address.
 */
export const sameIp: Rule<UploadFacts, Finding, unknown> = ({ uploads }) => {
  const byIp = new Map<string, Upload[]>();
  for (const upload of uploads) {
    if (NOT_A_CLIENT.has(upload.ip)) continue;
    byIp.set(upload.ip, [...(byIp.get(upload.ip) ?? []), upload]);
  }
  const findings: Finding[] = [];
  for (const ip of [...byIp.keys()].sort()) {
    const list = byIp.get(ip)!;
    const bidders = biddersOf(list);
    if (bidders.length < 2) continue;
    findings.push({
      indicator: 'same-ip',
      severity: 'warning',
      sectionId: null,
      identity: ip,
      summary: `${bidders.length} bidders uploaded their bids from the address ${ip}: ${namesOf(bidders)}`,
      seqs: seqsOf(list.map((u) => u.seq)),
      details: { ip, bidders, bids: list.map((u) => ({ bidId: u.bidId, version: u.version })) },
    });
  }
  return findings;
};
