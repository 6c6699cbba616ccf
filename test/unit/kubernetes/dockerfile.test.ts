// The Dockerfile cannot be built here (no Docker engine): lint it with dockerfile-utils, parse it
// with dockerfile-ast, and check what the build and the image do: npm ci and the build, no Go,
// a non-root user the pods run as, the CLI as entrypoint, every file obsbench reads at run time
// copied in, and nothing it copies left out of the build context by .dockerignore.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { packageRoot } from '../../../src/package-root.js';
import { loadManifests, podSpecOf } from './manifests.js';

const ROOT = packageRoot();
const TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(TEXT);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  engines: { node: string };
};

/** The build stages, in order: the instructions from each FROM up to the next. */
function stages(): { from: string; name: string | null; instructions: Instruction[] }[] {
  const out: { from: string; name: string | null; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line)!;
      out.push({ from: from.getImage() ?? '', name: from.getBuildStage(), instructions: [] });
    } else {
      assert.ok(out.length > 0, `${instruction.getKeyword()} before any FROM`);
      out[out.length - 1].instructions.push(instruction);
    }
  }
  return out;
}
const STAGES = stages();
const FINAL = STAGES[STAGES.length - 1];
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const of = (keyword: string, instructions: Instruction[] = dockerfile.getInstructions()) =>
  instructions.filter((i) => i.getKeyword() === keyword);

test('the Dockerfile lints clean (dockerfile-utils: instructions, flags, arguments)', () => {
  assert.deepEqual(
    validate(TEXT).map((d) => `${d.range.start.line + 1}: ${String(d.message)}`),
    [],
  );
});

test('the lint fails a broken Dockerfile, so the check above can fail', () => {
  const broken = TEXT.replace('ENTRYPOINT', 'ENTRYPONT').replace('COPY --from=build', 'COPY --frm=build');
  const messages = validate(broken).map((d) => String(d.message));
  assert.ok(
    messages.some((m) => /Unknown instruction/.test(m)),
    messages.join('; '),
  );
  assert.ok(
    messages.some((m) => /Unknown flag/.test(m)),
    messages.join('; '),
  );
});

test("two stages on Node's slim image, at the major version package.json requires", () => {
  assert.equal(STAGES.length, 2);
  const major = /(\d+)/.exec(pkg.engines.node)?.[1];
  for (const stage of STAGES) assert.equal(stage.from, `node:${major}-bookworm-slim`);
  assert.ok(STAGES[0].name, 'the build stage is named');
  for (const copy of of('COPY', FINAL.instructions) as Copy[]) {
    const from = copy.getFromFlag()?.getValue();
    if (from !== undefined && from !== null)
      assert.equal(from, STAGES[0].name, 'copies from the build stage');
  }
});

test('the build stage installs with npm ci from the lockfile and builds; no Go anywhere', () => {
  const runs = of('RUN', STAGES[0].instructions).map((i) => i.getArgumentsContent() ?? '');
  const ci = runs.findIndex((r) => /\bnpm ci\b/.test(r));
  const build = runs.findIndex((r) => /\bnpm run build\b/.test(r));
  assert.ok(ci >= 0 && build > ci, `npm ci, then npm run build: ${runs.join(' | ')}`);
  assert.ok(pkg.scripts.build, 'package.json has the build script');
  assert.ok(
    of('COPY', STAGES[0].instructions).some((c) => args(c).includes('package-lock.json')),
    'npm ci needs the lockfile',
  );
  for (const instruction of dockerfile.getInstructions()) {
    const text = instruction.getArgumentsContent() ?? '';
    assert.doesNotMatch(text, /\bgolang\b|\bgo (build|install|mod)\b|stack install/, `no Go: ${text}`);
  }
});

test('the image runs the obsbench CLI as its entrypoint, from an absolute WORKDIR', () => {
  const entrypoints = of('ENTRYPOINT', FINAL.instructions);
  assert.equal(entrypoints.length, 1);
  assert.match(entrypoints[0].getArgumentsContent() ?? '', /^\[/, 'exec (JSON) form: signals reach node');
  const argv = JSON.parse(entrypoints[0].getArgumentsContent() ?? '[]') as string[];
  assert.deepEqual(argv, ['node', pkg.bin.obsbench]);
  const workdirs = of('WORKDIR', FINAL.instructions).map((w) => args(w)[0]);
  assert.equal(workdirs.length, 1);
  assert.match(workdirs[0], /^\//);
});

test('the image runs as a numeric non-root user, the one every pod runs as', () => {
  const users = of('USER', FINAL.instructions).map((u) => args(u)[0]);
  assert.equal(users.length, 1, 'one USER in the final stage');
  const [uid, gid] = users[0].split(':');
  assert.match(uid, /^\d+$/, 'numeric, so that runAsNonRoot can check it');
  assert.notEqual(Number(uid), 0);
  for (const { file, doc } of loadManifests()) {
    const pod = podSpecOf(doc);
    if (!pod) continue;
    assert.equal(pod.securityContext?.runAsUser, Number(uid), `${file}: runAsUser`);
    if (gid !== undefined) assert.equal(pod.securityContext?.fsGroup, Number(gid), `${file}: fsGroup`);
  }
});

/** The paths a stage's COPY instructions take from the build context (not --from a stage). */
function contextSources(stage: { instructions: Instruction[] }): string[] {
  return (of('COPY', stage.instructions) as Copy[])
    .filter((c) => c.getFromFlag() === null)
    .flatMap((c) =>
      args(c)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
}

/** Every file under dir, relative to the repository root. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(join(ROOT, f)).isFile());
}

const covers = (sources: readonly string[], file: string) =>
  sources.some((s) => file === s || file.startsWith(`${s.replace(/\/$/, '')}/`));

test('the image has every file obsbench reads at run time besides its compiled code', () => {
  const finalSources = contextSources(FINAL);
  const fromBuild = (of('COPY', FINAL.instructions) as Copy[])
    .filter((c) => c.getFromFlag() !== null)
    .flatMap((c) =>
      args(c)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
  // The compiled code, its production dependencies and package.json (the package root and the
  // version in every result) come from the build stage.
  for (const path of ['/app/dist/src', '/app/node_modules', '/app/package.json'])
    assert.ok(fromBuild.includes(path), `COPY --from=build ${path}`);
  // The files under src/ that are not TypeScript (the HTML report's CSS and script) ship as they are.
  const assets = filesUnder('src').filter((f) => !f.endsWith('.ts'));
  assert.ok(assets.length > 0);
  for (const asset of assets) assert.ok(covers(finalSources, asset), `the image copies ${asset}`);
  // Config templates and version pins (packageRoot()/stack), and the example scenarios.
  for (const dir of ['stack', 'scenarios']) assert.ok(covers(finalSources, dir), `the image copies ${dir}/`);
});

/** .dockerignore's patterns: a name or path, or *.ext; no negation. */
function ignoredBy(patterns: readonly string[], path: string): boolean {
  return patterns.some((p) => {
    if (p.startsWith('*.')) return path.endsWith(p.slice(1));
    return path === p || path.startsWith(`${p}/`);
  });
}

test('.dockerignore keeps local state out of the context and every copied file in', () => {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const p of patterns) assert.doesNotMatch(p, /^!|\*\*|\?|\[/, `a pattern ignoredBy reads: ${p}`);
  for (const local of ['node_modules', 'dist', '.git', 'results', '.stack'])
    assert.ok(ignoredBy(patterns, local), `.dockerignore has ${local}`);
  for (const stage of STAGES) {
    for (const source of contextSources(stage)) {
      const path = source.replace(/^\.\//, '');
      const files = statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
      for (const file of files)
        assert.ok(!ignoredBy(patterns, file), `${file} (COPY ${source}) is in the context`);
    }
  }
});

test('the image is tagged with the package version, as the READMEs build it and the pods run it', () => {
  const image = `obsbench:${pkg.version}`;
  const build = `docker build -t ${image} .`;
  assert.ok(TEXT.includes(build), `the Dockerfile's header says ${build}`);
  for (const readme of ['README.md', 'stack/kubernetes/README.md']) {
    assert.ok(readFileSync(join(ROOT, readme), 'utf8').includes(build), `${readme}: ${build}`);
  }
  for (const { file, doc } of loadManifests()) {
    for (const container of podSpecOf(doc)?.containers ?? []) assert.equal(container.image, image, file);
  }
});
