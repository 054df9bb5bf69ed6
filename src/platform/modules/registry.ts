import type { Sequelize } from 'sequelize';
import type { AnyRoute } from '../http/route.js';
import type { Job } from '../scheduler.js';
import type { AnyModule, Kernel, ModelSet, ModuleApis, ModuleName } from './contract.js';

/**
 * The modules of one platform, built in registry order. The platform walks it for each seam (models,
 * routes, sockets, scheduled tasks, close) instead of naming modules one by one.
 */
export class ModuleRegistry {
  private constructor(
    private readonly list: readonly AnyModule[],
    readonly apis: ModuleApis,
    private readonly kernel: Kernel,
  ) {}

  /** Binds every module's models to the database; a model name claimed twice is a wiring error. */
  static bindModels(list: readonly AnyModule[], sequelize: Sequelize): Map<ModuleName, ModelSet> {
    const bound = new Map<ModuleName, ModelSet>();
    const owner = new Map<string, string>();
    for (const module of list) {
      const models: ModelSet = module.models?.(sequelize) ?? {};
      for (const name of Object.keys(models)) {
        const first = owner.get(name);
        if (first) throw new Error(`model ${name} is declared by both ${first} and ${module.name}`);
        owner.set(name, module.name);
      }
      bound.set(module.name, models);
    }
    return bound;
  }

  /** Creates each module with the kernel, its own models and the modules before it. */
  static create(list: readonly AnyModule[], kernel: Kernel, models: Map<ModuleName, ModelSet>) {
    const built: Partial<ModuleApis> = {};
    const names = new Set(list.map((m) => m.name as string));
    if (names.size !== list.length) throw new Error('two modules are registered under one name');
    // Asking for a module that is not built yet fails at start with the order to fix, not later with undefined.
    const modules = new Proxy(built, {
      get(target, name: string) {
        if (name in target) return target[name as ModuleName];
        if (typeof name === 'string' && names.has(name)) {
          throw new Error(
            `module ${name} is used before it is built: list it earlier in src/modules/index.ts`,
          );
        }
        return undefined;
      },
    }) as ModuleApis;
    for (const module of list) {
      const api: unknown = module.create(kernel, models.get(module.name) ?? {}, modules);
      (built as Record<string, unknown>)[module.name] = api;
    }
    return new ModuleRegistry(list, built as ModuleApis, kernel);
  }

  routes(): AnyRoute[] {
    return this.list.flatMap((m) => m.routes?.(this.api(m), this.kernel, this.apis) ?? []);
  }

  earlyRoutes() {
    return this.list.flatMap((m) => m.earlyRoutes?.(this.api(m)) ?? []);
  }

  sockets(realtime: Parameters<NonNullable<AnyModule['sockets']>>[1]): void {
    for (const m of this.list) m.sockets?.(this.api(m), realtime);
  }

  tasks(): Job[] {
    return this.list.flatMap((m) => m.tasks?.(this.api(m)) ?? []);
  }

  /** Closes the modules in reverse order of creation, each once even if another fails. */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (const m of [...this.list].reverse()) {
      try {
        await m.close?.(this.api(m));
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  private api(module: AnyModule): unknown {
    return (this.apis as unknown as Record<string, unknown>)[module.name];
  }
}
