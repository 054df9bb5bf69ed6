// The evaluation experts' specialty classification (评标专家专业分类): three categories (A 工程, B 货物,
// C 服务) and levels below them (一级 → 二级 → 三级). The shipped catalog (catalog.csv, see README.md) has three
// levels; imports may use a fourth. A code is the category letter plus two digits per level, so a code's
// ancestors are exactly its prefixes of 3, 5 and 7 characters.

export type Category = 'A' | 'B' | 'C';
export type Level = 1 | 2 | 3 | 4;

export interface CatalogEntry {
  code: string;
  level: Level;
  category: Category;
  name: string;
  /** null for level-1 codes (their parent is the category itself). */
  parent: string | null;
}

export const CATEGORY_NAMES: Readonly<Record<Category, string>> = { A: '工程', B: '货物', C: '服务' };

const CODE = /^[ABC](?:\d{2}){1,4}$/;

export function isCatalogCode(code: string): boolean {
  return CODE.test(code);
}

export function levelOf(code: string): Level {
  return ((code.length - 1) / 2) as Level;
}

export function parentOf(code: string): string | null {
  return code.length > 3 ? code.slice(0, -2) : null;
}

export class Catalog {
  private readonly byCode: ReadonlyMap<string, CatalogEntry>;

  constructor(entries: Iterable<CatalogEntry>) {
    this.byCode = new Map([...entries].map((e) => [e.code, e]));
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): CatalogEntry | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Every entry, in code order. */
  entries(): CatalogEntry[] {
    return [...this.byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /**
   * True when an expert registered under `expertCode` may fill a request for `requestCode`: the codes are
   * equal or the expert's code descends from the request's. A request for A0801 accepts A080101 experts; a
   * request for A080101 does not accept an A0801 expert (too general). Unknown request codes cover nothing.
   */
  covers(requestCode: string, expertCode: string): boolean {
    return this.byCode.has(requestCode) && codeCovers(requestCode, expertCode);
  }

  /** All entries strictly below `code`, in code order. */
  descendants(code: string): CatalogEntry[] {
    return this.entries().filter((e) => e.code !== code && e.code.startsWith(code));
  }

  children(code: string): CatalogEntry[] {
    return this.entries().filter((e) => e.parent === code);
  }
}

/** The prefix rule behind Catalog.covers, for hot loops that validated the request code already. */
export function codeCovers(requestCode: string, expertCode: string): boolean {
  return expertCode.startsWith(requestCode);
}
