import type { Context, RootHookObject } from 'mocha';
import { watchUnauditedChanges, type UnauditedChange } from '../../src/platform/http/audit-net.js';

/**
 * Mocha root hooks, loaded by .mocharc*.json (`require`) for every test file.
 *
 * A mutating request that completes without an audit entry is a bug the route layer only logs in production;
 * here it fails the test that made the request (the route answered before the test went on, so the offence
 * is known by the time the test ends).
 */
let unaudited: UnauditedChange[] = [];

export const mochaHooks: RootHookObject = {
  beforeAll() {
    watchUnauditedChanges((change) => unaudited.push(change));
  },
  beforeEach() {
    unaudited = [];
  },
  afterEach(this: Context) {
    if (unaudited.length === 0) return;
    const list = unaudited.map((c) => `${c.method} ${c.route}`).join(', ');
    unaudited = [];
    // Hook#error fails the current test (not the hook), so the rest of its suite still runs.
    (this.test as unknown as { error(err: Error): void }).error(
      new Error(`a mutating request completed without an audit entry: ${list}`),
    );
  },
};
