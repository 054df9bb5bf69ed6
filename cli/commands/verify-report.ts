// verify-report: checks, offline, an evaluation report's export (GET /api/v1/evaluations/:id/report/export):
// the digest recomputed from the report, each member's signature over their payload, and each certificate's
// chain to the platform root carried in the export. Prints a verdict per member; exit 0 only when all holds.
import { readFile } from 'node:fs/promises';
import { canonicalJson, sha256Hex, verifyCertificate, verifyPss } from '../../crypto/index.js';
import type { Command, OptionValues } from '../command.js';
import { EXIT, say, usageError, type CliIo } from '../io.js';

const FORMAT = 'yangguang.evaluation.report-export/1';
const SIGNATURE_TYPE = 'yangguang.evaluation.report-signature/1';

interface ExportedSignature {
  memberId: string;
  memberName: string;
  verdict: 'agree' | 'dissent' | 'deemed-agreeing';
  reasons: string | null;
  signedAt: string;
  payload: Record<string, unknown> | null;
  signature: string | null;
  certificatePem: string | null;
}
interface ReportExportFile {
  format: string;
  content: {
    reportId: string;
    evaluationId: string;
    tender: { code: string; title: string };
    members: { memberId: string; name: string; replaced: boolean }[];
  };
  digest: string;
  state: string;
  rootCertificatePem: string;
  signatures: ExportedSignature[];
}

export interface ReportVerdict {
  ok: boolean;
  /** One line per finding, for people: the digest, then each member. */
  lines: string[];
}

/** The whole check, on the export's text. */
export async function verifyReportJson(json: string): Promise<ReportVerdict> {
  let file: ReportExportFile;
  try {
    file = JSON.parse(json) as ReportExportFile;
  } catch {
    return { ok: false, lines: ['FAILED: the file is not JSON'] };
  }
  if (file?.format !== FORMAT || !file.content || !Array.isArray(file.signatures))
    return { ok: false, lines: [`FAILED: not an evaluation report export (${FORMAT})`] };
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => {
    ok = false;
    lines.push(`FAILED: ${line}`);
  };
  const digest = await sha256Hex(canonicalJson(file.content));
  if (digest === file.digest) lines.push(`OK: digest ${digest} of report ${file.content.tender.code}`);
  else fail(`the report's content does not match its digest (recomputed ${digest}, stated ${file.digest})`);

  const answered = new Set<string>();
  for (const s of file.signatures) {
    answered.add(s.memberId);
    const problem = await signatureProblem(file, s, digest);
    if (problem) fail(`${s.memberName}: ${problem}`);
    else lines.push(`OK: ${s.memberName}: ${describe(s)}`);
  }
  if (file.state === 'completed')
    for (const m of file.content.members.filter((x) => !x.replaced && !answered.has(x.memberId)))
      fail(`${m.name}: the report is completed but this member has no answer`);
  return { ok, lines };
}

function describe(s: ExportedSignature): string {
  if (s.verdict === 'deemed-agreeing') return 'did not sign by the deadline: deemed agreeing (PB Art.42)';
  return s.verdict === 'agree' ? 'signed, agrees' : `signed, dissents: ${s.reasons ?? ''}`;
}

async function signatureProblem(
  file: ReportExportFile,
  s: ExportedSignature,
  digest: string,
): Promise<string | null> {
  if (!file.content.members.some((m) => m.memberId === s.memberId && !m.replaced))
    return 'not an active member of this committee';
  if (s.verdict === 'deemed-agreeing')
    return s.payload === null && s.signature === null ? null : 'a deemed agreement carries a signature';
  const p = s.payload;
  if (!p || !s.signature || !s.certificatePem)
    return 'the signature, its payload or its certificate is missing';
  if (
    p.type !== SIGNATURE_TYPE ||
    p.evaluationId !== file.content.evaluationId ||
    p.memberId !== s.memberId ||
    p.reportId !== file.content.reportId
  )
    return 'the signed payload names another report, evaluation or member';
  if (p.digest !== digest) return 'the signed digest is not the digest of this report';
  if (p.agree !== (s.verdict === 'agree')) return 'the verdict shown is not the one signed';
  if (s.verdict === 'dissent' && p.reasons !== s.reasons) return 'the reasons shown are not the ones signed';
  // Offline there is no revocation list to ask: the chain and the validity when signed are what can be checked.
  const cert = await verifyCertificate({
    certPem: s.certificatePem,
    rootPem: file.rootCertificatePem,
    at: new Date(s.signedAt),
    isRevoked: () => false,
  }).catch((err: Error) => ({ ok: false as const, message: err.message }));
  if (!cert.ok) return `the certificate does not verify to the platform root: ${cert.message}`;
  const valid = await verifyPss(s.certificatePem, canonicalJson(p), s.signature).catch(() => false);
  return valid ? null : 'the signature does not verify for its payload and certificate';
}

export const verifyReportCommand: Command = {
  name: 'verify-report',
  summary: "Check an evaluation report's export offline: digest, members' signatures, certificates",
  usage: 'yangguang verify-report <report.json>',
  options: {},
  positionals: true,
  run: verifyReport,
};

async function verifyReport(_opts: OptionValues, io: CliIo, positionals: string[]): Promise<number> {
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw usageError('verify-report takes one file: the report export (JSON)');
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (err) {
    say(io, `FAILED: cannot read ${path}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  const verdict = await verifyReportJson(json);
  for (const line of verdict.lines) say(io, line);
  say(io, verdict.ok ? 'VERIFIED' : 'NOT VERIFIED');
  return verdict.ok ? EXIT.ok : EXIT.failed;
}
