import { Op } from 'sequelize';
import { GENESIS_HASH, verifyChain, verifyPss } from '../../../crypto/index.js';
import { checkpointMessage, hashedBody } from './entry.js';
import type { AuditModels } from './models.js';

export type AuditVerdict =
  { ok: true; entries: number; checkpoints: number } | { ok: false; seq: number; reason: string };

const PAGE = 1000;

/**
 * Walks the whole chain in pages: recomputes every hash, checks each link, that the head row names the
 * last entry (so dropping entries from the end is caught), and every checkpoint's signature and hash.
 */
export async function verifyAuditChain(
  { AuditEntry, AuditHead, AuditCheckpoint }: AuditModels,
  signingCertPem: string,
): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const page = await AuditEntry.findAll({
      where: { seq: { [Op.gte]: expectedSeq } },
      order: [['seq', 'ASC']],
      limit: PAGE,
    });
    if (page.length === 0) break;
    const verdict = await verifyChain(
      page.map((e) => ({ seq: Number(e.seq), prevHash: e.prevHash, hash: e.hash, body: hashedBody(e) })),
      prevHash,
    );
    if (!verdict.ok) return { ok: false, seq: verdict.brokenSeq, reason: verdict.reason };
    if (Number(page[0]!.seq) !== expectedSeq) return { ok: false, seq: expectedSeq, reason: 'missing-entry' };
    const last = page[page.length - 1]!;
    prevHash = last.hash;
    expectedSeq = Number(last.seq) + 1;
  }

  const head = await AuditHead.findByPk(1);
  if (!head || Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash) {
    return { ok: false, seq: Number(head?.seq ?? 0), reason: 'head-mismatch' };
  }

  const checkpoints = await AuditCheckpoint.findAll({ order: [['seq', 'ASC']] });
  for (const cp of checkpoints) {
    const entry = await AuditEntry.findByPk(cp.seq);
    if (!entry || entry.hash !== cp.hash)
      return { ok: false, seq: Number(cp.seq), reason: 'checkpoint-hash-mismatch' };
    const message = checkpointMessage(Number(cp.seq), cp.hash, new Date(cp.at));
    if (!(await verifyPss(signingCertPem, message, cp.signature))) {
      return { ok: false, seq: Number(cp.seq), reason: 'checkpoint-signature-invalid' };
    }
  }
  return { ok: true, entries: expectedSeq - 1, checkpoints: checkpoints.length };
}
