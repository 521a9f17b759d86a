// Type-aware lint (STYLE.md §13). `npm run lint` runs with --max-warnings 0.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.cache/**',
      '.data/**',
      '.kafka/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through libs/config.' },
      ],
    },
  },
  {
    // Config schemas, each app's composition root (main.ts), scripts and tests.
    files: [
      'libs/config/**/*.ts',
      'apps/*/src/main.ts',
      'test/**/*.ts',
      'scripts/**/*.ts',
      'apps/cli/src/**/*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      // expect.any() and expect.objectContaining() are typed `any` by Jest.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // SQL only through parameters (docs/security.md): a query's text is a literal, or a template
    // whose only interpolations are module constants in SCREAMING_CASE (column lists, a channel
    // name) or `placeholders(…)` (which writes $1, $2…); every value goes in the parameter array. Migrations are exempt: DDL takes table
    // names from code and has no parameters. Other libraries' `.query(` (e.g. a query builder)
    // would be matched too: rename the constant or pass a literal.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/persistence/src/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='query'] > TemplateLiteral.arguments:first-child > .expressions:not(Identifier[name=/^[A-Z][A-Z0-9_]*$/], CallExpression[callee.name='placeholders'])",
          message:
            'SQL only through parameters: pass values as $1, $2… in the parameter array; interpolate only SCREAMING_CASE constants.',
        },
        {
          selector:
            "CallExpression[callee.property.name='query'] > :matches(BinaryExpression, CallExpression, Identifier:not([name=/^[A-Z][A-Z0-9_]*$/]), MemberExpression, ConditionalExpression).arguments:first-child",
          message:
            'SQL only through parameters: write the query text inline (a literal), not built or passed in from elsewhere.',
        },
      ],
    },
  },
  {
    // Nest decorators on classes injected by type need a value import, not `import type`.
    files: [
      'apps/**/*.ts',
      'libs/kafka/**/*.ts',
      'libs/persistence/**/*.ts',
      'libs/config/**/*.ts',
      'libs/runtime/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
