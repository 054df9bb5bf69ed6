// The facts of a tender that sealing needs — its custodians and threshold, its sections and bid form —
// read from the server (GET /api/v1/tenders/:id, public once published) or from a saved copy of that
// answer (--tender-json), so a bid can be sealed on a machine with no network at all.
import { z } from 'zod';
import { sealedBid } from '../crypto/index.js';
import { readInput } from './credentials.js';
import { apiJson } from './http.js';
import { CliError, usageError } from './io.js';

const bidFormField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['money', 'integer', 'text']),
  required: z.boolean(),
});
export type BidFormField = z.infer<typeof bidFormField>;

export const tenderFacts = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  bidFormFields: z.array(bidFormField),
  schedule: z.object({ bidDeadline: z.string() }),
  sections: z
    .array(
      z.object({ id: z.string(), code: z.string(), name: z.string(), maxPriceFen: z.number().nullable() }),
    )
    .min(1),
  custodians: z.object({
    threshold: z.number().int(),
    members: z.array(
      z.object({
        position: z.number().int(),
        displayName: z.string().optional(),
        certificateSerial: z.string().nullable(),
        certificatePem: z.string().nullable(),
        /** Absent from tenders saved before format 2 keys existed. */
        curveKey: sealedBid.custodianKeySchema.nullable().optional(),
      }),
    ),
  }),
});
export type TenderFacts = z.infer<typeof tenderFacts>;
export type TenderSection = TenderFacts['sections'][number];

export async function fetchTender(server: string, tenderId: string, token?: string): Promise<TenderFacts> {
  return parseTender(await apiJson(server, `/tenders/${encodeURIComponent(tenderId)}`, { token }), server);
}

export async function readTenderFile(path: string): Promise<TenderFacts> {
  let json: unknown;
  try {
    json = JSON.parse((await readInput(path)).toString('utf8'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`);
  }
  // Accept the tender itself or an answer that wraps it ({"tender": {...}}).
  const inner = (json as { tender?: unknown }).tender ?? json;
  return parseTender(inner, path);
}

function parseTender(json: unknown, from: string): TenderFacts {
  const parsed = tenderFacts.safeParse(json);
  if (!parsed.success) {
    throw new CliError(
      `The tender from ${from} lacks what sealing needs: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/** A section by id or code; a tender with a single section needs no --section. */
export function pickSection(tender: TenderFacts, wanted: string | undefined): TenderSection {
  if (!wanted) {
    if (tender.sections.length === 1) return tender.sections[0]!;
    const codes = tender.sections.map((s) => s.code).join(', ');
    throw usageError(
      `Tender ${tender.code} has ${tender.sections.length} sections (${codes}): pass --section`,
    );
  }
  const section = tender.sections.find((s) => s.id === wanted || s.code === wanted);
  if (!section) throw new CliError(`Tender ${tender.code} has no section ${wanted}`);
  return section;
}

/**
 * The custodians with their certificates, and with their format 2 keys when every member registered one
 * signed by its frozen certificate (checked here too, so a server cannot slip in a key of its own): then the
 * bid is sealed in format 2, provably openable at receipt; otherwise in format 1. A tender published without
 * certificates cannot take sealed bids.
 */
export async function custodiansOf(tender: TenderFacts): Promise<SealCustodians> {
  const members = tender.custodians.members.map((m) => {
    if (!m.certificatePem || !m.certificateSerial) {
      throw new CliError(
        `Custodian ${m.position} of tender ${tender.code} has no certificate: bids cannot be sealed`,
      );
    }
    return {
      position: m.position,
      certificatePem: m.certificatePem,
      certificateSerial: m.certificateSerial,
      curveKey: m.curveKey ?? null,
    };
  });
  const signed = await Promise.all(
    members.map(
      (m) =>
        m.curveKey !== null &&
        sealedBid.custodianKeySigned(m.certificatePem, m.certificateSerial, m.curveKey),
    ),
  );
  const v2 = signed.every(Boolean);
  return {
    threshold: tender.custodians.threshold,
    members: members.map(({ curveKey, ...m }) => (v2 && curveKey ? { ...m, custodianKey: curveKey } : m)),
    formatVersion: v2 ? 2 : 1,
    /** Members whose published key is there but not signed by their certificate: worth telling the bidder. */
    unsignedKeys: members.filter((m, i) => m.curveKey && !signed[i]).map((m) => m.position),
  };
}

export type SealCustodians = sealedBid.SealParams['custodians'] & {
  formatVersion: 1 | 2;
  unsignedKeys: number[];
};
