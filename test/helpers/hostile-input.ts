/**
 * Seeded random input for the API fuzz test: plausible values (ids that exist, enum members, numbers in
 * range) mixed with hostile ones (NUL bytes, lone surrogates, 5,000-character strings, prototype keys,
 * numbers JavaScript cannot hold, cursors this server never issued). The same seed makes the same requests.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast and good enough to pick test inputs. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A uuid made from the seed, so a run's "unknown ids" are the same each time. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Strings that have broken servers: control bytes, encodings, injections, sizes, look-alike numbers. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  'x'.repeat(300),
  'x'.repeat(5000),
  '中'.repeat(2000),
  '😀'.repeat(100),
  '\ud800',
  'a\udfffb',
  '\u202e\u200b\ufeff',
  'e\u0301\u0301\u0301',
  '１２３４５',
  '\r\n\t\u000b\u000c',
  '../../../../etc/passwd',
  '..',
  '.',
  '/',
  '\\',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '%',
  '%%',
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '-1',
  '0',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '9'.repeat(400),
  '0x1F',
  '0b101',
  '2147483648',
  '9007199254740993',
  '2025-02-30',
  '2025-13-01T00:00:00Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  `${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(11)}`,
  b64({}),
  b64({ at: 'x', id: 1 }),
  b64({ at: '2025-01-01T00:00:00Z', id: '\u0000' }),
  b64({ at: '2025-01-01T00:00:00Z', id: 'x'.repeat(120) }),
  b64({ at: '+275760-09-13T00:00:00.000Z', id: 'a' }),
  b64({ at: '2025-01-01T00:00:00Z', id: { $gt: '' } }),
  Buffer.from('{"at":"2025-01-01T00:00:00Z","id":"a","__proto__":{"polluted":true}}').toString('base64url'),
  b64([1, 2, 3]),
  b64(null),
  'eyJhdCI6',
  '!!!!',
  'AAAA',
];

/** JSON values that are not what any schema asks for, including objects that break String() and Number(). */
export function hostileJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 8 : 14)) {
    case 0:
      return null;
    case 1:
      return rng.pick([true, false]);
    case 2:
      return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, 5e-324]);
    case 3:
    case 4:
    case 5:
      return rng.pick(HOSTILE_STRINGS);
    case 6:
      return rng.uuid();
    case 7:
      return rng.int(100_000);
    case 8:
      return { toString: null, valueOf: null };
    case 9:
      return JSON.parse(
        '{"__proto__": {"polluted": true, "isAdmin": true}, "constructor": {"prototype": {"x": 1}}}',
      );
    case 10:
      return Array.from({ length: rng.int(4) }, () => hostileJson(rng, depth + 1));
    case 11:
      return Array.from({ length: rng.pick([0, 1, 5001]) }, () => 1);
    case 12:
      return { length: 1e9, 0: 'a' };
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, () => [
          rng.pick(HOSTILE_STRINGS).slice(0, 40),
          hostileJson(rng, depth + 1),
        ]),
      );
  }
}

/** Field values that have broken this server: String() and Number() of the object throw. */
const SHARP_JSON: readonly unknown[] = [
  { toString: null, valueOf: null },
  'a\u0000b',
  'x'.repeat(5000),
  1e308,
  [],
  { '': { '': {} } },
];

/** A JSON Schema as the OpenAPI document carries it: only what the generator looks at. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** Values the server already knows (ids it handed out), so requests reach past "not found". */
export interface KnownValues {
  ids: string[];
  serials: string[];
  usccs: string[];
}

function plausibleString(rng: Rng, schema: JsonSchema, name: string, known: KnownValues): string {
  if (schema.format === 'uuid' || /id$/i.test(name))
    return rng.chance(0.8) ? rng.pick(known.ids) : rng.uuid();
  if (/serial/i.test(name)) return rng.pick(known.serials);
  if (/uscc/i.test(name)) return rng.pick(known.usccs);
  if (schema.format === 'date-time' || /at$|deadline|from$|to$|since/i.test(name))
    return new Date(Date.UTC(2025, rng.int(24), 1 + rng.int(28))).toISOString();
  if (schema.format === 'date') return `2026-0${1 + rng.int(9)}-1${rng.int(9)}`;
  return rng.pick([
    '4501',
    '450100',
    'A',
    'A0802',
    '南宁',
    'bidder',
    'draft',
    'abc123',
    '测试名称',
    'x'.repeat(20),
  ]);
}

/** A value for a schema: mostly of the right shape, sometimes hostile, so validation is both passed and hit. */
export function valueFor(rng: Rng, schema: JsonSchema, name: string, known: KnownValues, depth = 0): unknown {
  if (rng.chance(0.05)) return rng.pick(SHARP_JSON);
  if (rng.chance(0.12) || depth > 4) return hostileJson(rng);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return valueFor(rng, rng.pick(alternatives), name, known, depth + 1);
  if (schema.enum?.length) return rng.pick(schema.enum);
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(rng, schema, name, known);
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? 0;
      const high = Math.min(schema.maximum ?? low + 1000, low + 1_000_000);
      return low + rng.int(Math.max(1, high - low + 1));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: rng.int(4) }, () =>
        valueFor(rng, schema.items ?? {}, name, known, depth + 1),
      );
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(key);
        if (required ? rng.chance(0.95) : rng.chance(0.6))
          out[key] = valueFor(rng, field, key, known, depth + 1);
      }
      if (rng.chance(0.1))
        out[rng.pick(['__proto__', 'constructor', 'extra', 'id', 'role'])] = hostileJson(rng);
      return out;
    }
    default:
      return hostileJson(rng, depth);
  }
}

/** The hostile strings that have actually broken this server or its libraries, tried more often. */
const SHARP_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(5000),
  '\ud800',
  '%',
  '%E0%A4%A',
  '__proto__',
];

/** A string for a path or query parameter: plausible from the schema, or hostile. */
export function parameterValue(rng: Rng, schema: JsonSchema, name: string, known: KnownValues): string {
  if (rng.chance(0.1)) return rng.pick(SHARP_STRINGS);
  if (rng.chance(0.05)) return `${rng.pick(known.ids)}${rng.pick(SHARP_STRINGS)}`;
  if (rng.chance(0.3)) return rng.pick(HOSTILE_STRINGS);
  const value = valueFor(rng, schema, name, known);
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/**
 * Percent-encodes a value for a URL. Lone surrogates cannot be encoded as UTF-8, so they are sent as the
 * bytes a careless client would send; values already shaped like escapes sometimes go through raw.
 */
export function encodeComponent(rng: Rng, value: string): string {
  if (/^[\x21-\x7e]*%[\x21-\x7e]*$/.test(value) && rng.chance(0.5)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return Buffer.from(value, 'latin1').toString('hex').replace(/(..)/g, '%$1');
  }
}
