// The CLI's version, from package.json, and the tool id it reports to the server.
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  // cli/ from source, dist/cli/ when built: package.json sits one or two folders up.
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'yangguang' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}

export const CLI_VERSION = packageVersion();
export const CLI_TOOL = `yangguang-cli/${CLI_VERSION}`;
