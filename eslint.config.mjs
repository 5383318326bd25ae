import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules', '**/cdktf.out', '**/dist', '**/tmp', '**/.nx', '**/*.js'] },
  ...tseslint.configs.recommended,
  // Specs: nothing focused or skipped left behind, every expect well formed, every test asserting something, and
  // every assertion running on every pass (one under an `if` or in a `catch` passes silently when it does not run).
  {
    files: ['**/*.spec.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/expect-expect': 'error',
      'jest/no-conditional-expect': 'error',
    },
  },
  // Plain CommonJS run by node without a TypeScript loader (tools/run-synth.cjs): require() is how it imports.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      // Provider package roots load every resource binding (about 1 GB, 3 s): submodules only.
      'no-restricted-imports': [
        'error',
        {
          paths: ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'].map((name) => ({
            name,
            message: `Import from a submodule instead, e.g. '${name}/lib/<resource>'.`,
          })),
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Layers: apps -> environment configs -> libraries -> test utilities.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:config', 'type:lib', 'type:test-util'] },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:config', 'type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            { sourceTag: 'type:test-util', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            // Scopes: an environment reads only its own config; construct libraries stay independent.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:network', onlyDependOnLibsWithTags: ['scope:network', 'scope:shared'] },
            { sourceTag: 'scope:state', onlyDependOnLibsWithTags: ['scope:state', 'scope:shared'] },
            { sourceTag: 'scope:cluster', onlyDependOnLibsWithTags: ['scope:cluster', 'scope:shared'] },
            { sourceTag: 'scope:cluster-addons', onlyDependOnLibsWithTags: ['scope:cluster-addons', 'scope:shared'] },
            { sourceTag: 'scope:data', onlyDependOnLibsWithTags: ['scope:data', 'scope:shared'] },
            { sourceTag: 'scope:observability', onlyDependOnLibsWithTags: ['scope:observability', 'scope:shared'] },
            { sourceTag: 'scope:ecs', onlyDependOnLibsWithTags: ['scope:ecs', 'scope:shared'] },
            { sourceTag: 'scope:recovery', onlyDependOnLibsWithTags: ['scope:recovery', 'scope:shared'] },
            { sourceTag: 'scope:security', onlyDependOnLibsWithTags: ['scope:security', 'scope:shared'] },
            // Prices synthesized stacks; reads nothing but their JSON.
            { sourceTag: 'scope:cost', onlyDependOnLibsWithTags: ['scope:cost', 'scope:shared'] },
            // Draws synthesized stacks; reads nothing but their JSON.
            { sourceTag: 'scope:diagrams', onlyDependOnLibsWithTags: ['scope:diagrams', 'scope:shared'] },
            { sourceTag: 'scope:delivery', onlyDependOnLibsWithTags: ['scope:delivery', 'scope:cost', 'scope:shared'] },
            { sourceTag: 'scope:guardrails', onlyDependOnLibsWithTags: ['scope:guardrails', 'scope:shared'] },
            { sourceTag: 'scope:workloads', onlyDependOnLibsWithTags: ['scope:workloads', 'scope:cluster-addons', 'scope:observability', 'scope:shared'] },
            { sourceTag: 'scope:config', onlyDependOnLibsWithTags: ['scope:config', 'scope:network', 'scope:cluster', 'scope:cluster-addons', 'scope:data', 'scope:ecs', 'scope:recovery', 'scope:observability', 'scope:workloads', 'scope:shared'] },
            {
              sourceTag: 'scope:platform',
              onlyDependOnLibsWithTags: ['scope:platform', 'scope:contracts', 'scope:config', 'scope:network', 'scope:state', 'scope:cluster', 'scope:cluster-addons', 'scope:data', 'scope:ecs', 'scope:recovery', 'scope:security', 'scope:cost', 'scope:diagrams', 'scope:observability', 'scope:guardrails', 'scope:workloads', 'scope:shared'],
            },
            // Whole-platform contracts read synthesized stacks of every kind, and the config that declares them.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:config', 'scope:guardrails', 'scope:state', 'scope:cluster-addons', 'scope:observability', 'scope:workloads', 'scope:shared'] },
            { sourceTag: 'scope:organization', onlyDependOnLibsWithTags: ['scope:config', 'scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:platform', 'scope:contracts', 'scope:cost', 'scope:diagrams', 'scope:config', 'scope:guardrails', 'scope:delivery', 'scope:recovery', 'scope:shared'] },
            // The bootstrap app creates the state stores of every environment, so it reads every environment's config.
            {
              sourceTag: 'scope:bootstrap',
              onlyDependOnLibsWithTags: ['scope:bootstrap', 'scope:development', 'scope:testing', 'scope:staging', 'scope:production', 'scope:storymagic-development', 'scope:storymagic-production', 'scope:platform', 'scope:shared'],
            },
            ...['development', 'testing', 'staging', 'production', 'storymagic-development', 'storymagic-production'].map((environment) => ({
              sourceTag: `scope:${environment}`,
              onlyDependOnLibsWithTags: [`scope:${environment}`, 'scope:organization', 'scope:platform', 'scope:config', 'scope:shared'],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
];
