import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Bidder, type Finding, type UploadFacts } from './finding.js';

/** Addresses that are not a client's: the platform's own steps. */
const NOT_A_CLIENT = new Set(['system', 'unknown', '']);

/** A bidder's step from an address besides its uploads: a tender document downloaded, a bid decrypted. */
export interface AddressUse {
  /** The event in the stream. */
  seq: number;
  bidder: Bidder;
  ip: string;
}

/**
 * Who did what from which address: the uploads always; the document downloads of the parties that bid (at the
 * deadline) and the bidders' own decryptions (at the opening) when the screener has them.
 */
export interface AddressFacts extends UploadFacts {
  downloads?: AddressUse[];
  decryptions?: AddressUse[];
}

const STEPS = [
  { key: 'uploads', prefix: '', words: 'uploaded their bids' },
  { key: 'downloads', prefix: 'download:', words: 'downloaded the tender documents' },
  { key: 'decryptions', prefix: 'decrypt:', words: 'decrypted their bids' },
] as const;

/**
 * same-ip: two or more different bidders uploaded bids, downloaded the documents or decrypted their bids from
 * one network address. A hint, not proof alone (an office building, a carrier's NAT share one address), hence
 * a warning. One finding per step and address (an upload address keeps its bare address as its identity).
 */
export const sameIp: Rule<AddressFacts, Finding, unknown> = (facts) =>
  STEPS.flatMap(({ key, prefix, words }) => {
    const byIp = new Map<string, (AddressUse & { bidId?: string; version?: number })[]>();
    for (const use of facts[key] ?? []) {
      if (NOT_A_CLIENT.has(use.ip)) continue;
      byIp.set(use.ip, [...(byIp.get(use.ip) ?? []), use]);
    }
    return [...byIp.keys()].sort().flatMap((ip): Finding[] => {
      const list = byIp.get(ip)!;
      const bidders = biddersOf(list);
      if (bidders.length < 2) return [];
      return [
        {
          indicator: 'same-ip',
          severity: 'warning',
          sectionId: null,
          identity: `${prefix}${ip}`,
          summary: `${bidders.length} bidders ${words} from the address ${ip}: ${namesOf(bidders)}`,
          seqs: seqsOf(list.map((u) => u.seq)),
          details: {
            ip,
            ...(prefix && { kind: key }),
            bidders,
            ...(key === 'uploads' && { bids: list.map((u) => ({ bidId: u.bidId, version: u.version })) }),
          },
        },
      ];
    });
  });
