import { Op } from 'sequelize';
import { GENESIS_HASH, verifyChain, verifyPss } from '../../../crypto/index.js';
import { checkpointMessage, hashedBody } from './entry.js';
import type { AuditEntry, AuditHead as HeadRow, AuditModels } from './models.js';

export type AuditVerdict =
  { ok: true; entries: number; checkpoints: number } | { ok: false; seq: number; reason: string };

const PAGE = 1000;

/** The first seq missing from a page that should start at `expected`, if any. */
function firstGap(page: AuditEntry[], expected: number): number | undefined {
  for (const [i, entry] of page.entries()) if (Number(entry.seq) !== expected + i) return expected + i;
  return undefined;
}

/**
 * Walks the whole chain in pages: no seq missing, every hash recomputed and linked, the head row naming
 * the last entry (so dropping entries from the end is caught), and every checkpoint's hash and signature.
 * Checkpoints may be at most `checkpointEvery` entries apart, so deleting them to hide a rewritten chain
 * is caught as well (only the entries after the last checkpoint can be rewritten unnoticed).
 */
export async function verifyAuditChain(
  { AuditEntry, AuditHead, AuditCheckpoint }: AuditModels,
  signingCertPem: string,
  checkpointEvery: number,
): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  /** Walks the entries from expectedSeq to the current end; a verdict when something is wrong. */
  const walk = async (): Promise<AuditVerdict | undefined> => {
    for (;;) {
      const page = await AuditEntry.findAll({
        where: { seq: { [Op.gte]: expectedSeq } },
        order: [['seq', 'ASC']],
        limit: PAGE,
      });
      if (page.length === 0) return undefined;
      const gap = firstGap(page, expectedSeq);
      if (gap !== undefined) return { ok: false, seq: gap, reason: 'missing-entry' };
      const verdict = await verifyChain(
        page.map((e) => ({ seq: Number(e.seq), prevHash: e.prevHash, hash: e.hash, body: hashedBody(e) })),
        prevHash,
      );
      if (!verdict.ok) return { ok: false, seq: verdict.brokenSeq, reason: verdict.reason };
      const last = page[page.length - 1]!;
      prevHash = last.hash;
      expectedSeq = Number(last.seq) + 1;
    }
  };
  // On a live platform entries keep coming: an entry and the head move in one transaction, so a head read
  // after the walk is at least as far as the entries seen. When it is further, the walk goes on to it.
  let head: HeadRow | null;
  for (let round = 0; ; round++) {
    const broken = await walk();
    if (broken) return broken;
    head = await AuditHead.findByPk(1);
    if (!head || Number(head.seq) <= expectedSeq - 1 || round === 10) break;
  }
  const entries = expectedSeq - 1;
  if (!head || Number(head.seq) !== entries || head.hash !== prevHash) {
    return { ok: false, seq: Number(head?.seq ?? 0), reason: 'head-mismatch' };
  }

  const checkpoints = await AuditCheckpoint.findAll({ order: [['seq', 'ASC']] });
  let previous = 0;
  for (const cp of checkpoints) {
    const seq = Number(cp.seq);
    if (seq - previous > checkpointEvery)
      return { ok: false, seq: previous + checkpointEvery, reason: 'missing-checkpoint' };
    const entry = await AuditEntry.findByPk(seq);
    if (!entry || entry.hash !== cp.hash) return { ok: false, seq, reason: 'checkpoint-hash-mismatch' };
    const message = checkpointMessage(seq, cp.hash, new Date(cp.at));
    if (!(await verifyPss(signingCertPem, message, cp.signature))) {
      return { ok: false, seq, reason: 'checkpoint-signature-invalid' };
    }
    previous = seq;
  }
  if (entries - previous >= checkpointEvery) {
    return { ok: false, seq: previous + checkpointEvery, reason: 'missing-checkpoint' };
  }
  return { ok: true, entries, checkpoints: checkpoints.length };
}
