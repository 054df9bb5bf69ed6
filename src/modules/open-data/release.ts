import { fenToYuan } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { evaluationPlanText, METHOD_NAMES } from '../publication/index.js';
import {
  AWARD_CRITERIA,
  MAIN_CATEGORY,
  PROCUREMENT_METHOD,
  TENDER_STATUS,
  type ReleaseTag,
} from './codelists.js';

/** An OCDS 1.1 release as JSON; the fields we write are built below, the schema allows more. */
export interface Release {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  [field: string]: unknown;
}

export interface Amendment {
  id: string;
  date: string;
  rationale: string;
  description: string;
  amendsReleaseID?: string;
  releaseID?: string;
}

export interface ReleaseStep {
  ocid: string;
  releaseId: string;
  date: string;
  tag: ReleaseTag;
  /** tender.amendments so far, carried from the previous release plus this step's own. */
  amendments: Amendment[];
  /** Where the tender's public document list is served. */
  documentsUrl: string;
}

/**
 * Amounts in OCDS are numbers of the currency's unit. We write the exact decimal 元 from integer fen, then
 * Number() it: JavaScript parses a decimal string to the nearest double, so every amount below 2^53 fen keeps
 * its cents exactly when printed back (the rounding is the JSON number format's, not our arithmetic's).
 */
export const value = (fen: number | bigint) => ({ amount: Number(fenToYuan(fen)), currency: 'CNY' });

/**
 * Organisations are identified by their 统一社会信用代码 under the org-id.guide scheme CN-USCI ("Unified Social
 * Credit Identifier", org-id/register lists/cn/cn-usci.json, confirmed, covering companies and other entities);
 * the older CN-SAIC list predates the 2015 codes and the 2018 merger of SAIC into SAMR.
 */
export const USCC_SCHEME = 'CN-USCI';
const orgId = (uscc: string) => `${USCC_SCHEME}-${uscc}`;
const organization = (p: { name: string; uscc: string }, roles: string[]) => ({
  id: orgId(p.uscc),
  name: p.name,
  identifier: { scheme: USCC_SCHEME, id: p.uscc, legalName: p.name },
  roles,
});

/** The tenderee (招标人) is the buyer; an appointed agency runs the procedure as the procuringEntity (ZB Art.12). */
function parties(tender: TenderView) {
  if (!tender.agency) return [organization(tender.tenderee, ['buyer', 'procuringEntity'])];
  return [organization(tender.tenderee, ['buyer']), organization(tender.agency, ['procuringEntity'])];
}

/** The sum of the sections' maximum prices (最高投标限价), the upper estimate OCDS asks for in tender.value. */
function totalMaxPrice(tender: TenderView) {
  if (tender.sections.some((s) => s.maxPriceFen === null)) return undefined;
  return value(tender.sections.reduce((sum, s) => sum + BigInt(s.maxPriceFen!), 0n));
}

/**
 * The award criteria: each section (lot) has its own plan, but OCDS 1.1 (core and the lots extension) has one
 * awardCriteria code and one details text, on the tender. The code is the sections' method when they share
 * it, null when they differ; the details give every lot's method, criteria table, formula and committee.
 */
function awardCriteria(tender: TenderView) {
  const methods = new Set(tender.sections.map((s) => s.evaluationPlan.method));
  const [method] = methods;
  return {
    awardCriteria: methods.size === 1 && method ? AWARD_CRITERIA[method] : null,
    awardCriteriaDetails: tender.sections
      .map((s) => `${s.name}（标段编号：${s.code}）\n${evaluationPlanText(s.evaluationPlan)}`)
      .join('\n\n'),
  };
}

/** A snapshot of the tender as an OCDS release at one step of its life. */
export function buildRelease(tender: TenderView, step: ReleaseStep): Release {
  const procuringEntity = tender.agency ?? tender.tenderee;
  const status = TENDER_STATUS[tender.status];
  const { schedule } = tender;
  return {
    ocid: step.ocid,
    id: step.releaseId,
    date: step.date,
    tag: [step.tag],
    initiationType: 'tender',
    language: 'zh',
    parties: parties(tender),
    buyer: { id: orgId(tender.tenderee.uscc), name: tender.tenderee.name },
    tender: {
      id: tender.code,
      title: tender.title,
      description: tender.description,
      status,
      procuringEntity: { id: orgId(procuringEntity.uscc), name: procuringEntity.name },
      value: totalMaxPrice(tender),
      procurementMethod: PROCUREMENT_METHOD[tender.procurementMethod],
      procurementMethodDetails: METHOD_NAMES[tender.procurementMethod],
      mainProcurementCategory: MAIN_CATEGORY[tender.category],
      ...awardCriteria(tender),
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: schedule.documentsFrom, endDate: schedule.bidDeadline },
      enquiryPeriod: { startDate: schedule.documentsFrom, endDate: schedule.clarificationDeadline },
      // Lots extension: one lot per section (标段), each with its own maximum price.
      lots: tender.sections.map((s) => ({
        id: s.code,
        title: s.name,
        status,
        ...(s.maxPriceFen !== null && { value: value(s.maxPriceFen) }),
      })),
      documents: [
        {
          id: 'tender-documents',
          documentType: 'biddingDocuments',
          title: '招标文件',
          url: step.documentsUrl,
          language: 'zh',
        },
      ],
      ...(step.amendments.length > 0 && { amendments: step.amendments }),
    },
  };
}
