import { AppError } from '../errors.js';

/** A UTF-16 surrogate without its pair: JSON can carry one ("\ud800"), UTF-8 cannot encode it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text no field of this API may hold: a NUL character (U+0000), because sequelize writes SQLite's WHERE values
 * into the statement, where a NUL ends it early (a 500 rather than an answer); and an unpaired surrogate,
 * which MySQL's utf8mb4 refuses to store (another 500) and no notice could print.
 */
const unfit = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * Where a request carries unfit text, as a field path, or null. Keys are looked at too. Walked with an
 * explicit stack, so a body nested ten thousand deep cannot overflow the call stack.
 */
export function unfitTextPath(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (unfit(item)) return path;
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => stack.push([element, `${path}.${i}`]));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        if (unfit(key)) return path;
        stack.push([element, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/** Refuses a request with unfit text in its path parameters, query or JSON body: a 422 naming the field. */
export function refuseUnfitText(input: { params: unknown; query: unknown; body: unknown }): void {
  const path =
    unfitTextPath(input.params, 'params') ??
    unfitTextPath(input.query, 'query') ??
    unfitTextPath(input.body, 'body');
  if (path === null) return;
  throw new AppError(422, 'VALIDATION_FAILED', 'The request has invalid fields', [
    {
      path: path.replace(/^body\.?/, ''),
      message: 'must not contain a NUL character (U+0000) or an unpaired surrogate',
      code: 'invalid_string',
    },
  ]);
}
