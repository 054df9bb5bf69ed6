/**
 * Simplified Chinese: the default language and the reference key set. `en.ts` is typed with `Messages`,
 * so the compiler rejects a missing or an extra key there.
 */
import { zhCNAward } from './zh-CN-award.js';
import { zhCNContract } from './zh-CN-contract.js';
import { zhCNCredit } from './zh-CN-credit.js';
import { zhCNReport } from './zh-CN-report.js';
import { zhCNBids } from './zh-CN-bids.js';
import { zhCNCustody } from './zh-CN-custody.js';
import { zhCNEvaluation } from './zh-CN-evaluation.js';
import { zhCNExperts } from './zh-CN-experts.js';
import { zhCNInstructions } from './zh-CN-instructions.js';
import { zhCNOpening } from './zh-CN-opening.js';
import { zhCNPages } from './zh-CN-pages.js';
import { zhCNPortal } from './zh-CN-portal.js';
import { zhCNRoles } from './zh-CN-roles.js';
import { zhCNSupervision } from './zh-CN-supervision.js';
import { zhCNSupervisionDigest } from './zh-CN-supervision-digest.js';
import { zhCNComplaints } from './zh-CN-complaints.js';
import { zhCNSupervisionTender } from './zh-CN-supervision-tender.js';
import { zhCNTenders } from './zh-CN-tenders.js';

const zhCNBase = {
  'app.name': '阳光公共资源交易平台',
  'app.footer': '阳光公共资源交易平台 · 公开 公平 公正',
  'lang.switch': 'English',
  'lang.switchTitle': 'Switch to English',

  'nav.parties': '主体管理',
  'nav.users': '用户',
  'nav.myParty': '我的主体',
  'nav.tenders': '招标项目',
  'nav.bids': '投标',
  'nav.evaluations': '我的评标',
  'nav.supervisedParties': '主体',
  'nav.supervision': '监督',
  'nav.custody': '密钥托管',

  'role.admin': '平台管理员',
  'role.tenderee': '招标人',
  'role.agency': '招标代理机构',
  'role.bidder': '投标人',
  'role.expert': '评标专家',
  'role.supervisor': '监督人员',
  'role.custodian': '密钥托管人',

  'kind.tenderee': '招标人',
  'kind.agency': '招标代理机构',
  'kind.bidder': '投标人',
  'kind.intermediary': '中介服务机构',

  'status.pending': '待审核',
  'status.verified': '已审核',
  'status.rejected': '已驳回',

  'common.all': '全部',
  'common.loading': '正在加载…',
  'common.cancel': '取消',
  'common.optional': '{label}（选填）',

  'login.title': '用户登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.noAccount': '还没有账号？',
  'login.registerLink': '主体注册',
  'login.missing': '请输入用户名和密码',
  'header.logout': '退出登录',
  'header.register': '注册',
  'header.login': '登录',

  'home.welcome': '欢迎，{name}',
  'home.intro': '请从左侧导航选择要办理的业务。',

  'placeholder.body': '该功能即将上线，敬请期待。',

  'myParty.title': '我的主体',
  'myParty.none': '当前账号未关联市场主体。',

  'parties.title': '主体管理',
  'parties.filterStatus': '审核状态',
  'parties.filterKind': '主体类型',
  'parties.filterName': '名称',
  'parties.filterNamePlaceholder': '按名称搜索',
  'parties.search': '查询',
  'parties.empty': '没有符合条件的主体。',
  'parties.loadMore': '加载更多',
  'parties.col.name': '主体名称',
  'parties.col.uscc': '统一社会信用代码',
  'parties.col.kind': '类型',
  'parties.col.region': '行政区划',
  'parties.col.status': '状态',
  'parties.col.createdAt': '提交时间',
  'parties.col.actions': '操作',
  'parties.approve': '通过',
  'parties.reject': '驳回',
  'parties.approveConfirm': '确认通过“{name}”的主体审核？',
  'parties.rejectTitle': '驳回“{name}”',
  'parties.rejectReason': '驳回原因',
  'parties.rejectReasonRequired': '请填写驳回原因（至少 2 个字）',
  'parties.verifiedAt': '审核于 {at}',
  'parties.rejectedBecause': '原因：{reason}',
  'parties.decided': '已处理：{name} — {status}',

  'register.title': '市场主体注册',
  'register.intro': '提交后即可登录查看公告和主体信息；平台审核通过后方可申领证书、投标或发起招标。',
  'register.partySection': '主体信息',
  'register.accountSection': '账号信息',
  'register.name': '主体名称',
  'register.uscc': '统一社会信用代码',
  'register.usccHint': '18 位，字母请用大写',
  'register.kind': '主体类型',
  'register.kindChoose': '请选择',
  'register.regionCode': '所在地区',
  'register.regionHint': '依次选择省、市、区县（用 Tab 和方向键也可选择）',
  'register.contactName': '联系人',
  'register.contactPhone': '联系电话',
  'register.contactEmail': '电子邮箱',
  'register.address': '地址',
  'register.username': '用户名',
  'register.usernameHint': '3–32 位小写字母、数字或 _ . -',
  'register.password': '密码',
  'register.passwordHint': '至少 10 个字符',
  'register.passwordConfirm': '确认密码',
  'register.displayName': '姓名',
  'register.submit': '提交注册',
  'register.submitting': '正在提交…',
  'register.fixErrors': '请修改标出的字段后再提交。',
  'register.successTitle': '已提交，等待审核',
  'register.successBody':
    '“{name}”的注册申请已提交。现在即可使用账号 {username} 登录，查看审核进度；平台审核通过后方可申领证书、投标或发起招标。',
  'register.backToLogin': '返回登录',
  'register.haveAccount': '已有账号？',

  'uscc.length': '已输入 {n}/18 位',
  'uscc.charset': '含有无效字符（不使用 I、O、Z、S、V）',
  'uscc.checksum': '校验位不正确，请核对',
  'uscc.ok': '代码校验通过',

  'field.required': '此项必填',
  'field.regionCode': '请输入 6 位数字的行政区划代码（首位 1–8）',
  'field.phone': '请输入有效的电话号码',
  'field.email': '请输入有效的电子邮箱',
  'field.username': '用户名须为 3–32 位小写字母、数字或 _ . -',
  'field.passwordLength': '密码须为 10–200 个字符',
  'field.partyName': '主体名称须为 2–200 个字符',
  'field.passwordMismatch': '两次输入的密码不一致',

  'error.INVALID_CREDENTIALS': '用户名或密码错误',
  'error.RATE_LIMITED': '尝试次数过多，请稍后再试',
  'error.UNAUTHENTICATED': '登录已失效，请重新登录',
  'error.FORBIDDEN': '没有权限执行此操作',
  'error.NOT_FOUND': '未找到相应记录',
  'error.USCC_TAKEN': '该统一社会信用代码已注册',
  'error.USERNAME_TAKEN': '该用户名已被使用',
  'error.VALIDATION_FAILED': '提交的信息有误，请检查标出的字段',
  'error.PARTY_ALREADY_DECIDED': '该主体已被审核，请刷新后查看',
  'error.NETWORK': '无法连接服务器，请检查网络后重试',
  'error.unknown': '操作失败（{code}）',
  'error.requestId': '请求编号：{id}',
} satisfies Record<string, string>;

export const zhCN = {
  ...zhCNBase,
  ...zhCNTenders,
  ...zhCNPortal,
  ...zhCNBids,
  ...zhCNOpening,
  ...zhCNCustody,
  ...zhCNExperts,
  ...zhCNEvaluation,
  ...zhCNRoles,
  ...zhCNPages,
  ...zhCNInstructions,
  ...zhCNSupervisionTender,
  ...zhCNSupervision,
  ...zhCNSupervisionDigest,
  ...zhCNComplaints,
  ...zhCNAward,
  ...zhCNReport,
  ...zhCNCredit,
  ...zhCNContract,
};

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
