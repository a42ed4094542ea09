# Sourced by a fixture's real.sh once it has the real generator's listing:
# writes expected-urls.txt from it (--write) or compares the two and exits.
# usage: compare_with_expected GENERATOR-AND-VERSION "$got" FIXTURE-DIR [--write]
compare_with_expected() {
    local who="$1" got="$2" here="$3" mode="${4:-}"
    if [[ "$mode" == "--write" ]]; then
        {
            echo "# Written by real.sh from $who: path from the site root, then the URL."
            echo "$got"
        } >"$here/expected-urls.txt"
        echo "wrote $here/expected-urls.txt ($(grep -vc '^#' "$here/expected-urls.txt") posts)"
        exit 0
    fi
    local want
    want="$(grep -v '^#' "$here/expected-urls.txt" | grep -v '^$' | sort)"
    if [[ "$got" != "$want" ]]; then
        echo "$who and expected-urls.txt differ (< $who, > expected):" >&2
        diff <(echo "$got") <(echo "$want") >&2 || true
        exit 1
    fi
    echo "$who: $(echo "$got" | wc -l) of $(echo "$want" | wc -l) posts at the expected URLs"
}
