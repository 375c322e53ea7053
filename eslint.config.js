// typescript-eslint's type-checked rules (style.md §11): floating promises and unsafe `any` flows are bugs in a
// tool that drives AWS, so they are errors, and `npm run lint` allows zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'stacksets/functions/', '*.cjs', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'test/*.cjs', 'test/helpers/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      // TypeScript's own convention: `_name` is a parameter an interface requires and this implementation ignores,
      // and `{ dropped: _dropped, ...rest }` is how a property is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing a caught `unknown` on unchanged (`reject(error)`) is a rethrow, which only-throw-error allows too.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
);
