// Architecture rules, checked in CI (`npm run depcheck`). The domain decides everything and
// depends on nothing but luxon, so the backtest runs exactly the code production runs.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain may not reach frameworks, I/O, drivers or other libs (STYLE.md §1).',
      severity: 'error',
      from: { path: '^libs/domain' },
      to: {
        pathNot: ['^libs/domain', 'node_modules/luxon', 'node_modules/@types/luxon'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^libs/domain' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|net|http|https|child_process|worker_threads|dgram|tls|node:fs|node:net|node:http|node:https|node:child_process|node:worker_threads)$',
      },
    },
    {
      name: 'contracts-only-on-domain',
      comment: 'Message contracts are plain schemas: zod and the domain types only.',
      severity: 'error',
      from: { path: '^libs/contracts' },
      to: { pathNot: ['^libs/(contracts|domain)', 'node_modules/(zod|luxon)', 'node_modules/@types/luxon'] },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|^dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
