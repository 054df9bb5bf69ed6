/** People pickers, the open-data and expert-sanction pages, the footer links. */
export const zhCNPages = {
  'picker.choose': '请选择',
  'picker.noCertificate': '暂无有效证书，不可选',
  'picker.unavailable': '名单加载失败，请刷新页面',
  'picker.filterPlaceholder': '按姓名或单位筛选',
  'picker.filterCustodians': '按姓名或单位筛选托管人',
  'picker.filterSupervisors': '按姓名或单位筛选监督人',
  'picker.matches': '找到 {n} 人',

  'openData.title': '开放数据',
  'openData.intro':
    '本平台按开放合同数据标准（OCDS 1.1）免费公开每个招标项目已公开的全部信息：招标公告、澄清、开标结果、中标候选人公示等。无需注册或登录，数据为 JSON 格式，可直接下载或由程序定期抓取。',
  'openData.feedTitle': '批量数据源（全部项目）',
  'openData.feedBody':
    '数据源按时间先后列出所有项目的每一次发布（release），每页为一个 OCDS 发布包。读完一页后，用返回的 nextCursor 作为 cursor 参数读取下一页，直到 nextCursor 为空；定期抓取时用 since 只取新的发布。',
  'openData.feedFirst': '下载最早的 100 条发布',
  'openData.feedSince': '下载最近 24 小时的发布',
  'openData.paramLimit': '每页条数，1–1000，默认 100',
  'openData.paramSince': '只取此时刻（含）以后的发布，ISO 8601 时间，如 2026-01-01T00:00:00Z',
  'openData.paramCursor': '上一页返回的 nextCursor，用于翻页',
  'openData.tendersTitle': '按项目下载',
  'openData.tendersBody':
    '每个项目有两个文件：发布包列出该项目每一步公开的信息；记录包另附合并后的最新完整信息（compiledRelease）。以下为最近发布的项目。',
  'openData.noTenders': '暂无已发布的招标项目。',
  'openData.published': '发布于 {at}',
  'openData.releases': '发布包',
  'openData.record': '记录包',
  'openData.noticesTitle': '交易公告数据源与接口说明',
  'openData.noticesBody':
    '交易公告数据源按更新时间倒序列出全部公告（可按地区、类别、状态、时间筛选）；接口说明（OpenAPI）列出全部公开接口及其参数。',
  'openData.noticesLink': '交易公告数据源（最新 50 条）',
  'openData.apiLink': '接口说明（OpenAPI 3）',
  'openData.license': '数据按公共领域贡献与许可协议开放，可自由使用：',
  'openData.standard': '开放合同数据标准 OCDS 1.1',

  'sanctions.title': '专家处理公告',
  'sanctions.intro':
    '对评标专家暂停资格、取消资格（清退出库）和恢复资格的处理决定，依据《评标专家和评标专家库管理办法》予以公告，最新的在前。',
  'sanctions.empty': '暂无专家处理公告。',
  'sanctions.action.suspend': '暂停资格',
  'sanctions.action.remove': '清退出库',
  'sanctions.action.reinstate': '恢复资格',
  'sanctions.reason': '事由：{reason}',
  'sanctions.published': '公告日期 {at}',

  'tenderForm.projectNameHint': '立项批准的建设项目名称，如“南宁市五象新区道路改造工程”',
  'tenderForm.titleHint': '本次招标的名称，即公告标题，如“五象新区道路改造工程施工招标”',
  'tenderForm.fieldKeyHint':
    '字段标识是该字段在投标文件数据中的名称，投标人看不到：以小写英文字母开头，只用英文字母和数字，不超过 32 个字符，如 durationDays（工期）、qualityGrade（质量等级）。',

  'footer.links': '页脚导航',
  'footer.notices': '交易公告',
  'footer.sanctions': '专家处理公告',
  'footer.openData': '开放数据',
  'a11y.expertFile': '选择专家名单文件（CSV 或 JSON）',
  'footer.register': '注册',
} satisfies Record<string, string>;
