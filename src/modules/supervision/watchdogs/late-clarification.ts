import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { AnyEnvelope } from '../../../platform/events.js';
import { DAY_MS, type Watchdog, type WatchdogFinding } from './kinds.js';

const days = (ms: number) => Math.floor((ms / DAY_MS) * 10) / 10;

/**
 * ZB Art.23, SS Art.21 (docs/domain.md §2): a clarification or amendment reaches bidders at least 15 days
 * before the bid deadline, else the deadline moves out. The tenders and documents modules enforce it when
 * the change is made; this watchdog looks at what actually happened:
 * - as a clarification goes out, a deadline it moved is told to supervisors (info: bidders must notice it);
 * - at the bid deadline (when the facts are final), a clarification or an amended document that reached
 *   bidders less than the limit before the deadline that held is a critical finding (it bypassed the rule).
 * A check due at a deadline that has since moved finds nothing: the move scheduled a check at the new one.
 */
export const lateClarification: Watchdog = {
  kind: 'late-clarification',
  triggers: ['tender.clarified', 'tender.document-uploaded'],
  async plan(event, reads) {
    if (event.type !== 'tender.clarified' && event.type !== 'tender.document-uploaded') return [];
    const tenderId = event.data.tenderId;
    const tender = await reads.tender(tenderId);
    if (!tender?.publishedAt) return []; // a draft's documents change freely
    const deadline = new Date(tender.schedule.bidDeadline);
    const payload = { tenderId, seq: event.seq };
    const atDeadline = { key: `${tenderId}:${deadline.getTime()}`, runAt: deadline, payload };
    if (event.type !== 'tender.clarified') return [atDeadline];
    return [{ key: `${tenderId}:c${event.data.number}`, runAt: event.at, payload }, atDeadline];
  },
  async check({ tenderId }, reads, now, settings) {
    const tender = await reads.tender(tenderId);
    if (!tender?.publishedAt) return [];
    const limitMs = settings.clarificationNoticeDays * DAY_MS;
    const deadline = Date.parse(tender.schedule.bidDeadline);
    const final = now.getTime() >= deadline;
    const stream = await reads.events(tenderId, ['tender.clarified', 'tender.document-uploaded']);
    const clarifiedSeq = (n: number) =>
      stream.find((e) => e.type === 'tender.clarified' && e.data.number === n)?.seq;
    const about = { tenderCode: tender.code, tenderTitle: tender.title };
    const findings: WatchdogFinding[] = [];
    for (const c of tender.clarifications) {
      const issued = Date.parse(c.publishedAt);
      const seqs = [clarifiedSeq(c.number)].filter((s): s is number => s !== undefined);
      const previous = Date.parse(c.previousBidDeadline);
      if (final && deadline - issued < limitMs) {
        findings.push({
          indicator: 'late-clarification',
          severity: 'critical',
          sectionId: null,
          identity: `clarification:${c.number}`,
          summary:
            `Clarification ${c.number} (${c.title}) reached bidders on ${chinaTime(c.publishedAt)}, ` +
            `${days(deadline - issued)} days before the bid deadline ${chinaTime(tender.schedule.bidDeadline)}, ` +
            `which was not moved out to ${settings.clarificationNoticeDays} days after it`,
          seqs,
          details: {
            ...about,
            number: c.number,
            publishedAt: c.publishedAt,
            bidDeadline: tender.schedule.bidDeadline,
          },
        });
      } else if (Date.parse(c.bidDeadline) > previous && previous - issued < limitMs) {
        findings.push({
          indicator: 'late-clarification',
          severity: 'info',
          sectionId: null,
          identity: `moved:${c.number}`,
          summary:
            `Clarification ${c.number} (${c.title}) came ${days(previous - issued)} days before the bid deadline ` +
            `${chinaTime(c.previousBidDeadline)} and moved it to ${chinaTime(c.bidDeadline)}`,
          seqs,
          details: {
            ...about,
            number: c.number,
            publishedAt: c.publishedAt,
            previousBidDeadline: c.previousBidDeadline,
            bidDeadline: c.bidDeadline,
          },
        });
      }
    }
    if (final)
      findings.push(...lateDocuments(stream, Date.parse(tender.publishedAt), deadline, limitMs, about));
    return findings;
  },
};

/** Document versions uploaded after publication (they reach bidders at once) too close to the deadline. */
function lateDocuments(
  stream: AnyEnvelope[],
  publishedAt: number,
  deadline: number,
  limitMs: number,
  about: { tenderCode: string; tenderTitle: string },
): WatchdogFinding[] {
  const out: WatchdogFinding[] = [];
  for (const e of stream) {
    if (e.type !== 'tender.document-uploaded') continue;
    const at = e.at.getTime();
    if (at <= publishedAt || deadline - at >= limitMs) continue;
    out.push({
      indicator: 'late-clarification',
      severity: 'critical',
      sectionId: null,
      identity: `document:${e.data.documentId}:${e.data.version}`,
      summary:
        `Version ${e.data.version} of the document ${e.data.name} reached bidders on ${chinaTime(e.at.toISOString())}, ` +
        `${days(deadline - at)} days before the bid deadline ${chinaTime(new Date(deadline).toISOString())}`,
      seqs: [e.seq],
      details: { ...about, name: e.data.name, version: e.data.version, amendment: e.data.amendment },
    });
  }
  return out;
}
