/** Layer rules of STYLE.md, enforced in `pnpm lint`. */
module.exports = {
  forbidden: [
    {
      name: 'apps-do-not-import-apps',
      comment: 'Apps talk over HTTP and Kafka, never by importing each other.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-are-framework-free',
      comment:
        'libs/contracts is shared by every process, the browser included: zod and plain TS only.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: 'node_modules/(@nestjs|@prisma|kafkajs|pg)' },
    },
    {
      name: 'domain-is-pure',
      comment: 'A domain folder imports nothing from Nest, Prisma or Kafka.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/[^/]+/domain/' },
      to: {
        path: 'node_modules/(@nestjs|@prisma|kafkajs|pg)|/infrastructure/|/interface/|/generated/',
      },
    },
    {
      name: 'production-code-does-not-import-testing',
      severity: 'error',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: '\\.spec\\.ts$|^libs/testing/' },
      to: { path: '^libs/testing/|node_modules/@claimguard/testing' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules|/generated/' },
    exclude: { path: '(^|/)(dist|\\.next)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
