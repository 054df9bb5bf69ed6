// Times are UTC on the wire and shown in Beijing time whatever the browser's own zone (docs/design.md §3).
const beijing = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// Asia/Shanghai has kept UTC+08:00 all year since 1991, so typed Beijing times convert with a fixed offset.
const BEIJING_OFFSET = '+08:00';

function beijingParts(iso: string | null | undefined): Record<string, string> | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(beijing.formatToParts(date).map((p) => [p.type, p.value]));
}

/** An ISO-8601 instant as `2024-05-01 10:00` in Asia/Shanghai (one format for both languages); '—' if absent. */
export function formatDateTime(iso: string | null | undefined): string {
  const part = beijingParts(iso);
  if (!part) return '—';
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** An instant as the value of a `datetime-local` input showing Beijing time: `2024-05-01T10:00`. */
export function toBeijingInput(iso: string | null | undefined): string {
  const part = beijingParts(iso);
  return part ? `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}` : '';
}

/** A `datetime-local` value read as Beijing time, as an ISO-8601 UTC instant; null when empty or invalid. */
export function fromBeijingInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}${BEIJING_OFFSET}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The first or the last instant of a Beijing calendar day (`2024-05-01`), for date-range filters. */
export function beijingDayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return fromBeijingInput(`${day}T${end ? '23:59:59' : '00:00:00'}`)?.replace(
    '.000Z',
    end ? '.999Z' : '.000Z',
  );
}

/** A byte count for people: `1.2 MB`. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
