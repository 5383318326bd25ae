#!/usr/bin/env bash
# `npm test`: the whole-workspace type check next to every project's lint and tests (Nx, two at a time). tsc runs
# alongside rather than first: it needs one core for about 10 s, which the first Nx tasks leave partly idle.
set -uo pipefail
cd "$(dirname "$0")/.."

npx tsc -p tsconfig.json --noEmit &
typecheck=$!
npx nx run-many -t lint test --output-style=static
projects=$?
wait "$typecheck"
typecheck_status=$?
if [ "$typecheck_status" -ne 0 ]; then echo "npm test: the type check (tsc -p tsconfig.json --noEmit) failed" >&2; fi
if [ "$projects" -ne 0 ]; then echo "npm test: lint or tests failed (nx run-many -t lint test)" >&2; fi
[ "$typecheck_status" -eq 0 ] && [ "$projects" -eq 0 ]
