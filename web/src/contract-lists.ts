/**
 * Every value of a union the server's schemas define, as a list the page can loop over (selects, filters).
 * The values must be written here (the bundle has no server code), but tsc checks the list against the
 * contract both ways: a value the server does not know fails, and so does one the list forgot.
 */
export function allOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & (Exclude<T, L[number]> extends never ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}
