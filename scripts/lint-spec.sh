#!/usr/bin/env bash
# lint-spec.sh lints openapi.yaml with Redocly CLI and Spectral.
#
# Both are npm packages, installed at the pinned versions below into
# .tools/lint-spec (ignored by git) on the first run, and again whenever a
# version here changes. The rulesets are committed: redocly.yaml and
# .spectral.yaml. Both linters run, each must report no error and no warning;
# the script fails if either does. Needs Node.js 20.19 or later with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

redocly_version=2.77.0
spectral_version=6.16.3

tools=.tools/lint-spec
stamp=$tools/installed-redocly-$redocly_version-spectral-$spectral_version

if [ ! -f "$stamp" ]; then
	if ! command -v npm >/dev/null; then
		echo "lint-spec: npm not found; install Node.js 20.19 or later" >&2
		exit 1
	fi
	rm -rf "$tools"
	mkdir -p "$tools"
	echo "lint-spec: installing @redocly/cli@$redocly_version and @stoplight/spectral-cli@$spectral_version into $tools"
	npm install --prefix "$tools" --save-exact --no-audit --no-fund --loglevel=error \
		"@redocly/cli@$redocly_version" "@stoplight/spectral-cli@$spectral_version"
	touch "$stamp"
fi

# No usage reports and no update notices from Redocly CLI.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

status=0
echo "lint-spec: redocly lint openapi.yaml"
"$tools/node_modules/.bin/redocly" lint openapi.yaml --config redocly.yaml || status=1
echo "lint-spec: spectral lint openapi.yaml"
"$tools/node_modules/.bin/spectral" lint openapi.yaml --ruleset .spectral.yaml --fail-severity warn || status=1
if [ "$status" -ne 0 ]; then
	echo "lint-spec: openapi.yaml has lint findings" >&2
fi
exit "$status"
