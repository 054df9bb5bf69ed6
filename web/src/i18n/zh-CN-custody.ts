/** The key custodian's page (密钥托管). */
export const zhCNCustody = {
  'custody.title': '密钥托管',
  'custody.intro':
    '您是以下项目的密钥托管人。开标时间到达后，请用您的 PKCS#12 证书文件解开您持有的密钥分片并提交；开标时间之前平台拒绝接收任何分片。',
  'custody.empty': '您目前没有托管密钥的项目。',
  'custody.code': '项目编号',
  'custody.tender': '项目名称',
  'custody.openingTime': '开标时间（北京时间）',
  'custody.position': '托管人序号',
  'custody.status': '状态',
  'custody.release': '密钥分片',
  'custody.releaseButton': '提交我的分片',
  'custody.notYet': '未到开标时间',
  'custody.done': '已提交',
  'custody.releaseTitle': '提交密钥分片：{code}',
  'custody.releaseBody':
    '请选择您的 PKCS#12 证书文件并输入密码。文件只在本浏览器内打开，私钥不会离开本机；每个分片先经核验再提交。',
  'custody.releaseNow': '解密并提交',
  'custody.releasing': '正在解密并提交…',
  'custody.released': '已提交 {count} 个分片。',
  'custody.notReleased': '{count} 个分片无法用此证书解开或未通过核验，未提交。',
  'custody.wrong': '平台认定 {count} 个分片有误。',
  'custody.reported':
    '已向平台签名报告 {count} 个无法使用的分片：这些投标因投标人自身封装的分片无法解密，不会归责于您。',
  'error.REPORT_SIGNATURE_INVALID': '报告的签名无法用您在本项目登记的证书验证，请使用该证书文件。',
  'error.SHARE_ALREADY_RELEASED': '您已为该投标提交过有效分片，不能再报告其无法使用。',
  'error.OPENING_NOT_STARTED': '未到开标时间，平台拒绝接收。',
  'error.OPENING_COMPLETE': '开标已结束，无需再提交。',
};
