// node:util parseArgs with the CLI's conventions: unknown options and missing values are usage
// errors (exit 2) that name the command's usage line, and required options are checked in one place.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(
  args: string[],
  options: Options,
  usage: string,
  positionals = false,
): Parsed {
  try {
    const { values, positionals: rest } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    });
    return { values, positionals: rest };
  } catch (error) {
    throw usageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

/** Typed accessors that turn a missing required option into a usage error naming it. */
export function optionReader(parsed: Parsed, usage: string) {
  const string = (name: string): string | undefined => {
    const value = parsed.values[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    string,
    required(name: string): string {
      const value = string(name);
      if (value === undefined || value === '') throw usageError(`--${name} is required\nusage: ${usage}`);
      return value;
    },
    flag: (name: string): boolean => parsed.values[name] === true,
    list(name: string): string[] {
      const value = parsed.values[name];
      return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    },
  };
}
