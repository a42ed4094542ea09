#!/usr/bin/env bash
# Builds every fixture site under tests/sites/ with its real generator and
# checks that the generator serves each post at the address listed in that
# fixture's expected-urls.txt (which `cargo test --test sites` checks
# feedcard against). Each tests/sites/<generator>/real.sh installs its
# generator if it is missing (apt-get or npm) and exits non-zero on a
# difference. Usage: tests/sites/real.sh [generator ...]
set -uo pipefail
cd "$(dirname "$0")"
failed=()
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for script in */real.sh; do names+=("${script%/real.sh}"); done
fi
for name in "${names[@]}"; do
  echo "== $name: building the fixture with the real generator"
  if bash "$name/real.sh"; then
    echo "== $name: every post at its expected address"
  else
    echo "== $name: FAILED"
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "real generators disagree with expected-urls.txt for: ${failed[*]}"
  exit 1
fi
