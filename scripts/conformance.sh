#!/usr/bin/env bash
# Runs every *_spec.spl under the given folders with `simple test`, one file
# at a time, and prints passed/failed per file and in total. A file that
# fails to load counts as all of its examples failed (its `it`/`test`
# lines). Used to measure how much upstream Simple code runs unchanged:
# fetch upstream spec files into a scratch folder (never into this
# repository) and point this script at it.
#
#   scripts/conformance.sh /tmp/upstream/usage /tmp/upstream/language
#   BIN=target/release/simple EXCLUDE='io_runtime_probe|gpu' scripts/conformance.sh DIR
set -uo pipefail
BIN=${BIN:-target/release/simple}
BIN=$(realpath "$BIN")
EXCLUDE=${EXCLUDE:-}
passed=0; failed=0; files=0; unloaded=0
while IFS= read -r f; do
  if [ -n "$EXCLUDE" ] && [[ "$f" =~ $EXCLUDE ]]; then continue; fi
  files=$((files + 1))
  out=$(cd "$(mktemp -d)" && timeout 60 "$BIN" test "$f" 2>&1)
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  n=$(grep -cE '^\s*(it|test|example|specify) ' "$f")
  if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed ]] &&
     ! printf '%s\n' "$out" | grep -q '(loading the file)'; then
    p=${BASH_REMATCH[1]}; q=${BASH_REMATCH[2]}
    passed=$((passed + p)); failed=$((failed + q))
    echo "$p/$((p + q)) $f"
  else
    unloaded=$((unloaded + 1)); failed=$((failed + n))
    echo "LOAD-FAIL($n) $f"
  fi
done < <(find "$@" -name '*_spec.spl' | sort)
total=$((passed + failed))
pct=$(( total > 0 ? passed * 1000 / total : 0 ))
echo "files: $files, not loaded: $unloaded, examples: $passed passed, $failed failed ($((pct / 10)).$((pct % 10))%)"
