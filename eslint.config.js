import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify handlers and plugins are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The dependency rule (README, "Architecture"): the domain knows nothing of ours; services
  // do not know the transports; the transports (http, web, cli) reach storage only through
  // services, and do not import each other; the CLI's wiring may open and migrate the
  // database and nothing more of the store. `src/app.ts` and `src/main.ts` compose them all.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/store/*',
            '**/services/**',
            '**/http/*',
            '**/web/**',
            '**/cli/*',
            '**/reference/*',
            '**/app.js',
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/http/*', '**/web/**', '**/cli/*', '**/app.js'] },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/store/*', '**/web/**', '**/cli/*', '**/app.js'] },
      ],
    },
  },
  {
    files: ['src/web/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/store/*', '**/http/*', '**/cli/*', '**/app.js'] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/*', '!**/store/db.js', '!**/store/migrate.js'],
              message:
                'The CLI uses services; of the store only db.js and migrate.js (its wiring).',
            },
            {
              group: ['**/http/*', '**/web/**'],
              message: 'The CLI does not use other transports.',
            },
          ],
        },
      ],
    },
  },
  // Markup is escaped unless it is Html; only the html tag and its named, checked ways past
  // escaping (web/kit/html.ts: compactHtml, trustedSvg) make Html from text.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/web/kit/html.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Html']",
          message: 'Use the html tag, or trustedSvg for library-made SVG (web/kit/html.ts).',
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
