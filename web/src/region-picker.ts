import { h } from './dom.js';
import { t } from './i18n/index.js';
import { loadRegions, regionPath, regionsNow, type Region } from './regions.js';
import { field } from './ui.js';

/**
 * Province → city → district as three native selects (keyboard and screen readers work as everywhere). The
 * district select carries the form name and the 6-digit code; a city without a chosen district stands for the
 * whole city (`450200`), so the value is never a bare province.
 */
export function regionPicker(opts: { name: string; value?: string; testid: string }): {
  element: HTMLElement;
  control: HTMLSelectElement;
} {
  const select = (level: string, label: string, name?: string) =>
    h('select', {
      name: name ?? null,
      'aria-label': label,
      'data-testid': `${opts.testid}-${level}`,
      disabled: true,
    });
  // Named too, so a re-render (language switch) restores the three in order, each filling the next.
  const province = select('province', t('region.province'), `${opts.name}.province`);
  const city = select('city', t('region.city'), `${opts.name}.city`);
  const district = select('district', t('region.district'), opts.name);
  const element = h('div', { class: 'region-picker', 'data-testid': opts.testid }, province, city, district);

  const option = (value: string, text: string, selected = false) => h('option', { value, selected }, text);
  const fill = (
    target: HTMLSelectElement,
    prompt: string,
    regions: Region[] | undefined,
    chosen?: string,
  ) => {
    target.replaceChildren(
      option('', prompt),
      ...(regions ?? []).map((r) => option(r.code, r.name, r.code === chosen)),
    );
    target.disabled = !regions || regions.length === 0;
  };

  let data: Region[] = [];
  const provinceNode = () => data.find((p) => p.code === province.value);
  const cityNode = () => provinceNode()?.children?.find((c) => c.code === city.value);
  const fillCities = (chosen?: string) =>
    fill(city, t('region.chooseCity'), provinceNode()?.children, chosen);
  const fillDistricts = (chosen?: string) => {
    const node = cityNode();
    if (!node) {
      district.replaceChildren(option('', t('region.cityFirst')));
      district.disabled = true;
      return;
    }
    district.replaceChildren(
      option(`${node.code}00`, t('region.wholeCity', { city: node.name })),
      ...(node.children ?? []).map((d) => option(d.code, d.name, d.code === chosen)),
    );
    district.disabled = false;
  };
  // The district select holds the value the form reads: tell its field (which clears errors on input).
  const changed = () => district.dispatchEvent(new Event('input', { bubbles: true }));
  // 'input' fires on every user choice (mouse or keys) and on a value restored by the page.
  province.addEventListener('input', () => {
    fillCities();
    fillDistricts();
    changed();
  });
  city.addEventListener('input', () => {
    fillDistricts();
    changed();
  });

  /** Shows `code` (or nothing); also how a re-render restores what was chosen. */
  const show = (code: string | undefined) => {
    const [p, c, d] = code ? regionPath(code, data) : [];
    fill(province, t('region.chooseProvince'), data, p?.code);
    fillCities(c?.code);
    fillDistricts(d?.code);
  };
  const start = (regions: Region[]) => {
    data = regions;
    show(opts.value ?? district.value);
  };
  district.replaceChildren(option(opts.value ?? '', t('common.loading')));
  // Synchronous when the table is already here, so a re-render can set the values right after.
  const now = regionsNow();
  if (now) start(now);
  else
    loadRegions().then(start, () => {
      province.replaceChildren(option('', t('region.unavailable')));
    });
  return { element, control: district };
}

/**
 * The region as province → city → district selects. The field's label names the first select; the district
 * select carries the name, so errors and values work as for any other field.
 */
export function regionField(name: string, testid: string, value?: string): HTMLElement {
  const picker = regionPicker({ name, testid, value });
  const wrapper = field(t('register.regionCode'), picker.control, t('register.regionHint'));
  const province = picker.element.querySelector('select');
  const label = wrapper.querySelector('label');
  if (province && label) {
    province.id = `${picker.control.id}-province`;
    label.htmlFor = province.id;
  }
  // field() placed the district select alone: put the three selects there instead, in order.
  const next = picker.control.nextSibling;
  picker.element.append(picker.control);
  wrapper.insertBefore(picker.element, next);
  return wrapper;
}
