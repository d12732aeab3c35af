/**
 * The house's dependency rule, checked by `npm test` (README, "Layers"). Type imports count: a cycle through
 * `import type` is still a knot to untie. Inside core/, from the bottom up:
 *   leaves: text, time, vocabulary, words, core.ts, errors.ts
 *   base: directory, admins, audiences, scheduler, exports, operations
 *   deliveries
 *   features, each importing only those before it in `features`
 *   orchestration: dashboard, schedule, demo, erasure, health.ts (anything in core)
 */
const leaves = '^core/(text|time|vocabulary|words)/|^core/(core|errors)\\.ts$';
const base = '^core/(directory|admins|audiences|scheduler|exports|operations)/';
const features = ['school-chats', 'subscriptions', 'surveys', 'tasks', 'events', 'broadcasts', 'channels', 'roadmaps', 'onboarding'];
const orchestration = '^core/(dashboard|schedule|demo|erasure)/|^core/health\\.ts$';
const featurePath = `^core/(${features.join('|')})/`;
const drivers = '^node_modules/(better-sqlite3|drizzle-orm/(better-sqlite3|d1))/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    { name: 'core-knows-no-adapter', severity: 'error', from: { path: '^core/' }, to: { path: '^(admin|bot|max|runtime|sandbox|jobs)/' } },
    {
      name: 'db-knows-no-domain',
      comment: 'the schema may name the vocabulary (a pure leaf), nothing else of core',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^core/', pathNot: '^core/vocabulary/' },
    },
    {
      name: 'vocabulary-is-pure',
      comment: 'db imports it, so it imports nothing of ours',
      severity: 'error',
      from: { path: '^core/vocabulary/' },
      to: { path: '^(core|db)/', pathNot: '^core/vocabulary/' },
    },
    { name: 'leaves-import-leaves', severity: 'error', from: { path: leaves }, to: { path: '^core/', pathNot: leaves } },
    { name: 'base-imports-leaves', severity: 'error', from: { path: base }, to: { path: '^core/', pathNot: `${leaves}|${base}` } },
    {
      name: 'deliveries-import-base',
      severity: 'error',
      from: { path: '^core/deliveries/' },
      to: { path: '^core/', pathNot: `${leaves}|${base}|^core/deliveries/` },
    },
    {
      name: 'features-import-no-orchestration',
      severity: 'error',
      from: { path: `${featurePath}|^core/deliveries/|${base}` },
      to: { path: orchestration },
    },
    // A feature never imports one that comes after it, so features cannot depend on each other in a ring.
    ...features.slice(0, -1).map((feature, i) => ({
      name: `feature-order-${feature}`,
      severity: 'error',
      from: { path: `^core/${feature}/` },
      to: { path: `^core/(${features.slice(i + 1).join('|')})/` },
    })),
    {
      name: 'every-core-folder-has-a-layer',
      severity: 'error',
      from: { path: '^core/', pathNot: `${leaves}|${base}|^core/deliveries/|${featurePath}|${orchestration}` },
      to: {},
    },
    { name: 'bot-stays-apart', severity: 'error', from: { path: '^bot/' }, to: { path: '^(admin|jobs|max|sandbox)/' } },
    {
      name: 'max-stays-apart',
      comment: 'the MAX adapter, like bot/, serves the domain: it imports core, never the panel, the Telegram bot or the runtime',
      severity: 'error',
      from: { path: '^max/' },
      to: { path: '^(admin|bot|jobs|runtime|sandbox)/' },
    },
    { name: 'jobs-stay-apart', severity: 'error', from: { path: '^jobs/' }, to: { path: '^(admin|bot|max|sandbox)/' } },
    { name: 'db-knows-no-sandbox', severity: 'error', from: { path: '^db/' }, to: { path: '^sandbox/' } },
    {
      name: 'panel-reaches-the-fake-through-its-port',
      comment: "admin/sandbox-port.ts is the panel's own interface; runtime/ and sandbox/ fit it",
      severity: 'error',
      from: { path: '^admin/' },
      to: { path: '^(jobs|runtime|sandbox)/' },
    },
    {
      name: 'panel-uses-only-the-bot-types',
      comment: 'the webhook hands updates to a bot it is given',
      severity: 'error',
      from: { path: '^admin/' },
      to: { path: '^(bot|max)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-import-no-driver',
      comment: 'bot, panel and jobs run on Node and Workers alike',
      severity: 'error',
      from: { path: '^(bot|max|admin|jobs)/' },
      to: { path: drivers },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
