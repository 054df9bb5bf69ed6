/*
 * The record kinds: what platform fact makes each, its legal basis, severity, term and who sees it. The terms
 * are the shortest the cited articles allow where they give a range (取消…一年至二年/二年至五年投标资格), so a
 * supervisor never has to shorten one; docs/domain.md §12 lists them.
 */

export const RECORD_KINDS = [
  'bid-revoked',
  'contract-refused',
  'collusion',
  'collusion-warning',
  'contract-breach',
  'performance-good',
  'complaint-malicious',
  'expert-sanctioned',
  'expert-rated',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** good: a good record (守信); minor / serious: bad records; barring ones also carry `barring`. */
export const SEVERITIES = ['good', 'minor', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

const YEAR_MS = 365 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface KindRule {
  severity: Severity;
  /** A blacklisting (失信惩戒) for its term: bids refused, experts left out of draws. */
  barring: boolean;
  /** Its term from validFrom, in ms; null: no end. */
  termMs: number | null;
  /** The minimum publicity before a repair may be applied for (信用修复), in ms from validFrom. */
  publicityMs: number;
  public: boolean;
  basis: string;
  /** Its name for people, in Chinese and English. */
  zh: string;
  en: string;
}

export const KIND_RULES: Record<RecordKind, KindRule> = {
  'bid-revoked': {
    severity: 'minor',
    barring: false,
    termMs: YEAR_MS,
    publicityMs: 90 * DAY_MS,
    public: true,
    basis: '《电子招标投标办法》第三十一条（因投标人原因造成投标文件未解密的，视为撤销其投标文件）',
    zh: '投标文件视为撤销',
    en: 'Bid deemed revoked (bidder at fault)',
  },
  'contract-refused': {
    severity: 'serious',
    barring: false,
    termMs: 3 * YEAR_MS,
    publicityMs: 180 * DAY_MS,
    public: true,
    basis: '《招标投标法实施条例》第七十四条（中标人无正当理由不与招标人订立合同）',
    zh: '中标人拒不签订合同',
    en: 'Winner refused to sign the contract',
  },
  collusion: {
    severity: 'serious',
    barring: true,
    termMs: YEAR_MS,
    publicityMs: 180 * DAY_MS,
    public: true,
    basis:
      '《招标投标法》第五十三条、第五十四条；《招标投标法实施条例》第六十七条、第六十八条（串通投标、弄虚作假，取消一年至二年投标资格）',
    zh: '串通投标或弄虚作假（立案查处）',
    en: 'Collusion or false material (case opened)',
  },
  'collusion-warning': {
    severity: 'minor',
    barring: false,
    termMs: YEAR_MS,
    publicityMs: 90 * DAY_MS,
    public: false,
    basis: '《招标投标法实施条例》第三十九条至第四十二条（串通投标情形），监督部门警示',
    zh: '串通投标迹象（监督警示）',
    en: 'Collusion indicator (supervisory warning)',
  },
  'complaint-malicious': {
    severity: 'minor',
    barring: false,
    termMs: YEAR_MS,
    publicityMs: 90 * DAY_MS,
    public: true,
    basis:
      '《工程建设项目招标投标活动投诉处理办法》第二十六条（捏造事实、伪造证明材料，属于虚假恶意投诉，驳回投诉并给予警告）；《招标投标法实施条例》第七十七条',
    zh: '虚假恶意投诉',
    en: 'False or malicious complaint',
  },
  'contract-breach': {
    severity: 'serious',
    barring: true,
    termMs: 2 * YEAR_MS,
    publicityMs: 365 * DAY_MS,
    public: true,
    basis: '《招标投标法》第六十条（中标人不履行与招标人订立的合同，情节严重的取消二年至五年投标资格）',
    zh: '因供应商原因解除合同',
    en: 'Contract terminated for the supplier’s breach',
  },
  'performance-good': {
    severity: 'good',
    barring: false,
    termMs: 3 * YEAR_MS,
    publicityMs: 0,
    public: true,
    basis: '《社会信用体系建设规划纲要（2014—2020年）》守信激励；合同按期履约验收',
    zh: '按期履约验收合格',
    en: 'Performance accepted on time',
  },
  'expert-sanctioned': {
    severity: 'serious',
    barring: true,
    termMs: null,
    publicityMs: 180 * DAY_MS,
    public: true,
    basis: '《招标投标法实施条例》第七十一条；《评标专家和评标专家库管理办法》第十五条',
    zh: '评标专家受到处理（暂停或取消资格）',
    en: 'Expert sanctioned (suspended or removed)',
  },
  'expert-rated': {
    severity: 'minor',
    barring: false,
    termMs: YEAR_MS,
    publicityMs: 0,
    public: false,
    basis: '《评标专家和评标专家库管理办法》第十二条（动态考核）',
    zh: '评标专家履职评价',
    en: 'Expert performance rating',
  },
};

/** The indicators whose resolved alerts speak of collusion or false material (docs/domain.md §6). */
export const COLLUSION_INDICATORS: readonly string[] = [
  'same-device',
  'same-ip',
  'upload-cluster',
  'price-steps',
  'price-close',
  'same-file',
  'deemed-collusion',
];

/** The experts' draw threshold below which a rating is a bad record rather than a good one. */
export const RATING_GOOD_FROM = 60;
