import request from 'supertest';
import { bearer } from './api.js';
import type { TestPlatform } from './platform.js';
import type { TenderWorld } from './tenders.js';

/** The public steps of a published tender, driven through the API as its tenderee and a bidder would. */
export interface TenderSteps {
  clarify(
    id: string,
    opts?: { kind?: 'clarification' | 'amendment'; title?: string },
  ): Promise<{ number: number; deadlineMoved: boolean }>;
  suspend(id: string): Promise<string>;
  resume(id: string, objectionId: string): Promise<void>;
  cancel(id: string, reason: string): Promise<void>;
  closeBidding(id: string): Promise<void>;
}

export function tenderSteps(t: TestPlatform, w: TenderWorld): TenderSteps {
  const asTenderee = (path: string) => request(t.app).post(path).set(bearer(w.tenderee.token));
  return {
    async clarify(id, opts = {}) {
      const kind = opts.kind ?? 'clarification';
      const preview = await asTenderee(`/api/v1/tenders/${id}/clarifications/preview`)
        .send({ kind })
        .expect(200);
      const res = await asTenderee(`/api/v1/tenders/${id}/clarifications`)
        .send({
          kind,
          title: opts.title ?? '关于工期的澄清',
          body: '工期以招标文件第三章为准。',
          confirmBidDeadline: preview.body.bidDeadline,
        })
        .expect(201);
      return res.body;
    },
    /** An objection (异议) suspends the tender (SS Art.22); returns the objection's id. */
    async suspend(id) {
      const res = await request(t.app)
        .post(`/api/v1/tenders/${id}/objections`)
        .set(bearer(w.bidder.token))
        .send({ content: '评分标准第二项指向特定品牌，请予澄清。' })
        .expect(201);
      return res.body.id as string;
    },
    async resume(id, objectionId) {
      await asTenderee(`/api/v1/tenders/${id}/objections/${objectionId}/answer`)
        .send({ answer: '已修改评分标准，见变更公告。' })
        .expect(200);
    },
    async cancel(id, reason) {
      await asTenderee(`/api/v1/tenders/${id}/cancellation`).send({ reason }).expect(200);
    },
    /** Moves the clock past the tender's deadline and runs the scheduler's job. */
    async closeBidding(id) {
      const tender = (await request(t.app).get(`/api/v1/tenders/${id}`).expect(200)).body;
      t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 1000));
      await t.platform.tenders.closeDueBidding();
    },
  };
}
