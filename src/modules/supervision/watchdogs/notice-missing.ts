import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { CheckPayload, Watchdog, WatchdogFinding } from './kinds.js';

/** A notice a step of the tender owes the public: its kind and number (a clarification's, a section's position). */
interface NoticeCheck extends CheckPayload {
  step: 'tender' | 'clarification' | 'cancellation' | 'opening';
  number: number;
  at: string;
}

const STEP_NAMES: Record<NoticeCheck['step'], string> = {
  tender: 'tender notice (招标公告)',
  clarification: 'clarification notice (澄清公告, ZB Art.23)',
  cancellation: 'cancellation notice (终止公告)',
  opening: 'opening record (开标记录, EB Art.32) or failure notice (流标公告, SS Art.44)',
};

/**
 * Notices missing: every public step of a tender owes a notice (publication, each clarification, a
 * cancellation, each section's opening record or failure notice). The publication module writes them in the
 * step's own transaction; this watchdog checks, a grace time after the step, that they are there (a notice
 * lost or removed out of band, or a step whose notice never came, is a transparency failure).
 */
export const noticeMissing: Watchdog<NoticeCheck> = {
  kind: 'notice-missing',
  triggers: ['tender.published', 'tender.clarified', 'tender.cancelled', 'tender.opening-started'],
  plan(event, _reads, settings) {
    const due = (grace: number) => new Date(event.at.getTime() + grace);
    const plan = (step: NoticeCheck['step'], number: number, grace: number) => {
      const tenderId = event.tenderId!;
      const payload = { tenderId, step, number, at: event.at.toISOString(), seq: event.seq };
      return [{ key: `${step}:${tenderId}:${number}`, runAt: due(grace), payload }];
    };
    switch (event.type) {
      case 'tender.published':
        return Promise.resolve(plan('tender', 1, settings.noticeGraceMs));
      case 'tender.clarified':
        return Promise.resolve(plan('clarification', event.data.number, settings.noticeGraceMs));
      case 'tender.cancelled':
        return Promise.resolve(plan('cancellation', 1, settings.noticeGraceMs));
      case 'tender.opening-started':
        return Promise.resolve(plan('opening', 0, settings.openingRecordGraceMs));
      default:
        return Promise.resolve([]);
    }
  },
  async check(check, reads) {
    const tender = await reads.tender(check.tenderId);
    if (!tender?.publishedAt) return [];
    const notices = await reads.notices(check.tenderId);
    const has = (kinds: string[], number: number) =>
      notices.some((n) => kinds.includes(n.kind) && n.number === number);
    const about = { tenderCode: tender.code, tenderTitle: tender.title, step: check.step, stepAt: check.at };
    const missing = (identity: string, what: string, sectionId: string | null): WatchdogFinding => ({
      indicator: 'notice-missing',
      severity: 'warning',
      sectionId,
      identity,
      summary: `No ${what} was published for the step of ${chinaTime(check.at)}`,
      seqs: [check.seq],
      details: about,
    });
    if (check.step !== 'opening') {
      if (has([check.step], check.number)) return [];
      const what =
        check.step === 'clarification'
          ? `${STEP_NAMES.clarification} for clarification ${check.number}`
          : STEP_NAMES[check.step];
      return [missing(`${check.step}:${check.number}`, what, null)];
    }
    // The opening: one record or failure notice per section, numbered by the section's position.
    if (tender.status === 'cancelled') return [];
    return tender.sections.flatMap((section, i) =>
      has(['opening-record', 'failure'], i + 1)
        ? []
        : [missing(`opening:${section.id}`, `${STEP_NAMES.opening} for ${section.name}`, section.id)],
    );
  },
};
