import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { TenderView } from '../../tenders/index.js';

interface InstructionFacts {
  code: string;
  reason: string;
  issuedAt: Date;
}

/**
 * 暂停公告 / 恢复公告: the public learns that the supervisory authority suspended or resumed the tender, by
 * which instruction and why, so bidders know why nothing moves (and that deadlines wait for the resumption).
 */
export function instructionNotice(
  kind: 'suspension' | 'resumption',
  tender: TenderView,
  facts: InstructionFacts,
): { title: string; body: string } {
  const suspended = kind === 'suspension';
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    '',
    suspended
      ? `根据监督部门指令（${facts.code}），本项目自${chinaTime(facts.issuedAt.toISOString())}起暂停，暂停期间招标投标活动一律停止办理。`
      : `根据监督部门指令（${facts.code}），本项目自${chinaTime(facts.issuedAt.toISOString())}起恢复，各方可继续办理。`,
    `${suspended ? '暂停' : '恢复'}理由：${facts.reason}`,
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
  ].join('\n');
  return { title: `${tender.title}${suspended ? '暂停公告' : '恢复公告'}`, body };
}
