/**
 * Times as people in China read them: Beijing time (Asia/Shanghai, UTC+8 all year, no daylight saving since
 * 1991, so a fixed offset is exact).
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "2026年01月30日 10时00分" in Beijing time, from an ISO instant. */
export function chinaTime(iso: string): string {
  const local = new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString();
  const [y, mo, d, h, mi] = [
    local.slice(0, 4),
    local.slice(5, 7),
    local.slice(8, 10),
    local.slice(11, 13),
    local.slice(14, 16),
  ];
  return `${y}年${mo}月${d}日 ${h}时${mi}分`;
}

/** "2026年01月30日": the day of an instant in Beijing time. */
export const chinaDay = (iso: string) => chinaTime(iso).slice(0, 11);
