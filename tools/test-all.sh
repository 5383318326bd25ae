#!/usr/bin/env bash
# `npm test`: one type check and one ESLint pass over the whole workspace and knip's dependency check (knip.jsonc:
# nothing unused, nothing unlisted), beside every project's tests (Nx, two at
# a time). One pass each rather than per project: `tsc` per project re-checks every library it imports, and 26
# ESLint processes spent 72 s of CPU loading typescript-eslint and the project graph where one spends 11 s (pull
# requests still lint and type-check per affected project: `nx affected -t lint typecheck test synth`). They run
# beside the tests, which leave a core partly idle while Nx starts them.
set -uo pipefail
cd "$(dirname "$0")/.."

# Nx keeps its sockets and a copy of its native binary under /tmp/.nx unless told otherwise (even without the
# daemon): in the workspace's git-ignored .cache/ instead, so `npm test` leaves nothing in the machine's temp
# directory (the specs' nx runs inherit these too).
export NX_SOCKET_DIR="${NX_SOCKET_DIR:-$PWD/.cache/nx/sockets}"
export NX_NATIVE_FILE_CACHE_DIRECTORY="${NX_NATIVE_FILE_CACHE_DIRECTORY:-$PWD/.cache/nx/native}"
mkdir -p .cache/nx && mkdir -p -m 700 "$NX_SOCKET_DIR" "$NX_NATIVE_FILE_CACHE_DIRECTORY"

# Both run even when the first fails, so one run reports every problem.
(
  npx tsc -p tsconfig.json --noEmit || { echo "npm test: the type check (tsc -p tsconfig.json --noEmit) failed" >&2; failed=1; }
  npx eslint --max-warnings=0 apps libs tools environments || { echo "npm test: ESLint failed" >&2; failed=1; }
  exit "${failed:-0}"
) &
static_checks=$!
# Its own job: about 3 s of CPU, done long before the type check.
npx knip --dependencies --no-progress &
dependencies=$!
npx nx run-many -t test --output-style=static
tests=$?
wait "$static_checks"
checks=$?
wait "$dependencies"
unused=$?
if [ "$tests" -ne 0 ]; then echo "npm test: tests failed (nx run-many -t test)" >&2; fi
if [ "$unused" -ne 0 ]; then echo "npm test: the dependency check (knip --dependencies, knip.jsonc) failed" >&2; fi
[ "$checks" -eq 0 ] && [ "$tests" -eq 0 ] && [ "$unused" -eq 0 ]
