import assert from 'node:assert/strict';
import { DataTypes, Model, Sequelize } from 'sequelize';
import request from 'supertest';
import type { AnyModule, Kernel } from '../src/platform/modules/contract.js';
import { ModuleRegistry } from '../src/platform/modules/registry.js';
import { defineRoute } from '../src/platform/http/route.js';
import { MODULES } from '../src/modules/index.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/** Test modules need only the seams under test; the kernel is not touched by them. */
const kernel = {} as Kernel;
// The test modules use names outside ModuleApis, so they are declared loosely.
const mod = (m: Record<string, unknown>) => m as unknown as AnyModule;

describe('module registry: one contract, one list', () => {
  it('builds modules in list order, each seeing the ones before it', () => {
    const seen: string[] = [];
    const list = [
      mod({ name: 'first', create: () => ({ hello: 'from first' }) }),
      mod({
        name: 'second',
        create: (_k: Kernel, _m: object, modules: Record<string, { hello: string }>) => {
          seen.push(modules.first!.hello);
          return {};
        },
      }),
    ];
    const registry = ModuleRegistry.create(list, kernel, new Map());
    assert.deepEqual(seen, ['from first']);
    assert.deepEqual(Object.keys(registry.apis), ['first', 'second']);
  });

  it('refuses at start a module that uses one listed after it, naming the list to fix', () => {
    const list = [
      mod({
        name: 'early',
        create: (_k: Kernel, _m: object, modules: Record<string, unknown>) => modules.late,
      }),
      mod({ name: 'late', create: () => ({}) }),
    ];
    assert.throws(() => ModuleRegistry.create(list, kernel, new Map()), /late is used before it is built/);
  });

  it('refuses two modules under one name, and one model declared by two modules', () => {
    const twice = [mod({ name: 'a', create: () => ({}) }), mod({ name: 'a', create: () => ({}) })];
    assert.throws(() => ModuleRegistry.create(twice, kernel, new Map()), /two modules are registered/);
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
    const model = (s: Sequelize) => {
      class Thing extends Model {}
      Thing.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize: s, modelName: 'Thing' });
      return { Thing };
    };
    const clash = [
      mod({ name: 'a', models: model, create: () => ({}) }),
      mod({ name: 'b', models: model, create: () => ({}) }),
    ];
    assert.throws(() => ModuleRegistry.bindModels(clash, sequelize), /Thing is declared by both a and b/);
    return sequelize.close();
  });

  it('collects routes and tasks from every module, and closes them in reverse order even when one fails', async () => {
    const closed: string[] = [];
    const route = (path: string) =>
      defineRoute({
        method: 'get',
        path,
        summary: path,
        tags: ['t'],
        access: 'public',
        handler: async () => ({}),
      });
    const list = [
      mod({
        name: 'a',
        create: () => 'A',
        routes: () => [route('/a')],
        close: async () => void closed.push('a'),
      }),
      mod({
        name: 'b',
        create: () => 'B',
        tasks: (api: string) => [{ name: `task of ${api}`, run: async () => 0 }],
        close: async () => {
          closed.push('b');
          throw new Error('b failed to close');
        },
      }),
      mod({
        name: 'c',
        create: () => 'C',
        routes: () => [route('/c')],
        close: async () => void closed.push('c'),
      }),
    ];
    const registry = ModuleRegistry.create(list, kernel, new Map());
    assert.deepEqual(
      registry.routes().map((r) => r.path),
      ['/a', '/c'],
    );
    assert.deepEqual(
      registry.tasks().map((t) => t.name),
      ['task of B'],
    );
    await assert.rejects(registry.close(), /b failed to close/);
    assert.deepEqual(closed, ['c', 'b', 'a']);
  });

  describe('the platform built from src/modules/index.ts', () => {
    let t: TestPlatform;
    before(async () => {
      t = await createTestPlatform();
    });
    after(() => t.close());

    it('exposes each registered module under its name and binds its models', () => {
      for (const module of MODULES) {
        assert.ok((t.platform as unknown as Record<string, unknown>)[module.name], `platform.${module.name}`);
      }
      assert.ok(t.platform.models.Tender && t.platform.models.Bid && t.platform.models.AuditEntry);
    });

    it('serves every module route in the API and its OpenAPI document', async () => {
      const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body as {
        paths: Record<string, unknown>;
      };
      const documented = Object.keys(doc.paths).length;
      const routes = new Set(
        t.platform.modules.routes().map((r) => `/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      assert.equal(documented, routes.size);
      for (const path of routes) assert.ok(path in doc.paths, `${path} is documented`);
    });
  });
});
