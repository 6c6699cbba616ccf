// stack/kubernetes/ cannot be applied here (no cluster): parse its manifests, check them against
// the Kubernetes API schema, and check that they fit together and with obsbench: N the same in
// the three places it is written, one image, volumes and ConfigMaps that exist, env vars that the
// args use defined, the merge reading where the shards write, and a scenario that obsbench loads
// and can run as shards.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { MERGE_HELP } from '../../../src/cli/commands/merge.js';
import { RUN_HELP } from '../../../src/cli/commands/run.js';
import { shardSpecOf } from '../../../src/cli/shard-options.js';
import { checkShardable } from '../../../src/run/shard-rules.js';
import { isLoopbackHost } from '../../../src/scenario/endpoint.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { parseEndpoint } from '../../../src/transport/endpoint-address.js';
import { schemaProblems } from './k8s-schema.js';
import {
  configMapsCreatedByReadme,
  loadManifests,
  type Manifest,
  type ManifestDoc,
  manifestFiles,
  podSpecOf,
  readme,
} from './manifests.js';

const manifests = loadManifests();
const README = readme();

function named(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.doc.kind === kind && m.doc.metadata?.name === name);
  assert.ok(found, `stack/kubernetes defines ${kind} ${name}`);
  return found.doc;
}

const shards = named('Job', 'obsbench-shards');
const merge = named('Job', 'obsbench-merge');
const withPods = manifests.filter((m): m is ManifestDoc => podSpecOf(m.doc) !== null);

/** The value after `flag` in a container's args. */
function flagValue(args: readonly string[], flag: string): string {
  const at = args.indexOf(flag);
  assert.ok(at >= 0 && at + 1 < args.length, `args give ${flag} a value: ${args.join(' ')}`);
  return args[at + 1];
}

test('every manifest parses, names its object, and the README lists each file', () => {
  assert.ok(manifests.length >= 5, 'the ConfigMap, the volume claim, two Jobs and the results pod');
  for (const { file, doc } of manifests) {
    assert.ok(doc.apiVersion && doc.kind && doc.metadata?.name, `${file}: apiVersion, kind, metadata.name`);
    assert.equal(doc.metadata.labels?.['app.kubernetes.io/name'], 'obsbench', `${file}: labelled obsbench`);
  }
  for (const file of manifestFiles()) assert.match(README, new RegExp(`\`${file}\``), `README names ${file}`);
});

test('every document passes the Kubernetes API schema: types, enums, required fields, no unknown fields', () => {
  const problems = schemaProblems(manifests.map((m) => m.doc));
  manifests.forEach(({ file, doc }, i) => {
    assert.deepEqual(problems[i], [], `${file} (${doc.kind} ${doc.metadata.name})`);
  });
});

test('the schema check fails a broken Job, one fault at a time', () => {
  const broken: [string, (job: Record<string, unknown>) => void][] = [
    ['completionMode of the wrong type', (j) => ((j.spec as Record<string, unknown>).completionMode = 42)],
    [
      'completionMode not one of the values',
      (j) => ((j.spec as Record<string, unknown>).completionMode = 'Index'),
    ],
    ['no pod template', (j) => delete (j.spec as Record<string, unknown>).template],
    ['parallelism as text', (j) => ((j.spec as Record<string, unknown>).parallelism = 'four')],
    ['a misspelt field', (j) => ((j.spec as Record<string, unknown>).completionmode = 'Indexed')],
    [
      'a field in the wrong place',
      (j) => {
        const spec = j.spec as { template: { spec: Record<string, unknown> } };
        spec.template.spec.image = 'obsbench:0.1.0';
      },
    ],
    [
      'a container without a name',
      (j) => {
        const spec = j.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
        delete spec.template.spec.containers[0].name;
      },
    ],
    ['the wrong apiVersion for a Job', (j) => (j.apiVersion = 'batch/v2')],
  ];
  const copies = broken.map(([, breakIt]) => {
    const copy = structuredClone(shards) as unknown as Record<string, unknown>;
    breakIt(copy);
    return copy;
  });
  const problems = schemaProblems([structuredClone(shards), ...copies]);
  assert.deepEqual(problems[0], [], 'the Job as checked in passes');
  broken.forEach(([fault], i) => {
    assert.ok(problems[i + 1].length > 0, `a Job with ${fault} fails the check`);
  });
});

test('the shards Job is Indexed, and N agrees: completions, parallelism and --shards', () => {
  const spec = shards.spec!;
  assert.equal(spec.completionMode, 'Indexed');
  const [container] = spec.template!.spec.containers;
  const args = container.args ?? [];
  assert.equal(args[0], 'run');
  const n = Number(flagValue(args, '--shards'));
  assert.ok(Number.isInteger(n) && n >= 1, `--shards ${n}`);
  assert.equal(spec.completions, n, 'completions == --shards');
  assert.equal(spec.parallelism, n, 'parallelism == --shards: every shard runs at once, from the same start');
  assert.equal(spec.template!.spec.restartPolicy, 'Never');
  assert.equal(spec.backoffLimitPerIndex, 0, 'a shard is never retried (a retry would start late)');
  assert.equal(spec.backoffLimit, undefined, 'one failed shard does not end the others');
  for (const flag of ['--run-id', '--start-at', '--out']) flagValue(args, flag);
  assert.equal(flagValue(args, '--ceiling'), '0');
  assert.equal(spec.template!.spec.containers.length, 1);
});

test('the shards ask for whole cores, requests equal to limits', () => {
  const [container] = shards.spec!.template!.spec.containers as {
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  }[];
  const { requests, limits } = container.resources ?? {};
  assert.ok(requests?.cpu && limits?.cpu, 'cpu requests and limits');
  assert.equal(requests.cpu, limits.cpu);
  assert.ok(Number.isInteger(Number(requests.cpu)), `whole cores: ${requests.cpu}`);
  assert.equal(requests.memory, limits.memory);
});

test('the shards spread over nodes: the anti-affinity selects the shard pods', () => {
  const template = shards.spec!.template!;
  const terms =
    template.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  assert.equal(terms.length, 1);
  const selector = terms[0].podAffinityTerm.labelSelector?.matchLabels ?? {};
  assert.ok(Object.keys(selector).length > 0);
  for (const [key, value] of Object.entries(selector))
    assert.equal(template.metadata?.labels?.[key], value, key);
  const mergeLabels = merge.spec!.template!.metadata?.labels ?? {};
  assert.ok(
    Object.entries(selector).some(([key, value]) => mergeLabels[key] !== value),
    'the merge pod is not one of them',
  );
});

test('every container runs one image, the one the README builds, as a non-root user', () => {
  const images = new Set(withPods.flatMap(({ doc }) => podSpecOf(doc)!.containers.map((c) => c.image)));
  assert.equal(images.size, 1, `one image: ${[...images].join(', ')}`);
  const [image] = images;
  assert.ok(image);
  assert.ok(README.includes(`docker build -t ${image} .`), `README builds ${image}`);
  for (const { file, doc } of withPods) {
    const context = podSpecOf(doc)!.securityContext;
    assert.equal(context?.runAsNonRoot, true, file);
    assert.ok((context?.runAsUser ?? 0) > 0, `${file}: runAsUser`);
  }
});

test('every volume mount names a volume of its pod, and every ConfigMap and claim used exists', () => {
  const created = configMapsCreatedByReadme(README);
  const defined = (kind: string, name: string) =>
    manifests.some((m) => m.doc.kind === kind && m.doc.metadata.name === name);
  for (const { file, doc } of withPods) {
    const pod = podSpecOf(doc)!;
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    assert.equal(volumes.size, (pod.volumes ?? []).length, `${file}: volume names are unique`);
    for (const container of pod.containers) {
      for (const mount of container.volumeMounts ?? []) {
        assert.ok(volumes.has(mount.name), `${file}: mount ${mount.name} is a volume of the pod`);
      }
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.configMapKeyRef;
        if (!ref) continue;
        const fromManifest = manifests.find(
          (m) => m.doc.kind === 'ConfigMap' && m.doc.metadata.name === ref.name,
        );
        const keys = fromManifest ? new Set(Object.keys(fromManifest.doc.data ?? {})) : created.get(ref.name);
        assert.ok(
          keys,
          `${file}: ConfigMap ${ref.name} (for ${env.name}) is a manifest or the README creates it`,
        );
        assert.ok(keys.has(ref.key), `${file}: ConfigMap ${ref.name} has the key ${ref.key}`);
      }
    }
    for (const volume of volumes.values()) {
      if (volume.configMap) assert.ok(defined('ConfigMap', volume.configMap.name), `${file}: ${volume.name}`);
      else if (volume.persistentVolumeClaim)
        assert.ok(
          defined('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName),
          `${file}: ${volume.name}`,
        );
      else assert.fail(`${file}: volume ${volume.name} is a ConfigMap or a claim`);
    }
  }
  assert.deepEqual([...created.keys()], ['obsbench-run'], 'the README creates the per-run ConfigMap');
});

test('the results volume is ReadWriteMany: the shards on several nodes mount it at once', () => {
  const claims = manifests.filter((m) => m.doc.kind === 'PersistentVolumeClaim');
  assert.equal(claims.length, 1);
  assert.deepEqual(claims[0].doc.spec?.accessModes, ['ReadWriteMany']);
});

test('args and commands use only env vars their container defines', () => {
  for (const { file, doc } of withPods) {
    for (const container of podSpecOf(doc)!.containers) {
      const defined = new Set((container.env ?? []).map((e) => e.name));
      for (const word of [...(container.command ?? []), ...(container.args ?? [])]) {
        assert.doesNotMatch(word, /\$\{|\$[A-Za-z_]/, `${file}: ${word}: Kubernetes expands only $(VAR)`);
        for (const ref of word.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          assert.ok(defined.has(ref[1]), `${file}: ${word} uses $(${ref[1]}), which the container defines`);
        }
      }
    }
  }
});

/** The volume and path inside it that a container path falls in. */
function mountOf(doc: Manifest, path: string): { volume: string; rest: string } {
  const [container] = podSpecOf(doc)!.containers;
  const mount = (container.volumeMounts ?? []).find((m) => path.startsWith(`${m.mountPath}/`));
  assert.ok(mount, `${path} is on a mounted volume`);
  const volume = podSpecOf(doc)!.volumes!.find((v) => v.name === mount.name)!;
  const source = volume.configMap?.name ?? volume.persistentVolumeClaim?.claimName ?? '';
  return { volume: source, rest: path.slice(mount.mountPath.length + 1) };
}

test('the merge reads the directory the shards write, on the same volume, and writes beside them', () => {
  const shardArgs = shards.spec!.template!.spec.containers[0].args ?? [];
  const mergeArgs = merge.spec!.template!.spec.containers[0].args ?? [];
  assert.equal(mergeArgs[0], 'merge');
  const written = mountOf(shards, flagValue(shardArgs, '--out'));
  const read = mountOf(merge, mergeArgs[1]);
  assert.deepEqual(read, written);
  const mergedOut = mountOf(merge, flagValue(mergeArgs, '--out'));
  assert.equal(mergedOut.volume, written.volume);
  assert.ok(mergedOut.rest.startsWith(`${written.rest}/`), 'the merged result goes under the run directory');
  // The run directory is the run's: RUN_ID in both, from the same ConfigMap key.
  const runIdRef = (doc: Manifest) =>
    podSpecOf(doc)!.containers[0].env?.find((e) => e.name === 'RUN_ID')?.valueFrom?.configMapKeyRef;
  assert.deepEqual(runIdRef(merge), runIdRef(shards));
  assert.equal(flagValue(shardArgs, '--run-id'), '$(RUN_ID)');
});

/** The shards' args with $(RUN_ID) and $(START_AT) as the README's commands make them. */
function shardFlags(): { args: string[]; runId: string; startAt: string } {
  const runIdCommand = /^RUN_ID=([a-z-]*)\$\(date -u \+(\S+)\)$/m.exec(README);
  const startAtCommand = /^START_AT=\$\(date -u -d '([^']+)' \+(\S+)\)$/m.exec(README);
  assert.ok(runIdCommand && startAtCommand, 'the README sets RUN_ID and START_AT with date');
  const runId =
    runIdCommand[1] + execFileSync('date', ['-u', `+${runIdCommand[2]}`], { encoding: 'utf8' }).trim();
  const startAt = execFileSync('date', ['-u', '-d', startAtCommand[1], `+${startAtCommand[2]}`], {
    encoding: 'utf8',
  }).trim();
  const args = (shards.spec!.template!.spec.containers[0].args ?? []).map((a) =>
    a.replace('$(RUN_ID)', runId).replace('$(START_AT)', startAt),
  );
  return { args, runId, startAt };
}

test("every flag the Jobs pass is one of the command's, as its --help lists them", () => {
  const jobs: [Manifest, string][] = [
    [shards, RUN_HELP],
    [merge, MERGE_HELP],
  ];
  for (const [job, help] of jobs) {
    for (const arg of job.spec!.template!.spec.containers[0].args ?? []) {
      if (arg.startsWith('--'))
        assert.match(help, new RegExp(`^ {2}${arg}\\b`, 'm'), `${job.metadata.name}: ${arg}`);
    }
  }
});

test('each pod of the Indexed Job is a shard of one run: the run id and start time the README makes', () => {
  const { args, runId, startAt } = shardFlags();
  const n = Number(flagValue(args, '--shards'));
  for (let index = 0; index < n; index++) {
    const spec = shardSpecOf(
      {
        shards: flagValue(args, '--shards'),
        runId: flagValue(args, '--run-id'),
        startAt: flagValue(args, '--start-at'),
      },
      { JOB_COMPLETION_INDEX: String(index) },
    );
    assert.deepEqual(spec, { index, count: n, runId, startAtEpochMs: Date.parse(startAt) });
  }
  const ahead = Date.parse(startAt) - Date.now();
  assert.ok(
    ahead >= 60_000,
    `the start time is minutes ahead, for the pods to be pulled and ready: ${startAt}`,
  );
});

test("the ConfigMap's scenario loads with obsbench's loader and can run as these shards", () => {
  const { args } = shardFlags();
  const { volume, rest } = mountOf(shards, args[1]);
  const configMap = named('ConfigMap', volume);
  const text = configMap.data?.[rest];
  assert.ok(text, `ConfigMap ${volume} has the key ${rest}`);
  const scenario = parseScenario(text, args[1]);
  const target = scenario.target;
  assert.ok(target.endpoint, 'shards send to one endpoint they share');
  const parsed = parseEndpoint(target.endpoint);
  assert.ok(parsed.ok);
  assert.equal(isLoopbackHost(parsed.address.host), false, 'a backend outside the pod');
  assert.equal(target.allowNonLoopback, true);
  // obsbench run's own check: one scenario, once, an unmanaged shared endpoint, enough slices.
  const spec = shardSpecOf(
    {
      shards: flagValue(args, '--shards'),
      runId: flagValue(args, '--run-id'),
      startAt: flagValue(args, '--start-at'),
    },
    { JOB_COMPLETION_INDEX: '0' },
  );
  assert.ok(spec);
  checkShardable([scenario], spec);
});

test('without allowNonLoopback the loader refuses the scenario: the flag is what lets it load', () => {
  const text = named('ConfigMap', 'obsbench-scenario').data?.['scenario.yaml'] ?? '';
  assert.throws(
    () => parseScenario(text.replace(/^\s*allowNonLoopback: true\n/m, ''), 'scenario.yaml'),
    /allowNonLoopback/,
  );
});
