// A fake `go` (and a fake Collector builder) as shell scripts in a temp dir, for testing the install
// orchestration without real builds. Every build command is appended to a log the tests read.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StubGo {
  readonly dir: string;
  /** PATH for the install: the stub first, then the system's shell tools (which hold no go). */
  readonly env: NodeJS.ProcessEnv;
  /** Build commands the stub ran, one per line (env GOVERSION is not logged). */
  log(): string[];
}

// A built "binary" prints its name and the module version when asked for its version.
const FAKE_BINARY = `#!/bin/sh
echo "fake $NAME $VERSION"
`;

// The fake builder reads dist.name and dist.output_path from the manifest copy it is given.
const FAKE_BUILDER = `#!/bin/sh
cfg=\${1#--config=}
echo "builder $cfg" >> "$STUB_GO_LOG"
out=$(sed -n 's/^  output_path: //p' "$cfg")
name=$(sed -n 's/^  name: //p' "$cfg" | head -n 1)
mkdir -p "$out"
printf '#!/bin/sh\\necho "fake collector %s"\\n' "$name" > "$out/$name"
chmod +x "$out/$name"
`;

const STUB = `#!/bin/sh
case "$1" in
env)
  echo "\${STUB_GO_VERSION:-go1.26.8}"
  exit 0 ;;
install)
  for a in "$@"; do target="$a"; done
  echo "install $target" >> "$STUB_GO_LOG"
  case "$target" in
  *notserved*)
    echo "go: downloading example.com/other v1.0.0" >&2
    echo "go: \${target}: reading https://proxy.example/example.com/notserved/@v/v1.0.0.info: 404 Not Found" >&2
    exit 1 ;;
  esac
  path=\${target%@*}
  version=\${target#*@}
  name=\${path##*/}
  if [ "$name" = builder ]; then
    cp "$STUB_DIR/fake-builder" "$GOBIN/builder"
  else
    printf '#!/bin/sh\\nNAME=%s VERSION=%s\\n' "$name" "$version" > "$GOBIN/$name"
    cat "$STUB_DIR/fake-binary" >> "$GOBIN/$name"
  fi
  chmod +x "$GOBIN/$name"
  exit 0 ;;
mod)
  if [ "$2" = edit ]; then
    echo "mod-edit $3 in $(basename "$PWD")" >> "$STUB_GO_LOG"
    exit 0
  fi
  mod=\${4%@*}
  echo "mod-download $4" >> "$STUB_GO_LOG"
  src="$STUB_DIR/modcache/$mod"
  if [ ! -d "$src" ]; then
    mkdir -p "$src/vendor" "$src/cmd/app"
    echo "module $mod" > "$src/go.mod"
    chmod 444 "$src/go.mod"
  fi
  printf '{"Path":"%s","Dir":"%s"}\\n' "$mod" "$src"
  exit 0 ;;
build)
  prev=""; out=""
  for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
  vendor=no; [ -d vendor ] && vendor=yes
  echo "build out=$out vendor=$vendor gomod=$(stat -c %a go.mod) args=$*" >> "$STUB_GO_LOG"
  mkdir -p "$(dirname "$out")"
  if [ -n "$STUB_GO_BUILD_FAIL" ]; then
    echo "partial" > "$out"
    echo "# example.com/app" >&2
    echo "./main.go:3:2: undefined: broken" >&2
    exit 1
  fi
  printf '#!/bin/sh\\necho "fake built %s"\\n' "$out" > "$out"
  chmod +x "$out"
  exit 0 ;;
esac
echo "stub go: unexpected $*" >&2
exit 2
`;

const created: string[] = [];

/** A fresh temp dir, removed by removeTempDirs (call it from the test file's `after`). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `obsbench-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes the stub into a fresh temp dir. `extra` adds variables such as STUB_GO_VERSION. */
export function makeStubGo(extra: Record<string, string> = {}): StubGo {
  const dir = tempDir('stubgo');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'go'), STUB);
  chmodSync(join(bin, 'go'), 0o755);
  writeFileSync(join(dir, 'fake-binary'), FAKE_BINARY);
  writeFileSync(join(dir, 'fake-builder'), FAKE_BUILDER);
  chmodSync(join(dir, 'fake-builder'), 0o755);
  const logPath = join(dir, 'go.log');
  writeFileSync(logPath, '');
  return {
    dir,
    env: { PATH: `${bin}:/usr/bin:/bin`, STUB_DIR: dir, STUB_GO_LOG: logPath, HOME: dir, ...extra },
    log: () =>
      readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
  };
}
