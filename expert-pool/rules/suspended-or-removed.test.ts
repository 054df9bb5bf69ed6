import { ruleTable } from './fixture-table.js';
import { suspendedOrRemoved } from './suspended-or-removed.js';

ruleTable('suspended-or-removed', suspendedOrRemoved, [
  { name: 'active passes', expert: { status: 'active' }, expect: null },
  { name: 'suspended is excluded', expert: { status: 'suspended' }, expect: /suspended/ },
  { name: 'removed is excluded', expert: { status: 'removed' }, expect: /removed/ },
]);
