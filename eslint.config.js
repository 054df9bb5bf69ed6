import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'web/dist/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (an unhandled rejection stops the server) and
    // its ordering (a test that ends before its request). The server side with the tests, and the web app with
    // its own compiler settings (bundler resolution, DOM), each through its own tsconfig.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // On the server every place that ignores a callback's result is checked (a socket.io middleware or an
      // interval given an async function loses its rejection, and Node stops on an unhandled rejection).
      // Express 5 handlers are typed as returning `unknown` and express forwards a rejection to the error
      // middleware, so they need no exception.
      '@typescript-eslint/no-misused-promises': 'error',
      // A list of receipts to sign, with null for the arrivals that get none, is a fine Promise.all input.
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
    },
  },
  {
    // The browser ignores what a DOM listener returns, and the web app's async listeners catch their own
    // failures and show them in the page (errorBox); whatever still escapes is reported by the browser as an
    // unhandled rejection, it does not stop anything. So async functions may be passed as listeners, to
    // addEventListener (arguments) or as `onclick:` in h()'s attributes object (properties); floating promises
    // and promises used as conditions are still errors.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, properties: false } },
      ],
    },
  },
  {
    // CommonJS configuration files of the tools (dependency-cruiser).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**', 'bench/**', '**/*-cli.ts', 'src/server.ts', 'web/**'],
    rules: { 'no-console': 'off' },
  },
);
