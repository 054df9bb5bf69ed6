import { locale } from './i18n/index.js';

/**
 * The GB/T 2260 regions the portal filters by (a prefix selects a province or a city with its districts).
 * A short list for Guangxi, where the platform starts; any other code is shown as the code itself.
 */
const REGIONS: [code: string, zh: string, en: string][] = [
  ['45', '广西壮族自治区', 'Guangxi'],
  ['4501', '南宁市', 'Nanning'],
  ['4502', '柳州市', 'Liuzhou'],
  ['4503', '桂林市', 'Guilin'],
  ['4504', '梧州市', 'Wuzhou'],
  ['4505', '北海市', 'Beihai'],
  ['4506', '防城港市', 'Fangchenggang'],
  ['4507', '钦州市', 'Qinzhou'],
  ['4508', '贵港市', 'Guigang'],
  ['4509', '玉林市', 'Yulin'],
];

/** The filter choices: value = code prefix, label = the region's name (cities indented under the province). */
export function regionOptions(): [value: string, label: string][] {
  return REGIONS.map(([code, zh, en]) => [
    code,
    `${code.length > 2 ? '　' : ''}${locale() === 'en' ? en : zh}`,
  ]);
}

/** `450100` → `南宁市`, `450000` → `广西壮族自治区`; unknown codes as they are. */
export function regionName(code: string): string {
  const prefix = code.replace(/(00)+$/, '');
  const city = REGIONS.find(([c]) => c === prefix) ?? REGIONS.find(([c]) => c === prefix.slice(0, 4));
  if (!city) return code;
  const name = locale() === 'en' ? city[2] : city[1];
  return city[0] === prefix ? name : `${name} (${code})`;
}
