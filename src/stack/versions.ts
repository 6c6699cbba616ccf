// The pinned backend versions (stack/versions): parsed and validated once, with errors that name
// the file, the line and the field. Everything the installer builds comes from here.

import { readFileSync } from 'node:fs';
import { ObsbenchError } from '../errors.js';

const BUILD_ROUTES = ['go-install', 'download-build', 'collector-builder', 'unavailable'] as const;
export type BuildRoute = (typeof BUILD_ROUTES)[number];

/** One backend line of stack/versions. */
export interface BackendPin {
  readonly name: string;
  readonly route: BuildRoute;
  readonly module: string;
  readonly version: string;
  /** Package to build, relative to the module root (`.` is the root itself). */
  readonly pkg: string;
  /** `-ldflags -X` assignments with {name} and {version} already replaced. */
  readonly ldflagsX: readonly string[];
  readonly tags: readonly string[];
  /** download-build: `go mod edit -replace` arguments (OLD=NEW@VERSION), for dependencies not served. */
  readonly replaces: readonly string[];
  /** collector-builder: the builder manifest, relative to the repo root. */
  readonly manifest: string | undefined;
  /** The flag that makes the binary print its version, when it has one. */
  readonly versionFlag: string | undefined;
  /** unavailable: why it is not built. */
  readonly reason: string | undefined;
  /** 1-based line in the versions file, for messages. */
  readonly line: number;
}

export interface GoRequirement {
  readonly major: number;
  readonly minor: number;
}

export interface StackVersions {
  readonly source: string;
  readonly requireGo: GoRequirement;
  readonly backends: readonly BackendPin[];
}

const NAME_RE = /^[a-z0-9][a-z0-9-]*$/;
// A module path: a first element with a dot (a host), then slash-separated elements.
const MODULE_RE = /^[a-z0-9.-]+\.[a-z]{2,}(\/[A-Za-z0-9._~+-]+)+$/;
// Semantic version with optional pre-release (pseudo-versions are pre-releases) and build suffix.
const VERSION_RE = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const PKG_RE = /^\.(\/[A-Za-z0-9._-]+)*$/;
const X_RE = /^[A-Za-z0-9._/-]+\.[A-Za-z_][A-Za-z0-9_]*=\S*$/;
const REPLACE_RE = /^[A-Za-z0-9._~/-]+=[A-Za-z0-9._~/-]+@v\d+\.\d+\.\d+\S*$/;
const TAG_RE = /^[A-Za-z0-9_.]+$/;
const FLAG_RE = /^--?[A-Za-z][A-Za-z0-9.-]*$/;
const REQUIRE_GO_RE = /^(\d+)\.(\d+)$/;

const OPTIONS_BY_ROUTE: Record<BuildRoute, readonly string[]> = {
  'go-install': ['pkg', 'x', 'tags', 'version-flag'],
  'download-build': ['pkg', 'x', 'tags', 'replace', 'version-flag'],
  'collector-builder': ['manifest', 'version-flag'],
  unavailable: [],
};

/** Reads and validates a versions file; a missing file is an error naming the path. */
export function loadStackVersions(path: string): StackVersions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new ObsbenchError(
      'E_STACK',
      `${path}: cannot read the stack versions file (${reason}); it ships with obsbench as stack/versions`,
    );
  }
  return parseStackVersions(text, path);
}

/** Parses the text of a versions file; `source` only names it in error messages. */
export function parseStackVersions(text: string, source: string): StackVersions {
  const backends: BackendPin[] = [];
  let requireGo: GoRequirement | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const content = stripComment(lines[i]).trim();
    if (content === '') continue;
    const fields = content.split(/\s+/);
    const fail = (what: string): never => {
      throw new ObsbenchError('E_STACK', `${source}:${lineNo}: ${what}`);
    };
    if (fields[0] === 'require-go') {
      const m = fields.length === 2 ? REQUIRE_GO_RE.exec(fields[1]) : null;
      if (!m)
        fail(`require-go: expected one MAJOR.MINOR version such as 1.26, got ${JSON.stringify(content)}`);
      if (requireGo) fail('require-go: given twice; keep one line');
      requireGo = { major: Number(m?.[1]), minor: Number(m?.[2]) };
      continue;
    }
    if (fields.length < 4) {
      fail(
        `expected NAME ROUTE MODULE VERSION [KEY=VALUE ...], got ${fields.length} field(s): ${JSON.stringify(content)}`,
      );
    }
    const [name, route, module, version] = fields;
    if (!NAME_RE.test(name)) fail(`name ${JSON.stringify(name)}: use lower-case letters, digits and dashes`);
    if (backends.some((b) => b.name === name))
      fail(`name ${JSON.stringify(name)}: pinned twice; keep one line`);
    if (!isRoute(route))
      fail(`route ${JSON.stringify(route)} of ${name}: expected one of ${BUILD_ROUTES.join(', ')}`);
    if (!MODULE_RE.test(module)) {
      fail(
        `module ${JSON.stringify(module)} of ${name}: expected a Go module path such as github.com/owner/repo`,
      );
    }
    if (!VERSION_RE.test(version)) {
      fail(
        `version ${JSON.stringify(version)} of ${name}: expected a module version such as v1.2.3 or a pseudo-version`,
      );
    }
    const rest = fields.slice(4);
    const r = route as BuildRoute;
    if (r === 'unavailable') {
      if (rest.length === 0) fail(`${name} is unavailable: say why after the version (one line of text)`);
      backends.push(pin(name, r, module, version, lineNo, { reason: rest.join(' ') }));
      continue;
    }
    const options = parseOptions(name, r, rest, fail);
    if (r === 'download-build' && options.pkg === undefined)
      fail(`${name}: download-build needs pkg=./path/to/main`);
    if (r === 'collector-builder' && options.manifest === undefined) {
      fail(`${name}: collector-builder needs manifest=FILE (a builder manifest, repo-relative)`);
    }
    const ldflagsX = options.x.map((x) => x.replaceAll('{name}', name).replaceAll('{version}', version));
    backends.push(pin(name, r, module, version, lineNo, { ...options, ldflagsX }));
  }
  if (!requireGo) {
    throw new ObsbenchError(
      'E_STACK',
      `${source}: missing the line "require-go MAJOR.MINOR" (e.g. require-go 1.26)`,
    );
  }
  if (backends.length === 0) throw new ObsbenchError('E_STACK', `${source}: pins no backend`);
  return { source, requireGo, backends };
}

interface ParsedOptions {
  pkg?: string;
  x: string[];
  replaces: string[];
  tags: string[];
  manifest?: string;
  versionFlag?: string;
}

function parseOptions(
  name: string,
  route: BuildRoute,
  tokens: readonly string[],
  fail: (what: string) => never,
): ParsedOptions {
  const allowed = OPTIONS_BY_ROUTE[route];
  const out: ParsedOptions = { x: [], tags: [], replaces: [] };
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) fail(`${name}: option ${JSON.stringify(token)} is not KEY=VALUE`);
    const key = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (!allowed.includes(key)) {
      fail(
        `${name}: option ${JSON.stringify(key)} is not allowed for route ${route}; allowed: ${allowed.join(', ')}`,
      );
    }
    if (key !== 'x' && key !== 'tags' && key !== 'replace' && optionSet(out, key))
      fail(`${name}: option ${key} given twice`);
    if (key === 'pkg') {
      if (!PKG_RE.test(value))
        fail(`${name}: pkg=${value}: expected a module-relative directory such as ./cmd/app`);
      out.pkg = value;
    } else if (key === 'x') {
      if (!X_RE.test(value)) fail(`${name}: x=${value}: expected IMPORT/PATH.Variable=VALUE (no spaces)`);
      out.x.push(value);
    } else if (key === 'replace') {
      if (!REPLACE_RE.test(value)) fail(`${name}: replace=${value}: expected MODULE=MODULE@VERSION`);
      out.replaces.push(value);
    } else if (key === 'tags') {
      const tags = value.split(',');
      if (!tags.every((t) => TAG_RE.test(t)))
        fail(`${name}: tags=${value}: expected comma-separated build tags`);
      out.tags.push(...tags);
    } else if (key === 'manifest') {
      if (value === '' || value.startsWith('/') || value.split('/').includes('..')) {
        fail(
          `${name}: manifest=${value}: expected a path inside the repo, such as stack/collector/builder.yaml`,
        );
      }
      out.manifest = value;
    } else if (key === 'version-flag') {
      if (!FLAG_RE.test(value)) fail(`${name}: version-flag=${value}: expected a flag such as --version`);
      out.versionFlag = value;
    }
  }
  return out;
}

function optionSet(out: ParsedOptions, key: string): boolean {
  if (key === 'pkg') return out.pkg !== undefined;
  if (key === 'manifest') return out.manifest !== undefined;
  return out.versionFlag !== undefined;
}

function pin(
  name: string,
  route: BuildRoute,
  module: string,
  version: string,
  line: number,
  o: {
    pkg?: string;
    ldflagsX?: string[];
    tags?: string[];
    replaces?: string[];
    manifest?: string;
    versionFlag?: string;
    reason?: string;
  },
): BackendPin {
  return {
    name,
    route,
    module,
    version,
    pkg: o.pkg ?? '.',
    ldflagsX: o.ldflagsX ?? [],
    tags: o.tags ?? [],
    replaces: o.replaces ?? [],
    manifest: o.manifest,
    versionFlag: o.versionFlag,
    reason: o.reason,
    line,
  };
}

function isRoute(route: string): route is BuildRoute {
  return (BUILD_ROUTES as readonly string[]).includes(route);
}

// A comment starts at a '#' at the line start or after whitespace; option values hold no '#'.
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

/**
 * The pins for `names` (all when empty), or a usage error naming the unknown ones. `NAME@VERSION`
 * asks for another release of a pinned backend: the same build, at that version, cached under
 * that name beside the pinned one (for A/B of versions).
 */
export function selectBackends(versions: StackVersions, names: readonly string[]): BackendPin[] {
  if (names.length === 0) return [...versions.backends];
  const other = names.filter((n) => n.includes('@'));
  const plain = names.filter((n) => !n.includes('@'));
  return [...selectPinned(versions, plain), ...other.map((n) => otherRelease(versions, n))];
}

function otherRelease(versions: StackVersions, spec: string): BackendPin {
  const at = spec.indexOf('@');
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const [pin] = selectPinned(versions, [name]);
  if (!/^v[0-9][0-9A-Za-z.+-]*$/.test(version)) {
    throw new ObsbenchError('E_USAGE', `stack: ${JSON.stringify(spec)}: the version must look like v1.148.9`);
  }
  if (pin.route !== 'go-install' && pin.route !== 'download-build') {
    throw new ObsbenchError(
      'E_USAGE',
      `stack: ${spec}: ${name} is built by ${pin.route}, whose versions are fixed in its manifest; only go-install and download-build backends take NAME@VERSION`,
    );
  }
  if (version === pin.version) return pin;
  return {
    ...pin,
    name: `${name}@${version}`,
    version,
    // The version stamped into the binary follows the release built.
    ldflagsX: pin.ldflagsX.map((x) => x.split(pin.version).join(version)),
  };
}

function selectPinned(versions: StackVersions, names: readonly string[]): BackendPin[] {
  if (names.length === 0) return [];
  const unknown = names.filter((n) => !versions.backends.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new ObsbenchError(
      'E_USAGE',
      `stack: unknown backend ${unknown.map((n) => JSON.stringify(n)).join(', ')}: expected one of ${versions.backends.map((b) => b.name).join(', ')}`,
    );
  }
  const wanted = new Set(names);
  return versions.backends.filter((b) => wanted.has(b.name));
}
