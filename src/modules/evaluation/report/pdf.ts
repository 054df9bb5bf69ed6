import { chinaTime } from '../../../platform/china/beijing-time.js';
import { fenToYuanGrouped } from '../../../platform/money.js';
import { FONT, PdfCache, renderPdf, type PdfDoc } from '../../../platform/pdf/index.js';
import type { ReportView } from './reports.js';

/** Scores are hundredths of a point: 8550 → "85.50". */
export const points = (hundredths: number | null) =>
  hundredths === null
    ? '—'
    : `${Math.trunc(hundredths / 100)}.${String(Math.abs(hundredths) % 100).padStart(2, '0')}`;
export const yuan = (fen: number) => `${fenToYuanGrouped(fen)} 元`;

const METHOD: Record<string, string> = {
  'lowest-evaluated-price': '经评审的最低投标价法',
  comprehensive: '综合评估法',
};
const OUTCOME: Record<string, string> = { pass: '通过', fail: '未通过', rejected: '否决' };
const VERDICT: Record<string, string> = {
  agree: '同意',
  dissent: '不同意',
  'deemed-agreeing': '未签署，视为同意',
};
const STATE: Record<string, string> = {
  signing: '签署中',
  completed: '已完成',
  superseded: '已被重新评审取代',
};
const GROUP: Record<string, string> = {
  qualification: '资格',
  technical: '技术',
  commercial: '商务',
  price: '价格',
};

/**
 * The report as a PDF in Chinese (the official form, PB Art.42), drawn from the frozen content only: names,
 * 元 and Beijing time, never ids. The document's date is the report's generation, so one report gives one
 * file. The digest is printed so the paper copy can be matched with the signed one.
 */
export function reportPdf(view: ReportView): Promise<Buffer> {
  return rendered.get(view, () => drawReport(view));
}

/** Keyed by the whole view, signatures included: a new signature is a new document. */
const rendered = new PdfCache();

function drawReport(view: ReportView): Promise<Buffer> {
  const c = view.content;
  return renderPdf(
    { Title: `评标报告 ${c.tender.code}`, Author: 'Yangguang', Subject: c.tender.title },
    new Date(view.generatedAt),
    (doc) => {
      doc.font(FONT.bold).fontSize(18).text('评标报告', { align: 'center' });
      doc.moveDown(0.5).font(FONT.regular).fontSize(10);
      line(doc, `报告状态：${STATE[view.state]}\u3000摘要（SHA-256）：${view.digest}`);

      heading(doc, '一、基本情况');
      line(doc, `招标项目：${c.tender.title}（${c.tender.code}）`);
      line(doc, `项目名称：${c.tender.projectName}`);
      line(doc, `标段：${c.tender.sectionName}（${c.tender.sectionCode}）`);
      line(doc, `招标人：${c.tender.tendereeName}`);
      if (c.tender.agencyName) line(doc, `招标代理机构：${c.tender.agencyName}`);
      if (c.tender.maxPriceFen !== null) line(doc, `最高投标限价：${yuan(c.tender.maxPriceFen)}`);
      line(doc, `评标方法：${METHOD[c.method.method] ?? c.method.method}`);
      line(doc, `评标结束时间：${chinaTime(c.concludedAt)}（北京时间）`);

      heading(doc, '二、评标委员会成员');
      for (const m of c.members)
        line(
          doc,
          `${m.name}\u3000${m.kind === 'expert' ? '评标专家' : '招标人代表'}${m.leader ? '\u3000组长' : ''}${m.replaced ? '\u3000（已更换，其意见无效）' : ''}`,
        );

      heading(doc, '三、开标记录');
      for (const b of c.opening)
        line(
          doc,
          `${b.bidderName}\u3000投标报价 ${yuan(b.priceFen)}\u3000递交时间 ${chinaTime(b.receivedAt)}`,
        );

      heading(doc, '四、符合要求的投标与否决投标的理由');
      for (const r of c.review) {
        line(doc, `${r.bidderName}：${OUTCOME[r.outcome]}`);
        if (r.rejection) line(doc, `\u3000\u3000否决理由：${r.rejection.reason}`);
        for (const f of r.failures) line(doc, `\u3000\u3000${f.criterion}（${f.memberName}）：${f.reason}`);
      }

      heading(doc, '五、评标方法与评审标准');
      for (const k of c.method.criteria)
        line(
          doc,
          `${k.name}\u3000${GROUP[k.group] ?? k.group}\u3000${k.kind === 'pass-fail' ? '合格制' : `${k.points} 分`}`,
        );

      heading(doc, '六、投标价格与评分比较');
      for (const r of c.comparison) {
        line(
          doc,
          `${r.bidderName}\u3000报价 ${yuan(r.priceFen)}\u3000价格分 ${points(r.priceScore)}\u3000技术分 ${points(r.technicalScore)}\u3000总分 ${points(r.score)}`,
        );
        if (r.memberTotals.length > 0)
          line(
            doc,
            `\u3000\u3000各成员评分：${r.memberTotals.map((m) => `${m.memberName} ${points(m.totalHundredths)}`).join('，')}`,
          );
      }

      heading(doc, '七、排序');
      for (const r of c.ranking)
        line(
          doc,
          `第${r.rank}名\u3000${r.bidderName}\u3000报价 ${yuan(r.priceFen)}\u3000得分 ${points(r.score)}`,
        );

      heading(doc, '八、推荐的中标候选人');
      c.candidates.forEach((r, i) =>
        line(
          doc,
          `第${i + 1}中标候选人\u3000${r.bidderName}\u3000报价 ${yuan(r.priceFen)}\u3000得分 ${points(r.score)}`,
        ),
      );

      heading(doc, '九、澄清、说明事项纪要');
      if (c.clarifications.length === 0) line(doc, '无');
      for (const q of c.clarifications) {
        line(doc, `${q.bidderName}（${chinaTime(q.askedAt)}，${q.askedBy}提出）：${q.question}`);
        line(
          doc,
          `\u3000\u3000答复：${q.answer ?? '未答复'}${q.answeredAt ? `（${chinaTime(q.answeredAt)}）` : ''}`,
        );
      }

      heading(doc, '十、评标委员会成员签署');
      line(doc, `签署截止：${chinaTime(view.signingDeadline)}（北京时间）`);
      for (const s of view.signatures) {
        const when = s.signedAt ? `\u3000${chinaTime(s.signedAt)}` : '';
        line(doc, `${s.memberName}：${s.verdict ? VERDICT[s.verdict] : '尚未签署'}${when}`);
        if (s.reasons) line(doc, `\u3000\u3000不同意理由：${s.reasons}`);
      }
    },
  );
}

function heading(doc: PdfDoc, text: string) {
  doc.moveDown(0.6).font(FONT.bold).fontSize(12).text(text).font(FONT.regular).fontSize(10).moveDown(0.2);
}

function line(doc: PdfDoc, text: string) {
  doc.text(text);
}
