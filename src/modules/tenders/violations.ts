import { unprocessable } from '../../platform/errors.js';
import type { Violation } from './rules/index.js';

/** A 422 listing every broken tender rule, in the rules' own words. */
export const ruleViolation = (violations: Violation[]) =>
  unprocessable('RULE_VIOLATION', violations.map((v) => v.message).join('; '), violations);
