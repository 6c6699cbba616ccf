// Architecture rules for obsbench, checked by `npm run lint` (depcruise src bench scripts).
//
// THE LAYER ORDER, bottom up. A module may import a module of its own layer or of a layer below,
// never one above. Type-only imports count: a type that an upper layer owns but a lower layer
// needs belongs in the lower layer.
//
//   1. model       src/model/ (telemetry batches, the resolved Scenario types and their unions,
//                  the shape of generated data, the RunResult types incl. LatencySummary and
//                  TimeseriesPoint) and the leaf modules at the top of src/: errors.ts, clock.ts,
//                  package-root.ts
//   2. result      src/result/: thresholds evaluated on a RunResult, the atomic result writer.
//                  Directly above model because scenario validates `expect:` metric names against
//                  THRESHOLD_METRICS (scenario -> result) and result needs nothing but model.
//   3. data        src/generators/, src/encoders/, src/stats/
//   4. transport   src/transport/
//   5. probes      src/probes/ (generic mechanisms: /proc, disk, PromQL/LogsQL clients, freshness,
//                  completeness, query latency)
//   6. targets     src/targets/ (each backend and its read probe, the registries, the built-in sink)
//   7. stack       src/stack/
//   8. scenario    src/scenario/ (loader, schema, rules)
//   9. load        src/load/
//  10. run         src/run/
//  11. campaigns   src/capacity/, src/claims/, src/compare/
//  12. reporters   src/reporters/
//  13. cli         src/cli/ (commands and the orchestration that runs and reports: run-suite,
//                  validate-claims)
//
// Besides: no cycles anywhere, and src/ never imports bench/, test/ or scripts/ (the bench runner
// is loaded at run time by path; see src/cli/commands/bench.ts).
//
/** Layers bottom up; each entry lists path regexes (relative to the repo root). */
const LAYERS = [
  { name: 'model', paths: ['^src/model/', '^src/[^/]+\\.ts$'] },
  { name: 'result', paths: ['^src/result/'] },
  { name: 'data', paths: ['^src/generators/', '^src/encoders/', '^src/stats/'] },
  { name: 'transport', paths: ['^src/transport/'] },
  { name: 'probes', paths: ['^src/probes/'] },
  { name: 'targets', paths: ['^src/targets/'] },
  { name: 'stack', paths: ['^src/stack/'] },
  { name: 'scenario', paths: ['^src/scenario/'] },
  { name: 'load', paths: ['^src/load/'] },
  { name: 'run', paths: ['^src/run/'] },
  { name: 'campaigns', paths: ['^src/capacity/', '^src/claims/', '^src/compare/'] },
  { name: 'reporters', paths: ['^src/reporters/', '^src/export/'] },
  { name: 'cli', paths: ['^src/cli/'] },
];

const layerRules = LAYERS.slice(0, -1).map((layer, index) => {
  const above = LAYERS.slice(index + 1);
  return {
    name: `layer-${index + 1}-${layer.name}`,
    comment: `${layer.name} (layer ${index + 1}) may not import the layers above it: ${above
      .map((l) => l.name)
      .join(', ')}. Move the shared code down instead.`,
    severity: 'error',
    from: { path: layer.paths },
    to: { path: above.flatMap((l) => l.paths) },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included: split the shared part into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-bench-test-scripts',
      comment: 'The shipped code never imports the benchmarks, the tests or the scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(bench|test|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment:
        'src/ is what `obsbench` runs after a production install: it may not import a devDependency (type-only imports excepted).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    // Absolute, so the config also works from another directory (test/unit/lint/layers.test.ts
    // cruises fixture trees with it).
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
