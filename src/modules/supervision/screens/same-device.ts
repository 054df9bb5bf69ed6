import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Finding, type Upload, type UploadFacts } from './finding.js';

/**
 * same-device: bids of two or more different bidders uploaded from one machine, as the bidding client
 * reports it (its install id, a network card, a disk). One finding per set of bidders: the identifiers those
 * bidders share are listed together, and the first of them in order names the finding. The same machine
 * compiling different bids is deemed collusion (SS Art.40), hence critical.
 */
export const sameDevice: Rule<UploadFacts, Finding, unknown> = ({ uploads }) => {
  const byIdentifier = new Map<string, Upload[]>();
  for (const upload of uploads) {
    for (const id of new Set(upload.machine)) byIdentifier.set(id, [...(byIdentifier.get(id) ?? []), upload]);
  }
  const groups = new Map<string, { identifiers: string[]; uploads: Set<Upload> }>();
  for (const id of [...byIdentifier.keys()].sort()) {
    const shared = byIdentifier.get(id)!;
    const bidders = biddersOf(shared).map((b) => b.partyId);
    if (bidders.length < 2) continue;
    const key = [...bidders].sort().join(' ');
    const group = groups.get(key) ?? { identifiers: [], uploads: new Set<Upload>() };
    group.identifiers.push(id);
    for (const u of shared) group.uploads.add(u);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ identifiers, uploads: shared }) => {
    const list = [...shared].sort((a, b) => a.seq - b.seq);
    const bidders = biddersOf(list);
    return {
      indicator: 'same-device',
      severity: 'critical',
      sectionId: null,
      identity: identifiers[0]!,
      summary:
        `${bidders.length} bidders uploaded their bids from one machine (${identifiers.join(', ')}): ` +
        namesOf(bidders),
      seqs: seqsOf(list.map((u) => u.seq)),
      details: { identifiers, bidders, bids: list.map((u) => ({ bidId: u.bidId, version: u.version })) },
    };
  });
};
