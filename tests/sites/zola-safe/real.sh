#!/usr/bin/env bash
# Builds this fixture (Zola with `[slugify] paths = "safe"`) with the real
# Zola and compares its addresses with expected-urls.txt; see ../zola/real.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ "${1:-}" == "--write" ]]; then
    exec "$here/../zola/real.sh" --write "$here"
fi
exec "$here/../zola/real.sh" "$here"
