/**
 * Synthetic tender histories for the supervision benchmark (issue 12): a few hundred bidders bidding for years,
 * some of them in collusion rings, and a ground truth of what was planted in each tender. Deterministic from a
 * seed: the same seed gives the same history, down to every price and second.
 *
 * What is planted, per tender (`planted`, keyed by the indicators of docs/domain.md §6):
 * - ring tenders: 2-5 members of one ring bid together, with some of their ring's tells: one machine compiling
 *   their bids, one office address, deposits paid from one account, a copied file or one author in the files'
 *   metadata, uploads minutes apart at night, and prices agreed (identical, in arithmetic steps, or a cover bid
 *   just above the designated winner); the ring rotates its wins among its members;
 * - special tenders: one red flag each, not a ring: a single bid (or two), every price near the maximum price,
 *   a tender period under 20 days, the lowest bid rejected (or all but the winner), an expert scoring a bid far
 *   off the committee's mean; their winner is one of a few favoured bidders;
 * - clean tenders: honest bidding with the noise that makes real false positives: bidders in one office park
 *   behind one address, a phone carrier's shared address, two honest uploads a minute apart before the
 *   deadline, round prices that meet, a lowest bid rejected for a real defect, the tenderer's blank form
 *   attached unchanged, generic file authors ("Administrator"), a disk model reporting a placeholder serial.
 * Win rates are per bidder: `winRateOutliers` lists the ring members and the favoured bidders.
 */

export const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;
/** Beijing is UTC+8 all year. */
const BEIJING_MS = 8 * HOUR_MS;
/** The first tender is published on this day (UTC midnight), the others every few hours after. */
const START = Date.parse('2024-01-02T00:00:00.000Z');

/** The indicators a history can plant; the benchmark maps them onto the registry's screens. */
export type PlantedIndicator =
  | 'same-device'
  | 'same-ip'
  | 'same-file'
  | 'deemed-collusion'
  | 'upload-cluster'
  | 'price-steps'
  | 'price-close'
  | 'near-budget'
  | 'single-bid'
  | 'short-period'
  | 'lowest-rejected'
  | 'expert-deviation';

export interface SyntheticBidder {
  partyId: string;
  name: string;
  /** Where its staff upload from: its own office address, or the office park's shared one. */
  officeIp: string;
  /** The office park it sits in (its address shared with the park's other tenants), if any. */
  park: number | null;
  /** What its bidding client reports: install id, a network card's hash, a disk's serial. */
  machine: string[];
  deposit: Deposit;
  /** Who writes its bid documents: the files' author and company. */
  author: string;
  ring: string | null;
  favoured: boolean;
}

/** The account a bid deposit (投标保证金) was paid from. */
export interface Deposit {
  bank: string;
  accountName: string;
  accountNumber: string;
}

export interface SyntheticFile {
  name: string;
  sha256: string;
  author: string;
  lastModifiedBy: string;
  company: string;
}

export interface SyntheticBid {
  bidId: string;
  partyId: string;
  name: string;
  /** The bid.submitted event's number. */
  seq: number;
  /** Received, in ms since the epoch. */
  at: number;
  ip: string;
  machine: string[];
  priceFen: number;
  deposit: Deposit;
  /** The project manager (项目经理) the bid form names. */
  projectManager: string;
  files: SyntheticFile[];
  /** Passed the committee's qualification and responsiveness review. */
  qualified: boolean;
}

export interface ExpertScore {
  expertId: string;
  expertName: string;
  bidId: string;
  /** The expert's total for the bid, in hundredths of a point. */
  totalHundredths: number;
}

export interface SyntheticTender {
  index: number;
  tenderId: string;
  title: string;
  sectionId: string;
  publishedAt: number;
  documentsFrom: number;
  bidDeadline: number;
  maxPriceFen: number;
  bids: SyntheticBid[];
  /** The committee's candidates, best first (bid ids); the first one won. */
  candidates: string[];
  winnerPartyId: string | null;
  scores: ExpertScore[];
  /** The tender's events: tender.published, tender.bidding-closed, opening.record-published, evaluation.concluded. */
  seqs: { published: number; biddingClosed: number; recordPublished: number; concluded: number };
  kind: 'clean' | 'ring' | 'special';
  ring: string | null;
  /** What was planted, by indicator, with how (for a reader of a miss). Empty for a clean tender. */
  planted: Partial<Record<PlantedIndicator, string>>;
  /** The honest noise put in on purpose (for a reader of a false positive). */
  noise: string[];
}

export interface Ring {
  id: string;
  members: string[];
  /** The tells this ring leaves, each used in most (not all) of its tenders. */
  tells: PlantedIndicator[];
  price: 'identical' | 'steps' | 'cover' | 'none';
}

export interface SyntheticHistory {
  seed: number;
  bidders: SyntheticBidder[];
  rings: Ring[];
  tenders: SyntheticTender[];
  /** Bidders whose win rate was made abnormal: ring members (rotating wins) and favoured bidders. */
  winRateOutliers: string[];
}

export interface HistoryOptions {
  tenders?: number;
  seed?: number;
  /** Bids of an honest tender, on average (default 10). */
  bidsPerTender?: number;
  /** Size of the bidder pool (default 300). */
  bidders?: number;
}

/** sfc32 seeded through splitmix32: small, fast, and the same numbers on every machine. */
export function randomSource(seed: number) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  const rng = {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    hex: (chars: number) => {
      let out = '';
      while (out.length < chars)
        out += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      return out.slice(0, chars);
    },
    /** k distinct items, in random order. */
    sample: <T>(items: readonly T[], k: number): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, k);
    },
  };
  return rng;
}
type Rng = ReturnType<typeof randomSource>;

const CITIES = [
  '杭州',
  '宁波',
  '温州',
  '绍兴',
  '湖州',
  '嘉兴',
  '金华',
  '台州',
  '衢州',
  '丽水',
  '舟山',
  '义乌',
];
const SYLLABLES = [...'恒信达华建鑫瑞宏泰远盛通安德永汇正海天源中兴隆昌丰茂江浙新立诚宇'];
const TRADES = [
  '建设工程',
  '建筑工程',
  '市政工程',
  '路桥工程',
  '水利水电工程',
  '装饰工程',
  '园林绿化工程',
  '电力工程',
  '机电安装工程',
  '环境工程',
];
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玲斌文辉鹏宇浩'];
const BANKS = [
  '中国工商银行',
  '中国建设银行',
  '中国农业银行',
  '中国银行',
  '交通银行',
  '浙江农商银行',
  '杭州银行',
];
const PROJECTS = [
  '道路改造',
  '排水管网',
  '学校新建',
  '河道整治',
  '安置房',
  '公园绿化',
  '桥梁加固',
  '污水处理',
];
/** What honest authors' copies of Office report: shared by strangers, meaningless as evidence. */
const GENERIC_AUTHORS = ['Administrator', 'user', '微软用户', 'User'];
/** A placeholder serial a cheap disk model reports: shared by strangers' machines. */
const PLACEHOLDER_DISK = 'disk:0000_0000_0000_0001';

const person = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
const ipv4 = (rng: Rng, first: number) => `${first}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

function makeBidders(rng: Rng, count: number): SyntheticBidder[] {
  const parks = Array.from({ length: 10 }, () => ipv4(rng, 58));
  const names = new Set<string>();
  const bidders: SyntheticBidder[] = [];
  for (let n = 0; bidders.length < count; n++) {
    const name =
      rng.pick(CITIES) + rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + rng.pick(TRADES) + rng.pick(SUFFIXES);
    if (names.has(name)) continue;
    names.add(name);
    const park = rng.chance(0.2) ? rng.int(0, parks.length - 1) : null;
    const disk = rng.chance(0.01) ? PLACEHOLDER_DISK : `disk:${rng.hex(16).toUpperCase()}`;
    bidders.push({
      partyId: `party-${String(bidders.length + 1).padStart(4, '0')}`,
      name,
      officeIp: park === null ? ipv4(rng, rng.pick([60, 101, 115, 183, 218, 222])) : parks[park]!,
      park,
      machine: [`device:${rng.hex(32)}`, `mac:${rng.hex(16)}`, disk],
      deposit: {
        bank: rng.pick(BANKS),
        accountName: name,
        accountNumber: `6222${String(rng.int(0, 999_999_999_999_999)).padStart(15, '0')}`,
      },
      author: rng.chance(0.15) ? rng.pick(GENERIC_AUTHORS) : person(rng),
      ring: null,
      favoured: false,
    });
  }
  return bidders;
}

/** A time of day in Beijing on the day of `dayStart` (UTC midnight of the Beijing date), in ms. */
const beijing = (dayStart: number, hours: number) => dayStart - BEIJING_MS + Math.round(hours * 3600) * 1000;

/** An honest upload time: days before the deadline in working hours, the evening before, or the last morning. */
function honestUploadAt(rng: Rng, deadlineDay: number, deadline: number): number {
  const r = rng.next();
  if (r < 0.4) return beijing(deadlineDay - rng.int(1, 5) * DAY_MS, rng.between(9, 17.5));
  if (r < 0.7) return beijing(deadlineDay - DAY_MS, rng.between(18, 23));
  return Math.min(deadline - 60_000, beijing(deadlineDay, rng.between(7, 9.45)));
}

/** Rounds an honest price as people do: to the yuan mostly, to 1,000 or 10,000 yuan by some. */
function honestRound(rng: Rng, fen: number): number {
  const r = rng.next();
  const unit = r < 0.6 ? 100 : r < 0.85 ? 100_000 : 1_000_000;
  return Math.max(unit, Math.round(fen / unit) * unit);
}

interface Draft {
  bidder: SyntheticBidder;
  priceFen: number;
  at: number;
  ip: string;
  machine: string[];
  deposit: Deposit;
  projectManager: string;
  files: SyntheticFile[];
  qualified: boolean;
}

export function generateHistory(options: HistoryOptions = {}): SyntheticHistory {
  const seed = options.seed ?? 1;
  const count = options.tenders ?? 2000;
  const meanBids = options.bidsPerTender ?? 10;
  const rng = randomSource(seed);
  const bidders = makeBidders(rng, options.bidders ?? 300);
  const byId = new Map(bidders.map((b) => [b.partyId, b]));

  // Rings: about one bidder in twelve, in groups of 2-5; a ring's organiser lends its machine, address, account.
  const rings: Ring[] = [];
  const free = rng.sample(bidders, bidders.length);
  const ringCount = Math.max(2, Math.round(bidders.length / 36));
  for (let r = 0; r < ringCount; r++) {
    const members = free.splice(0, rng.int(2, 5));
    const id = `ring-${r + 1}`;
    for (const m of members) m.ring = id;
    const optional: PlantedIndicator[] = [
      'same-device',
      'same-ip',
      'deemed-collusion',
      'same-file',
      'upload-cluster',
    ];
    const tells = optional.filter(() => rng.chance(0.45));
    while (tells.length < 2) {
      const extra = rng.pick(optional);
      if (!tells.includes(extra)) tells.push(extra);
    }
    const price = rng.pick(['identical', 'steps', 'cover', 'cover', 'none'] as const);
    rings.push({ id, members: members.map((m) => m.partyId), tells, price });
  }
  const favoured = free.splice(0, 4);
  for (const f of favoured) f.favoured = true;
  // Honest activity is uneven: a few bid everywhere, most now and then (weights ~ 1/rank).
  const honest = bidders.filter((b) => !b.ring && !b.favoured);
  const weights = honest.map((_, i) => 1 / (1 + i / 20));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const drawHonest = (exclude: Set<string>): SyntheticBidder => {
    for (;;) {
      let x = rng.next() * totalWeight;
      let i = 0;
      while (x > weights[i]! && i < honest.length - 1) x -= weights[i++]!;
      if (!exclude.has(honest[i]!.partyId)) return honest[i]!;
    }
  };
  const experts = Array.from({ length: 60 }, (_, i) => ({ id: `expert-${i + 1}`, name: person(rng) }));
  const ringWins = new Map<string, number>();

  let seq = 0;
  const tenders: SyntheticTender[] = [];
  for (let index = 0; index < count; index++) {
    const r = rng.next();
    const kind: SyntheticTender['kind'] = r < 0.22 ? 'ring' : r < 0.37 ? 'special' : 'clean';
    const special =
      kind === 'special'
        ? rng.pick([
            'single-bid',
            'near-budget',
            'short-period',
            'lowest-rejected',
            'expert-deviation',
          ] as const)
        : null;
    const planted: SyntheticTender['planted'] = {};
    const noise: string[] = [];
    const tenderId = `tender-${String(index + 1).padStart(5, '0')}`;
    const sectionId = `${tenderId}-s1`;
    const publishedAt = START + index * 3 * HOUR_MS + rng.int(0, 7200) * 1000;
    const documentsFrom = publishedAt + (rng.chance(0.3) ? DAY_MS : 0);
    let periodDays: number;
    if (special === 'short-period') {
      // The deadline's day rounds the period up by less than a day: still under 20.
      periodDays = rng.between(7, 18.5);
    } else periodDays = rng.chance(0.1) ? 20 : rng.int(21, 35);
    // The deadline at 09:30 Beijing on the day the period ends (never earlier than the period allows).
    const lastDay =
      Math.ceil((documentsFrom + periodDays * DAY_MS + BEIJING_MS - 9.5 * HOUR_MS) / DAY_MS) * DAY_MS;
    const bidDeadline = beijing(lastDay, 9.5);
    const actualDays = (bidDeadline - Math.max(publishedAt, documentsFrom)) / DAY_MS;
    if (special === 'short-period') planted['short-period'] = `${actualDays.toFixed(1)} days`;
    const maxPriceFen = Math.round(Math.exp(rng.between(Math.log(5e7), Math.log(5e9))) / 100_000) * 100_000;
    const estimate = maxPriceFen * rng.between(0.85, 0.95);
    const title = `${rng.pick(CITIES)}${rng.pick(PROJECTS)}工程（${index + 1}）`;
    const templateHash = rng.hex(64);
    const templateFile = (author: string, company: string): SyntheticFile => ({
      name: '投标函格式.docx',
      sha256: templateHash,
      author,
      lastModifiedBy: author,
      company,
    });

    const honestDraft = (bidder: SyntheticBidder): Draft => {
      let price = estimate * Math.exp(0.05 * rng.normal());
      if (price > maxPriceFen) price = maxPriceFen * rng.between(0.97, 0.999);
      const mobile = rng.chance(0.08);
      const files: SyntheticFile[] = [
        {
          name: '投标文件.pdf',
          sha256: rng.hex(64),
          author: bidder.author,
          lastModifiedBy: bidder.author,
          company: bidder.name,
        },
        {
          name: '技术标.docx',
          sha256: rng.hex(64),
          author: bidder.author,
          lastModifiedBy: bidder.author,
          company: bidder.name,
        },
      ];
      if (rng.chance(0.06)) files.push(templateFile('', ''));
      return {
        bidder,
        priceFen: honestRound(rng, price),
        at: honestUploadAt(rng, lastDay, bidDeadline),
        // A phone carrier's NAT: a small pool of addresses shared by strangers.
        ip: mobile ? `117.136.${rng.int(0, 3)}.${rng.int(1, 12)}` : bidder.officeIp,
        machine: bidder.machine,
        deposit: bidder.deposit,
        projectManager: person(rng),
        files,
        qualified: !rng.chance(0.04),
      };
    };

    let drafts: Draft[] = [];
    let ring: Ring | null = null;
    let designated: string | null = null;
    if (kind === 'ring') {
      ring = rng.pick(rings);
      const members = ring.members.map((id) => byId.get(id)!);
      const present =
        members.length <= 2
          ? members
          : rng.sample(members, rng.int(Math.max(2, members.length - 1), members.length));
      // The member with the fewest wins takes this one: rotation.
      const winner = [...present].sort(
        (a, b) =>
          (ringWins.get(a.partyId) ?? 0) - (ringWins.get(b.partyId) ?? 0) ||
          a.partyId.localeCompare(b.partyId),
      )[0]!;
      designated = winner.partyId;
      const organiser = byId.get(ring.members[0]!)!;
      // A third of its tenders the ring has to itself; in the others honest outsiders bid too.
      const outsiders = rng.chance(0.35) ? 0 : rng.int(2, Math.max(2, meanBids + 2 - present.length));
      const taken = new Set(ring.members);
      const outsiderDrafts: Draft[] = [];
      for (let i = 0; i < outsiders; i++) {
        const b = drawHonest(taken);
        taken.add(b.partyId);
        outsiderDrafts.push(honestDraft(b));
      }
      // The ring's winner undercuts every outsider (it knows the market); the covers go above it.
      const lowestOutsider = Math.min(...outsiderDrafts.map((d) => d.priceFen), estimate);
      const winPrice = Math.round((lowestOutsider * rng.between(0.97, 0.995)) / 100) * 100;
      const covers = present.filter((m) => m !== winner);
      const used = (tell: PlantedIndicator) => ring!.tells.includes(tell) && rng.chance(0.85);
      const device = used('same-device');
      const sharedIp = used('same-ip');
      const deposit = used('deemed-collusion');
      // Now and then the ring's paperwork also names one project manager in two bids (SS Art.40 (三)).
      const sharedManager = deposit && present.length >= 2 && rng.chance(0.3) ? person(rng) : null;
      const sameFile = used('same-file');
      const cluster = used('upload-cluster');
      const nightStart = beijing(lastDay - DAY_MS, rng.between(1, 3));
      let clock = nightStart;
      const stepFen = Math.round((winPrice * rng.between(0.005, 0.02)) / 10_000) * 10_000;
      const copiedHash = rng.hex(64);
      const ringDrafts = [winner, ...covers].map((m, k): Draft => {
        const draft = honestDraft(m);
        if (ring!.price === 'identical')
          draft.priceFen =
            k === 0 ? winPrice : k === 1 ? winPrice + stepFen : winPrice + stepFen + rng.int(1, 50) * 10_000;
        else if (ring!.price === 'steps') draft.priceFen = winPrice + k * stepFen;
        else if (ring!.price === 'cover')
          draft.priceFen =
            k === 0
              ? winPrice
              : k === 1
                ? Math.round((winPrice * rng.between(1.002, 1.008)) / 100) * 100
                : Math.round((winPrice * rng.between(1.02, 1.06)) / 100) * 100;
        else
          draft.priceFen = k === 0 ? winPrice : Math.round((winPrice * rng.between(1.015, 1.08)) / 100) * 100;
        draft.qualified = true;
        // The designated winner's staff compile the covers' bids too.
        if (device) draft.machine = winner.machine;
        if (sharedIp) draft.ip = organiser.officeIp;
        if (deposit) draft.deposit = organiser.deposit;
        if (sharedManager && k < 2) draft.projectManager = sharedManager;
        if (sameFile) {
          draft.files[1] = { ...draft.files[1]!, sha256: copiedHash };
          draft.files[0] = { ...draft.files[0]!, author: organiser.author, lastModifiedBy: organiser.author };
        }
        if (cluster) {
          draft.at = clock;
          clock += rng.int(10, 180) * 1000;
        }
        return draft;
      });
      if (ring.price === 'identical') {
        // Two of the covers at one price (copied from one sheet), above the winner.
        if (ringDrafts.length >= 3) ringDrafts[2]!.priceFen = ringDrafts[1]!.priceFen;
        else ringDrafts[1]!.priceFen = ringDrafts[0]!.priceFen;
      }
      drafts = [...ringDrafts, ...outsiderDrafts];
      // A ring bidding alone with two members leaves the tender short of competition too.
      if (drafts.length < 3) planted['single-bid'] = `only the ring’s ${drafts.length} bids`;
      const also = (tell: PlantedIndicator, on: boolean, how: string) => {
        if (on) planted[tell] = how;
      };
      also('same-device', device && ringDrafts.length >= 2, 'covers uploaded from the organiser’s machine');
      also('same-ip', sharedIp, 'uploads from the organiser’s office address');
      also(
        'deemed-collusion',
        deposit,
        `deposits paid from the organiser’s account${sharedManager ? ', one project manager named twice' : ''}`,
      );
      also('same-file', sameFile, 'one technical proposal copied; one author in the files');
      also('upload-cluster', cluster, 'uploads 10-180 s apart between 01:00 and 04:00 Beijing time');
      also(
        'price-steps',
        ring.price === 'identical' || (ring.price === 'steps' && ringDrafts.length >= 3),
        `${ring.price} prices`,
      );
      // The cover is the runner-up unless an outsider came in between: then there is no close pair to find.
      const distinct = [...new Set(drafts.map((d) => d.priceFen))].sort((a, b) => a - b);
      const coverIsSecond =
        ringDrafts.length >= 2 && distinct[0] === winPrice && distinct[1] === ringDrafts[1]!.priceFen;
      also(
        'price-close',
        ring.price === 'cover' && coverIsSecond,
        'a cover bid 0.2-0.8 % above the designated winner',
      );
    } else if (special === 'single-bid') {
      const n = rng.chance(0.6) ? 1 : 2;
      drafts = [honestDraft(rng.pick(favoured))];
      if (n === 2) drafts.push(honestDraft(drawHonest(new Set([drafts[0]!.bidder.partyId]))));
      for (const d of drafts) d.qualified = true;
      planted['single-bid'] = `${n} bid${n === 1 ? '' : 's'}`;
    } else {
      const n =
        special === 'near-budget'
          ? rng.int(3, 5)
          : Math.max(3, Math.round(meanBids + 1.5 + 2.5 * rng.normal()));
      const taken = new Set<string>();
      const first = special ? rng.pick(favoured) : null;
      if (first) taken.add(first.partyId);
      while (taken.size < n) taken.add(drawHonest(taken).partyId);
      drafts = [...taken].map((id) => honestDraft(byId.get(id)!));
      if (special === 'near-budget') {
        // The favourite knew the budget and so did the others: nobody bid more than 2 % under it.
        drafts.forEach((d, k) => {
          d.priceFen =
            Math.round(
              (maxPriceFen * (k === 0 ? rng.between(0.982, 0.997) : rng.between(0.985, 0.9995))) / 100,
            ) * 100;
          d.qualified = true;
        });
        planted['near-budget'] = 'every price within 1.8 % under the maximum price';
      }
      if (special === 'lowest-rejected' || special === 'expert-deviation' || special === 'short-period') {
        for (const d of drafts) d.qualified = true;
      }
    }

    // Stream order: the uploads in time order, each an event.
    drafts.sort((a, b) => a.at - b.at);
    const publishedSeq = ++seq;
    const bids: SyntheticBid[] = drafts.map((d, k) => ({
      bidId: `${tenderId}-b${String(k + 1).padStart(3, '0')}`,
      partyId: d.bidder.partyId,
      name: d.bidder.name,
      seq: ++seq,
      at: d.at,
      ip: d.ip,
      machine: d.machine,
      priceFen: d.priceFen,
      deposit: d.deposit,
      projectManager: d.projectManager,
      files: d.files,
      qualified: d.qualified,
    }));
    const biddingClosed = ++seq;
    const recordPublished = ++seq;
    const concluded = ++seq;

    // The committee: lowest qualified price wins (经评审的最低投标价法); the special cases bend it.
    const byPrice = [...bids].sort((a, b) => a.priceFen - b.priceFen || a.seq - b.seq);
    if (special === 'lowest-rejected' && bids.length >= 2) {
      if (rng.chance(0.3)) {
        const keep = bids.find((b) => byId.get(b.partyId)!.favoured) ?? byPrice[1]!;
        for (const b of bids) b.qualified = b === keep;
        planted['lowest-rejected'] = 'every bid but the favourite’s disqualified';
      } else {
        const lowest = byPrice.filter((b) => b.priceFen === byPrice[0]!.priceFen);
        for (const b of lowest) b.qualified = false;
        planted['lowest-rejected'] = 'the lowest bid disqualified on a pretext';
      }
    }
    let ranked = byPrice.filter((b) => b.qualified);
    if (special && special !== 'lowest-rejected' && ranked.length > 0) {
      // A favoured bidder wins the special tenders: moved to the top.
      const fav = ranked.find((b) => byId.get(b.partyId)!.favoured);
      if (fav) ranked = [fav, ...ranked.filter((b) => b !== fav)];
    }
    if (designated) {
      const ringWinner = ranked.find((b) => b.partyId === designated);
      if (ringWinner) ranked = [ringWinner, ...ranked.filter((b) => b !== ringWinner)];
    }
    const candidates = ranked.slice(0, 3).map((b) => b.bidId);
    const winnerPartyId = ranked[0]?.partyId ?? null;
    if (ring && winnerPartyId) ringWinsAdd(ringWins, winnerPartyId);
    const lowestBids = byPrice.filter((b) => b.priceFen === byPrice[0]!.priceFen);
    if (!planted['lowest-rejected'] && bids.length >= 2 && candidates.length > 0) {
      if (!lowestBids.some((b) => candidates.includes(b.bidId)))
        noise.push('the lowest bid rejected for a real defect');
      if (candidates.length === 1) noise.push('all but one bid rejected for real defects');
    }

    // Five experts score every bid; their totals agree within a few points, but for one planted outlier.
    const panel = rng.sample(experts, 5);
    const scores: ExpertScore[] = [];
    const outlier =
      special === 'expert-deviation' ? { expert: rng.int(0, 4), bid: rng.pick(bids).bidId } : null;
    for (const b of bids) {
      const quality = 75 + 8 * rng.normal();
      for (const [e, expert] of panel.entries()) {
        // Honest experts agree within a few points; now and then one reads a criterion differently.
        let total = quality + 2.5 * rng.normal() + (rng.chance(0.005) ? 8 * rng.normal() : 0);
        if (outlier && outlier.expert === e && outlier.bid === b.bidId) {
          // 30-45 % off the others: far enough to stay over 20 % off the mean it is part of.
          const off = rng.between(0.3, 0.45);
          total = quality * (quality * (1 + off) <= 100 ? 1 + off : 1 - off);
        }
        total = Math.min(100, Math.max(0, total));
        scores.push({
          expertId: expert.id,
          expertName: expert.name,
          bidId: b.bidId,
          totalHundredths: Math.round(total * 100),
        });
      }
    }
    if (outlier)
      planted['expert-deviation'] = `${panel[outlier.expert]!.name} 20 points off the others on one bid`;

    if (kind === 'clean') describeNoise(bids, noise);
    tenders.push({
      index,
      tenderId,
      title,
      sectionId,
      publishedAt,
      documentsFrom,
      bidDeadline,
      maxPriceFen,
      bids,
      candidates,
      winnerPartyId,
      scores,
      seqs: { published: publishedSeq, biddingClosed, recordPublished, concluded },
      kind,
      ring: ring?.id ?? null,
      planted,
      noise,
    });
  }
  const winRateOutliers = [...rings.flatMap((r) => r.members), ...favoured.map((f) => f.partyId)].sort();
  return { seed, bidders, rings, tenders, winRateOutliers };
}

function ringWinsAdd(wins: Map<string, number>, partyId: string) {
  wins.set(partyId, (wins.get(partyId) ?? 0) + 1);
}

/** Names the honest coincidences of a clean tender, so a false positive can be read against them. */
function describeNoise(bids: SyntheticBid[], noise: string[]) {
  const shared = (key: (b: SyntheticBid) => string[]) => {
    const owners = new Map<string, Set<string>>();
    for (const b of bids) for (const k of key(b)) owners.set(k, (owners.get(k) ?? new Set()).add(b.partyId));
    return [...owners.entries()].filter(([, s]) => s.size >= 2).map(([k]) => k);
  };
  if (shared((b) => [b.ip]).length) noise.push('bidders behind one office-park or carrier address');
  if (shared((b) => b.machine).length) noise.push('a placeholder disk serial on two machines');
  if (shared((b) => [String(b.priceFen)]).length) noise.push('round prices that meet');
  if (shared((b) => [b.projectManager]).length) noise.push('two project managers of one common name');
  if (shared((b) => b.files.map((f) => f.sha256)).length) noise.push('the blank form attached unchanged');
  const times = bids.map((b) => b.at).sort((a, b) => a - b);
  if (times.some((t, i) => i > 0 && t - times[i - 1]! <= 60_000)) noise.push('two uploads within a minute');
}

/** One honest opening of exactly `bids` bids, with its noise: the benchmark's single-opening case. */
export function generateOpening(bids: number, seed = 1): SyntheticTender {
  for (let s = seed; ; s++) {
    const history = generateHistory({ tenders: 40, seed: s, bidsPerTender: bids, bidders: bids * 4 });
    const tender = history.tenders.find((t) => t.kind === 'clean' && t.bids.length >= bids);
    if (!tender) continue;
    const kept = tender.bids.slice(0, bids);
    const ids = new Set(kept.map((b) => b.bidId));
    return {
      ...tender,
      bids: kept,
      candidates: tender.candidates.filter((id) => ids.has(id)),
      scores: tender.scores.filter((s) => ids.has(s.bidId)),
    };
  }
}
