// The rule kernel's pure part (see rule.ts): what rule sets and the pure cores import.
export { findingsOf, type Rule, type SingleFindingRule } from './rule.js';
export { registryProblems, type RuleFolder } from './registry.js';
