import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { canonicalJson } from '../../../crypto/index.js';
import { chinaDay, chinaTime } from '../../platform/china/beijing-time.js';
import type { Signer } from '../../platform/keys/signer.js';
import { fenToYuanGrouped } from '../../platform/money.js';
import { FONT, PdfCache, renderPdf } from '../../platform/pdf/index.js';
import type { TenderView } from '../tenders/index.js';
import type { AwardLetter, AwardModels, LetterKind } from './models.js';

/** What a letter says, as signed: canonical JSON of this object is what the platform's signature covers. */
export interface LetterPayload {
  type: 'yangguang.award-letter';
  version: 1;
  letterId: string;
  kind: LetterKind;
  awardId: string;
  tender: { id: string; code: string; title: string; projectName: string };
  section: { id: string; code: string; name: string };
  addressee: { partyId: string; name: string };
  winner: { name: string; priceFen: number };
  tenderee: string;
  agency: string | null;
  issuedAt: string;
  /** SHA-256 fingerprint of the platform's signing certificate. */
  platformCertificate: string;
}

export const LETTER_TITLES: Record<LetterKind, string> = { award: '中标通知书', result: '中标结果通知书' };

export interface LetterFacts {
  awardId: string;
  tender: TenderView;
  section: { id: string; code: string; name: string };
  winner: { name: string; priceFen: number; bidId: string; partyId: string };
  /** Every bidder of the section, the winner among them. */
  bidders: { bidId: string; partyId: string; name: string }[];
  issuedAt: Date;
}

/**
 * 中标通知书 to the winner and 中标结果通知书 to every other bidder of the section (ZB Art.45), each signed
 * by the platform over its canonical JSON, stored as signed, in the award's transaction.
 */
export async function issueLetters(
  models: AwardModels,
  signer: Signer,
  t: Transaction,
  facts: LetterFacts,
): Promise<AwardLetter[]> {
  const letters: AwardLetter[] = [];
  for (const bidder of facts.bidders) {
    const kind: LetterKind = bidder.bidId === facts.winner.bidId ? 'award' : 'result';
    const payload: LetterPayload = {
      type: 'yangguang.award-letter',
      version: 1,
      letterId: randomUUID(),
      kind,
      awardId: facts.awardId,
      tender: {
        id: facts.tender.id,
        code: facts.tender.code,
        title: facts.tender.title,
        projectName: facts.tender.projectName,
      },
      section: facts.section,
      addressee: { partyId: bidder.partyId, name: bidder.name },
      winner: { name: facts.winner.name, priceFen: facts.winner.priceFen },
      tenderee: facts.tender.tenderee.name,
      agency: facts.tender.agency?.name ?? null,
      issuedAt: facts.issuedAt.toISOString(),
      platformCertificate: signer.fingerprint,
    };
    const json = canonicalJson(payload);
    letters.push(
      await models.AwardLetter.create(
        {
          id: payload.letterId,
          awardId: facts.awardId,
          tenderId: facts.tender.id,
          kind,
          bidId: bidder.bidId,
          partyId: bidder.partyId,
          payload: json,
          signature: await signer.sign(json),
          fingerprint: signer.fingerprint,
          issuedAt: facts.issuedAt,
        },
        { transaction: t },
      ),
    );
  }
  return letters;
}

export const payloadOf = (letter: AwardLetter) => JSON.parse(letter.payload) as LetterPayload;

/** The letter's text, line by line: what the PDF prints (and a test reads back). */
export function letterLines(p: LetterPayload, signature: string): string[] {
  const price = `${fenToYuanGrouped(p.winner.priceFen)}元`;
  const body =
    p.kind === 'award'
      ? [
          `你方于本项目递交的投标文件已被确定为中标。`,
          `中标价格：${price}`,
          '请你方自本通知书发出之日起30日内，按照招标文件和你方投标文件与招标人订立书面合同（《招标投标法》第四十六条）。',
        ]
      : [`本标段的中标人为${p.winner.name}，中标价格：${price}。`, '感谢你方参与投标。'];
  return [
    `${p.addressee.name}：`,
    `招标编号：${p.tender.code}`,
    `项目名称：${p.tender.projectName}`,
    `招标项目：${p.tender.title}`,
    `标段：${p.section.code} ${p.section.name}`,
    ...body,
    `招标人：${p.tenderee}`,
    ...(p.agency ? [`招标代理机构：${p.agency}`] : []),
    `发出时间：${chinaTime(p.issuedAt)}（北京时间）`,
    `平台签名证书指纹（SHA-256）：${p.platformCertificate}`,
    `签名摘要（SHA-256）：${createHash('sha256').update(signature).digest('hex')}`,
  ];
}

/** The letter as a PDF with Chinese text, dated the day it was issued (the same letter, the same bytes). */
export function letterPdf(letter: AwardLetter): Promise<Buffer> {
  return rendered.get({ payload: letter.payload, signature: letter.signature }, () => drawLetter(letter));
}

/** A letter never changes once signed, so its signed payload identifies its document. */
const rendered = new PdfCache();

function drawLetter(letter: AwardLetter): Promise<Buffer> {
  const p = payloadOf(letter);
  const title = LETTER_TITLES[p.kind];
  return renderPdf(
    { Title: `${title} ${p.tender.code}`, Author: p.tenderee },
    new Date(p.issuedAt),
    (doc) => {
      doc.font(FONT.bold).fontSize(20).text(title, { align: 'center' });
      doc.moveDown();
      doc.font(FONT.regular).fontSize(11);
      for (const line of letterLines(p, letter.signature)) doc.text(line).moveDown(0.4);
      doc.moveDown().text(`${chinaDay(p.issuedAt)}`, { align: 'right' });
    },
  );
}
