#!/usr/bin/env bash
# `pnpm test`: every check and test, in the order that fails fastest. Prints one closing line
# "N passed, N failed" summed over vitest and Playwright.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$CLAIMGUARD_ROOT"
mkdir -p e2e/.artifacts
rm -f e2e/.artifacts/*.json
status=0
run() { printf '\n==> %s\n' "$*"; "$@" || { status=1; echo "FAILED: $*"; }; }

run pnpm build
run pnpm lint
run node scripts/attack-map.mjs --check
run pnpm -r --if-present typecheck
run pnpm exec vitest run --project unit --reporter=default --reporter=json --outputFile.json=e2e/.artifacts/vitest-unit.json
run pnpm exec vitest run --project integration --reporter=default --reporter=json --outputFile.json=e2e/.artifacts/vitest-integration.json
run node scripts/e2e.mjs
node scripts/summarize-tests.mjs e2e/.artifacts || status=1
exit $status
