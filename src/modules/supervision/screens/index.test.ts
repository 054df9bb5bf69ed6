import { readdirSync } from 'node:fs';
import { registryMatchesFolder } from '../../../platform/rules/fixture-table.js';
import { supervisionScreens } from './index.js';

describe('supervision screens: the registry', () => {
  registryMatchesFolder({
    files: readdirSync(new URL('.', import.meta.url)),
    registered: Object.keys(supervisionScreens),
    support: ['index', 'finding', 'settings', 'testing'],
  });
});
