// Deterministic JSON for hashing audit entries and receipts. The same value must give the same text
// on the server, in the browser and in the CLI, and after a round trip through the database as JSON,
// so we follow JSON.stringify's meaning (undefined members dropped, undefined in arrays -> null,
// Date -> ISO string) and only fix what it leaves open: key order and whitespace.

export function canonicalJson(value: unknown): string {
  return serialize(value, new Set(), '$');
}

function serialize(value: unknown, ancestors: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity would become "null" and silently change what was hashed.
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value);
    case 'object':
      return serializeObject(value, ancestors, path);
    default:
      // bigint, function, symbol, and undefined at the top level have no JSON form.
      throw new TypeError(`canonicalJson: cannot serialize a ${typeof value} at ${path}`);
  }
}

function serializeObject(value: object, ancestors: Set<object>, path: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`canonicalJson: invalid Date at ${path}`);
    return JSON.stringify(value.toISOString());
  }
  if (ancestors.has(value)) throw new TypeError(`canonicalJson: circular reference at ${path}`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return serializeArray(value, ancestors, path);
    if (!isPlainObject(value)) {
      // Maps, typed arrays, class instances: JSON.stringify's output for them is surprising
      // ({} or an index map), so make the caller convert them explicitly.
      throw new TypeError(`canonicalJson: only plain objects, arrays and Dates are allowed, at ${path}`);
    }
    return serializeMembers(value as Record<string, unknown>, ancestors, path);
  } finally {
    ancestors.delete(value);
  }
}

function serializeArray(items: unknown[], ancestors: Set<object>, path: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    parts.push(item === undefined ? 'null' : serialize(item, ancestors, `${path}[${i}]`));
  }
  return `[${parts.join(',')}]`;
}

function serializeMembers(record: Record<string, unknown>, ancestors: Set<object>, path: string): string {
  // Default sort compares UTF-16 code units, which is the order we promise.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${serialize(member, ancestors, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
