/** The hall's messages as the server sends them (src/modules/opening-hall). */
export interface HallEvent {
  tenderId: string;
  seq: number;
  id: string;
  kind: string;
  at: string;
  data: Record<string, unknown>;
  mine?: boolean;
  actor?: { userId: string | null; role: string | null; partyId: string | null; name: string | null };
  ip?: string | null;
}

export interface HallBid {
  number: number;
  of: number;
  shares: number;
  wrongShares: number[];
  state: 'waiting' | 'decrypting' | 'settled';
  outcome: 'opened' | 'revoked' | 'withdrawn' | null;
  bidId?: string;
  bidderPartyId?: string;
  reason?: string | null;
}

export interface RecordBid {
  bidId: string;
  bidder: { name: string };
  outcome: string;
  values: Record<string, string | number>;
}

export interface HallSection {
  sectionId: string;
  status: 'failed' | 'collecting' | 'published';
  bidCount: number;
  bids: HallBid[];
  record: { record: { fields: { key: string; label: string; type: string }[]; bids: RecordBid[] } } | null;
}

export interface HallProgress {
  startedAt: string;
  completedAt: string | null;
  threshold: number;
  releasedPositions: number[];
  sections: HallSection[];
}

export interface HallObjection extends HallEvent {
  answer: HallEvent | null;
}

export interface HallSnapshot {
  tenderId: string;
  code: string;
  title: string;
  serverTime: string;
  openingTime: string;
  audience: 'public' | 'supervisor';
  seq: number;
  you: { role: string; checkedIn: boolean; mayObject: boolean; mayAnswer: boolean } | null;
  checkIns: { count: number | null; list: HallEvent[] };
  objections: HallObjection[];
  opening: HallProgress | null;
  events: HallEvent[];
}
