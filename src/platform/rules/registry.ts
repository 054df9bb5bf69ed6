/**
 * A rule folder and its registry (the index listing every rule) must agree, so a rule cannot be written
 * and then forgotten: each rule file is registered under its file name, each registered id has its file,
 * and each rule has its fixture table beside it (`<id>.test.ts`).
 */
export interface RuleFolder {
  /** The file names in the folder, as listed (e.g. `max-price.ts`, `max-price.test.ts`). */
  files: readonly string[];
  /** The ids the registry lists. */
  registered: readonly string[];
  /** Files of the folder that are not rules (the registry itself, shared types, test support), without `.ts`. */
  support: readonly string[];
}

export function registryProblems({ files, registered, support }: RuleFolder): string[] {
  const sources = new Set(
    files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -'.ts'.length)),
  );
  const tables = new Set(files.filter((f) => f.endsWith('.test.ts')));
  const ids = new Set(registered);
  const problems: string[] = [];
  for (const id of ids) {
    if (registered.indexOf(id) !== registered.lastIndexOf(id)) problems.push(`${id} is registered twice`);
  }
  for (const name of [...sources].sort()) {
    if (!support.includes(name) && !ids.has(name)) problems.push(`${name}.ts is not registered`);
  }
  for (const id of [...ids].sort()) {
    if (!sources.has(id)) problems.push(`${id} is registered but has no file ${id}.ts`);
    else if (!tables.has(`${id}.test.ts`))
      problems.push(`${id} has no fixture table ${id}.test.ts beside it`);
  }
  return problems;
}
