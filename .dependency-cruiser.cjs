/**
 * Import boundaries (docs/design.md §1 and §13), checked by `npm run lint:boundaries`:
 * dependencies point inward, and modules meet only through each other's public entry.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'module-public-entry',
      comment:
        "A module uses another module only through that module's index.ts (its definition and the names it " +
        'offers); its models, services and helpers stay private. Ports a module needs are declared by that module.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-imports-no-module',
      comment: 'platform/ is what modules stand on; it knows none of them (the registry is handed to it).',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|seed|compose\\.ts|app\\.ts|server\\.ts)' },
    },
    {
      name: 'only-the-root-knows-the-registry',
      comment: 'Modules are wired by the composition root (compose.ts), not by each other.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(modules/index\\.ts|compose\\.ts|app\\.ts|server\\.ts|seed/)' },
    },
    {
      name: 'crypto-stands-alone',
      comment: 'crypto/ runs in the server, the browser and the CLI: it depends on nothing of ours.',
      severity: 'error',
      from: { path: '^crypto/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|expert-pool|cli|web|test|bench)/' },
    },
    {
      name: 'expert-pool-is-a-pure-core',
      comment:
        'expert-pool/ is the pure core of the draw: besides crypto/ it may use only the pure rule kernel ' +
        '(src/platform/rules), which imports nothing itself.',
      severity: 'error',
      from: { path: '^expert-pool/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|cli|web|test|bench)/', pathNot: '^src/platform/rules/' },
    },
    {
      name: 'rule-kernel-is-pure',
      severity: 'error',
      from: { path: '^src/platform/rules/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|expert-pool|crypto|cli|web)/', pathNot: '^src/platform/rules/' },
    },
    {
      name: 'web-uses-contracts-not-server-code',
      comment:
        "The browser app takes the server's types from src/contracts (type-only) and shares only pure code: " +
        'crypto/, expert-pool/ and the USCC check.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: {
        path: '^(src|test|bench|migrations)/',
        pathNot: ['^src/contracts/', '^src/platform/china/uscc\\.ts$', '^src/platform/rules/'],
      },
    },
    {
      name: 'no-circular-between-modules',
      comment: 'Two modules that need each other are one module, or need a port.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { circular: true, path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(tsx/esm/api|csv-parse/sync)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data)/' },
    tsPreCompilationDeps: true,
  },
};
