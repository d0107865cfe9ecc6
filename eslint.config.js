// Lint: typescript-eslint recommended, plus the architecture rule that keeps data flowing one way.
import tseslint from 'typescript-eslint';

const stage = (name, forbidden) => ({
  files: [`src/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((f) => ({ group: [`**/${f}/*`, `**/${f}/**`], message: `src/${name} must not import from src/${f} (data flows system → returns → engine → report; analysis builds on the engine; cli wires)` })) }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'bench/.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  stage('system', ['returns', 'engine', 'report', 'analysis', 'cli']),
  stage('returns', ['engine', 'report', 'analysis', 'cli']),
  stage('engine', ['report', 'analysis', 'cli']),
  stage('report', ['cli']),
  stage('analysis', ['report', 'cli']),
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'fs', 'node:process', 'process', 'node:child_process', 'node:fs/promises'].map((name) => ({ name, message: 'the engine is pure: no I/O' })),
          patterns: ['report', 'analysis', 'cli'].map((f) => ({ group: [`**/${f}/*`, `**/${f}/**`], message: `src/engine must not import from src/${f}` })),
        },
      ],
      'no-console': 'error',
    },
  },
);
