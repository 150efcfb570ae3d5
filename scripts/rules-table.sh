#!/usr/bin/env bash
# rules-table.sh rebuilds the table at the end of docs/rules.md: for every
# rule, the tests and the contract checks that pin it.
#
# It reads the "- Tests:" and "- Checks:" lines under each rule heading of
# docs/rules.md (the names in backticks before any parenthesis; a check may
# be a glob ending in *), adds what the code itself ties to a DEC rule (test
# functions named DEC<n>_…, checks whose rule is DEC-n in
# `callharness contract --list`), and writes the table between the
# rules-table markers. It reports, and exits 1 on:
#   - a name in a section that is no test function or matches no check;
#   - a DEC test or check of the code that its rule's section leaves out;
#   - a check, or a TestDOC_ test, that no rule names;
#   - a DEC rule of the checks that has no heading.
# Rules with no test or no check are listed on stderr as gaps.
#
# Usage: scripts/rules-table.sh          rewrite the table
#        scripts/rules-table.sh --check  change nothing; exit 1 if the table is stale
# CALLHARNESS=bin/callharness uses that binary rather than go run.
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/rules.md
begin='<!-- rules-table:begin -->'
end='<!-- rules-table:end -->'
check_only=false
case "${1:-}" in
'') ;;
--check) check_only=true ;;
*)
	echo "usage: scripts/rules-table.sh [--check]" >&2
	exit 2
	;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tests: "name<TAB>package dir", every test and fuzz function of the tree.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -- '*_test.go'
else
	find . -name '*_test.go' -not -path './.*' | sed 's#^\./##'
fi |
	xargs grep -HEo '^func (Test|Fuzz)[A-Za-z0-9_]+' |
	sed -E 's#^(.*)/[^/]*_test\.go:func #\1\t#; s#^([^\t]*_test\.go):func #.\t#' |
	awk -F'\t' '{print $2 "\t" $1}' | sort -u >"$tmp/tests"

# checks: "id<TAB>rule", the contract catalogue.
# CALLHARNESS names a built binary to use instead of go run.
if [ -n "${CALLHARNESS:-}" ]; then
	"$CALLHARNESS" contract --list
else
	go run ./cmd/callharness contract --list
fi | awk 'NR > 1 && $3 ~ /^(DOC|DEC-)/ {print $1 "\t" $3}' >"$tmp/checks"

# claims: "rule<TAB>test|check<TAB>name", from the sections; rules: their order.
awk '
	/^## Rules, tests and checks/ { exit }
	/^### (DOC|DEC|MOCK)-/ { rule = $2; print rule > rules; next }
	/^### / { rule = ""; next }
	rule != "" && /^- (Tests|Checks):/ {
		kind = ($2 == "Tests:") ? "test" : "check"
		line = $0
		sub(/^- [A-Za-z]+:/, "", line)
		p = index(line, " (")
		if (p > 0) line = substr(line, 1, p - 1)
		while (match(line, /`[^`]+`/)) {
			print rule "\t" kind "\t" substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
	}
' rules="$tmp/rules" "$doc" >"$tmp/claims"

problems=0
problem() {
	echo "rules-table: $*" >&2
	problems=$((problems + 1))
}

# expand prints the checks a claimed name stands for.
expand() {
	case "$1" in
	*\*) awk -F'\t' -v p="${1%\*}" 'index($1, p) == 1 {print $1}' "$tmp/checks" ;;
	*) awk -F'\t' -v n="$1" '$1 == n {print $1}' "$tmp/checks" ;;
	esac
}

: >"$tmp/claimed-checks"
: >"$tmp/claimed-tests"
while IFS=$'\t' read -r rule kind name; do
	if [ "$kind" = test ]; then
		grep -q "^$name"$'\t' "$tmp/tests" || problem "$rule names $name, which is no test function"
		echo "$name" >>"$tmp/claimed-tests"
	else
		n=$(expand "$name" | tee -a "$tmp/claimed-checks" | wc -l)
		[ "$n" -gt 0 ] || problem "$rule names the check $name, which matches no check"
	fi
done <"$tmp/claims"

# What the code ties to each DEC rule must be in that rule's section.
while read -r rule; do
	case "$rule" in DEC-*) ;; *) continue ;; esac
	n=${rule#DEC-}
	for t in $(cut -f1 "$tmp/tests" | grep -E "DEC${n}_" | sort -u); do
		grep -qx "$rule"$'\t'"test"$'\t'"$t" "$tmp/claims" || problem "the section of $rule does not name its test $t"
	done
	named=$(awk -F'\t' -v r="$rule" '$1 == r && $2 == "check" {print $3}' "$tmp/claims" |
		while read -r name; do expand "$name"; done)
	for c in $(awk -F'\t' -v r="$rule" '$2 == r {print $1}' "$tmp/checks"); do
		grep -qx "$c" <<<"$named" || problem "the section of $rule does not name its check $c"
	done
done <"$tmp/rules"

for c in $(cut -f1 "$tmp/checks"); do
	grep -qx "$c" "$tmp/claimed-checks" || problem "no rule names the check $c"
done
for t in $(cut -f1 "$tmp/tests" | grep '^TestDOC_' | sort -u); do
	grep -qx "$t" "$tmp/claimed-tests" || problem "no rule names the test $t"
done
for r in $(cut -f2 "$tmp/checks" | grep '^DEC-[0-9]' | sort -u); do
	grep -qx "$r" "$tmp/rules" || problem "checks rest on $r, which has no heading in $doc"
done

# The table.
{
	echo "| rule | tests | contract checks |"
	echo "|---|---|---|"
	while read -r rule; do
		tests=$(awk -F'\t' -v r="$rule" '$1 == r && $2 == "test" {print $3}' "$tmp/claims" |
			while read -r t; do
				pkgs=$(awk -F'\t' -v t="$t" '$1 == t {print $2}' "$tmp/tests" | paste -sd, - | sed 's/,/, /g')
				printf '`%s` (%s)\n' "$t" "${pkgs:-?}"
			done | paste -sd';' - | sed 's/;/, /g')
		checks=$(awk -F'\t' -v r="$rule" '$1 == r && $2 == "check" {print $3}' "$tmp/claims" |
			while read -r c; do
				case "$c" in
				*\*) printf '`%s` (%s)\n' "$c" "$(expand "$c" | wc -l | tr -d ' ')" ;;
				*) printf '`%s`\n' "$c" ;;
				esac
			done | paste -sd';' - | sed 's/;/, /g')
		anchor=$(echo "$rule" | tr 'A-Z' 'a-z')
		echo "| [$rule](#$anchor) | ${tests:-**none**} | ${checks:-**none**} |"
		[ -n "$tests" ] || echo "$rule" >>"$tmp/no-tests"
		[ -n "$checks" ] || echo "$rule" >>"$tmp/no-checks"
	done <"$tmp/rules"
} >"$tmp/table"

awk -v b="$begin" -v e="$end" -v t="$tmp/table" '
	$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
	$0 == e { skip = 0 }
	!skip { print }
' "$doc" >"$tmp/doc"
grep -qxF "$begin" "$doc" && grep -qxF "$end" "$doc" || problem "$doc lacks the rules-table markers"

echo "rules-table: $(wc -l <"$tmp/rules" | tr -d ' ') rules" >&2
[ ! -s "$tmp/no-tests" ] || echo "rules-table: gap, no test: $(paste -sd' ' "$tmp/no-tests")" >&2
[ ! -s "$tmp/no-checks" ] || echo "rules-table: gap, no contract check: $(paste -sd' ' "$tmp/no-checks")" >&2

if $check_only; then
	if ! cmp -s "$doc" "$tmp/doc"; then
		problem "the table of $doc is stale: run scripts/rules-table.sh"
	fi
else
	cmp -s "$doc" "$tmp/doc" || cp "$tmp/doc" "$doc"
fi
[ "$problems" -eq 0 ]
