#!/usr/bin/env bash
# bench.sh: the side-by-side benchmarks of issue 6 (make bench; not part of
# the tests or CI). It installs what it needs under .tools/, starts every
# server on 127.0.0.1 (distinct free ports), prepares the mock's state over
# its API, drives every server with the same load generator settings, and
# writes the tables of docs/PERFORMANCE.md (between its bench markers).
#
# Sections (BENCH_SECTIONS, default all of them, in this order):
#   throughput  the mock, a bare net/http server with the same bytes, Prism and
#               WireMock: GET …/calls?size=50 of a 10 000-call campaign and
#               POST create with 10 records; wrk at saturation, vegeta at a
#               fixed rate for p50/p99
#   generator   highest rate of callharness load (or, while it has no fixed
#               target scenario, a labelled stand-in), vegeta's CLI and wrk
#               against the bare server
#   dialer      a 1 000 000-call campaign, retry 2, through a simulated day:
#               the domain's Go benchmark and the binary over HTTP
#   pages       page 1 and page 2 000 (size 100) of a 200 000-call campaign
#   contract    wall time of a full strict contract run against the mock
#
# Settings (environment): BENCH_RUNS (5), BENCH_DURATION (10s),
# BENCH_WARMUP (3s), BENCH_CONNECTIONS (64), BENCH_RATE (500),
# BENCH_PIN (1: servers on CPU 1, load generators on CPU 0), BENCH_PORT
# (first port tried, 47100), BENCH_DOC (docs/PERFORMANCE.md).
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TOOLS=$ROOT/.tools
BIN=$TOOLS/bench
WORK=$TOOLS/bench-run
RESULTS=$WORK/results.tsv

RUNS=${BENCH_RUNS:-5}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-64}
RATE=${BENCH_RATE:-500}
PIN=${BENCH_PIN:-1}
NEXT_PORT=${BENCH_PORT:-47100}
DOC=${BENCH_DOC:-docs/PERFORMANCE.md}
SECTIONS=${BENCH_SECTIONS:-throughput generator dialer pages contract}

VEGETA_VERSION=v12.13.0
PRISM_VERSION=5.14.2
WIREMOCK_VERSION=3.13.2

KEY=bench-key-0123456789
ADMIN=bench-admin-0123456789
CLOCK_START=2026-01-15T08:00:00Z

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# record RUN KEY VALUE appends one raw figure to the results.
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; }
note() { record 0 "note.$1" "$2"; }

# ---------------------------------------------------------------- processes

declare -A PIDS=()

# on_client_cpu CMD... runs CMD (in the foreground) pinned to the load
# generators' CPU when pinning is on; on_server_cpu likewise to the servers'.
on_server_cpu() { if [[ $PIN == 1 ]]; then taskset -c 1 "$@"; else "$@"; fi; }
on_client_cpu() { if [[ $PIN == 1 ]]; then taskset -c 0 "$@"; else "$@"; fi; }

# alloc_port VAR sets VAR to the next port from NEXT_PORT that nothing
# listens on (not in a subshell, so that NEXT_PORT moves on).
alloc_port() {
	local p
	for ((p = NEXT_PORT; p < NEXT_PORT + 200; p++)); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			NEXT_PORT=$((p + 1))
			printf -v "$1" '%s' "$p"
			return 0
		fi
	done
	die "no free port in $NEXT_PORT..$((NEXT_PORT + 199))"
}

# start NAME URL CMD... starts a server (pinned to the server CPU) with its
# output in $WORK/NAME.log and waits until URL answers anything over HTTP.
start() {
	local name=$1 url=$2
	shift 2
	local cmd=("$@")
	[[ $PIN != 1 ]] || cmd=(taskset -c 1 "$@") # taskset execs: $! stays the server's pid
	"${cmd[@]}" >"$WORK/$name.log" 2>&1 &
	PIDS[$name]=$!
	local i
	for ((i = 0; i < 240; i++)); do
		if curl -s -o /dev/null --max-time 2 "$url" && kill -0 "${PIDS[$name]}" 2>/dev/null; then
			log "$name is up (pid ${PIDS[$name]})"
			return 0
		fi
		if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
			tail -n 20 "$WORK/$name.log" >&2 || true
			die "$name exited before it answered; see $WORK/$name.log"
		fi
		sleep 0.5
	done
	die "$name did not answer $url within 120 s"
}

# stop NAME stops a server started by start: TERM, then KILL after 10 s.
stop() {
	local name=$1 pid=${PIDS[$1]:-}
	[[ -n $pid ]] || return 0
	unset "PIDS[$name]"
	kill -TERM "$pid" 2>/dev/null || return 0
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local code=$? name
	for name in "${!PIDS[@]}"; do
		stop "$name"
	done
	if ((code != 0)); then
		log "failed (exit $code); logs and raw figures are in $WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools

install_vegeta() {
	# go install stamps no version into vegeta -version; the module's is in the binary.
	if [[ -x $TOOLS/bin/vegeta ]] && go version -m "$TOOLS/bin/vegeta" | grep -q "vegeta/v12[[:space:]]*$VEGETA_VERSION"; then
		return 0
	fi
	log "installing vegeta $VEGETA_VERSION"
	GOBIN=$TOOLS/bin go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION"
}

install_npm() {
	local have
	have=$(node -p "require('$TOOLS/npm/node_modules/@stoplight/prism-cli/package.json').version + ' ' + require('$TOOLS/npm/node_modules/wiremock/package.json').version" 2>/dev/null || true)
	if [[ $have == "$PRISM_VERSION $WIREMOCK_VERSION" ]]; then
		return 0
	fi
	log "installing Prism $PRISM_VERSION and WireMock $WIREMOCK_VERSION from npm"
	mkdir -p "$TOOLS/npm"
	[[ -f $TOOLS/npm/package.json ]] || echo '{"name": "callharness-bench-tools", "private": true}' >"$TOOLS/npm/package.json"
	npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error \
		"@stoplight/prism-cli@$PRISM_VERSION" "wiremock@$WIREMOCK_VERSION"
}

# install_wrk uses a wrk on PATH, or unpacks Debian's wrk and the LuaJIT it
# needs into .tools/wrk (apt-get download: no root, nothing system-wide).
WRK=()
install_wrk() {
	if command -v wrk >/dev/null; then
		WRK=(wrk)
		return 0
	fi
	local root=$TOOLS/wrk
	if [[ ! -x $root/usr/bin/wrk ]]; then
		log "unpacking Debian's wrk into $root"
		local debs=$TOOLS/wrk-debs
		rm -rf "$debs" && mkdir -p "$debs"
		local pkgs=(wrk libluajit-5.1-2 libluajit-5.1-common)
		if ! (cd "$debs" && apt-get download "${pkgs[@]}" 2>/dev/null); then
			apt-get update -qq || die "apt-get update failed: install wrk by hand (apt-get install -y wrk)"
			(cd "$debs" && apt-get download "${pkgs[@]}") || die "apt-get download wrk failed"
		fi
		local deb
		for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
	fi
	WRK=(env "LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu:$root/usr/lib" "$root/usr/bin/wrk")
	local version
	version=$("${WRK[@]}" --version 2>&1 || true) # wrk --version exits 1
	[[ $version == wrk* ]] || die "the unpacked wrk does not run: $version"
}

build() {
	log "building callharness and bench/ programs"
	mkdir -p "$BIN"
	go build -o "$BIN/callharness" ./cmd/callharness
	go build -o "$BIN/" ./bench/bare ./bench/driver ./bench/report
}

WIREMOCK_JAR=
install_tools() {
	command -v java >/dev/null || die "java is needed for WireMock"
	command -v node >/dev/null || die "node is needed for Prism"
	command -v taskset >/dev/null || PIN=0
	mkdir -p "$TOOLS/bin"
	install_vegeta
	install_npm
	install_wrk
	WIREMOCK_JAR=$(ls "$TOOLS"/npm/node_modules/wiremock/build/*.jar | head -n 1)
	[[ -f $WIREMOCK_JAR ]] || die "no WireMock jar in the npm package"
	build
}

# ---------------------------------------------------------------- servers

# start_mock NAME PORT [FLAGS...] starts our mock on a manual clock.
start_mock() {
	local name=$1 port=$2
	shift 2
	start "$name" "http://127.0.0.1:$port/healthz" "$BIN/callharness" mock --addr "127.0.0.1:$port" \
		--clock manual --clock-start "$CLOCK_START" --api-key "$KEY" --admin-token "$ADMIN" "$@"
}

MOCK_PORT= BARE_PORT= PRISM_PORT= WIREMOCK_PORT= CAMPAIGN=

# prepare_mock starts the mock and creates the 10 000-call campaign; the
# uuid is the same every time (seeded identifiers, manual clock).
prepare_mock() {
	start_mock mock "$MOCK_PORT"
	CAMPAIGN=$("$BIN/driver" setup -target "http://127.0.0.1:$MOCK_PORT" -key "$KEY" -calls 10000)
}

start_others() {
	local m=http://127.0.0.1:$MOCK_PORT
	curl -sf -H "x-cybernet-api-key: $KEY" -o "$WORK/calls.json" "$m/api/v1/call-campaign/$CAMPAIGN/calls?size=50"
	curl -sf -H "x-cybernet-api-key: $KEY" -H 'Content-Type: application/json' \
		--data-binary "@$WORK/create10.json" -o "$WORK/created.json" "$m/api/v1/call-campaign"

	start bare "http://127.0.0.1:$BARE_PORT/" "$BIN/bare" -addr "127.0.0.1:$BARE_PORT" \
		-list "$WORK/calls.json" -create "$WORK/created.json"

	local wm=$WORK/wiremock
	rm -rf "$wm" && mkdir -p "$wm/mappings" "$wm/__files"
	cp bench/wiremock/mappings/*.json "$wm/mappings/"
	cp "$WORK/calls.json" "$WORK/created.json" "$wm/__files/"
	start wiremock "http://127.0.0.1:$WIREMOCK_PORT/__admin/health" java -jar "$WIREMOCK_JAR" \
		--bind-address 127.0.0.1 --port "$WIREMOCK_PORT" --root-dir "$wm" --no-request-journal --disable-banner

	start prism "http://127.0.0.1:$PRISM_PORT/" "$TOOLS/npm/node_modules/.bin/prism" mock \
		-h 127.0.0.1 -p "$PRISM_PORT" openapi.yaml
}

# ---------------------------------------------------------------- load

# wrk_run RUN KEY URL [BODY] runs wrk and records KEY.rps and KEY.errors.
wrk_run() {
	local run=$1 key=$2 url=$3 body=${4:-} out
	local args=(-t1 "-c$CONNS" "-d$DURATION" -H "x-cybernet-api-key: $KEY")
	[[ -z $body ]] || args+=(-s bench/wrk/post.lua)
	out=$(BENCH_BODY=$body on_client_cpu "${WRK[@]}" "${args[@]}" "$url")
	echo "$out" >>"$WORK/wrk.log"
	local rps errors
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
	[[ -n $rps ]] || die "wrk printed no Requests/sec for $url"
	[[ -z $run ]] || {
		record "$run" "$key.rps" "$rps"
		record "$run" "$key.errors" "$errors"
	}
}

# warm URL [BODY] loads a server for BENCH_WARMUP without recording.
warm() {
	local out
	out=$(BENCH_BODY=${2:-} on_client_cpu "${WRK[@]}" -t1 "-c$CONNS" "-d$WARMUP" -H "x-cybernet-api-key: $KEY" \
		${2:+-s bench/wrk/post.lua} "$1")
	echo "$out" >>"$WORK/warmup.log"
}

# vegeta_rate RUN KEY URL [BODY] sends BENCH_RATE requests a second for
# BENCH_DURATION and records KEY.p50_ms, KEY.p99_ms and KEY.success.
vegeta_rate() {
	local run=$1 key=$2 url=$3 body=${4:-} method=GET
	local args=(-rate="$RATE/s" -duration="$DURATION" -max-body=0 -header "x-cybernet-api-key: $KEY"
		-header "Accept-Encoding: identity" -output "$WORK/fixed.bin")
	if [[ -n $body ]]; then
		method=POST
		args+=(-body "$body" -header "Content-Type: application/json")
	fi
	echo "$method $url" | on_client_cpu "$TOOLS/bin/vegeta" attack "${args[@]}"
	"$BIN/driver" summary -input "$WORK/fixed.bin" >"$WORK/fixed.txt"
	record "$run" "$key.p50_ms" "$(awk '$1 == "p50_ms" {print $2}' "$WORK/fixed.txt")"
	record "$run" "$key.p99_ms" "$(awk '$1 == "p99_ms" {print $2}' "$WORK/fixed.txt")"
	record "$run" "$key.success" "$(awk '$1 == "success" {print $2}' "$WORK/fixed.txt")"
}

# ---------------------------------------------------------------- sections

section_throughput() {
	log "1. mock throughput: $RUNS runs"
	"$BIN/driver" body -records 10 >"$WORK/create10.json"
	prepare_mock
	start_others
	record 0 meta.saturation "wrk -t1 -c$CONNS -d$DURATION (one thread, $CONNS keep-alive connections) after a $WARMUP warm-up of the same"
	record 0 meta.latency "vegeta attack -rate=$RATE/s -duration=$DURATION -max-body=0 (open model), p50 and p99 of every response"
	local run sv port op
	local list_path="/api/v1/call-campaign/$CAMPAIGN/calls?size=50"
	for ((run = 1; run <= RUNS; run++)); do
		if ((run > 1)); then
			stop mock # a fresh mock each run: the creates of the last run are gone
			prepare_mock
		fi
		for sv in bare callharness prism wiremock; do
			case $sv in
			bare) port=$BARE_PORT ;;
			callharness) port=$MOCK_PORT ;;
			prism) port=$PRISM_PORT ;;
			wiremock) port=$WIREMOCK_PORT ;;
			esac
			local base=http://127.0.0.1:$port
			for op in list create; do
				log "run $run/$RUNS: $sv $op"
				if [[ $op == list ]]; then
					warm "$base$list_path"
					wrk_run "$run" "tp.list.$sv" "$base$list_path"
					vegeta_rate "$run" "tp.list.$sv" "$base$list_path"
				else
					warm "$base/api/v1/call-campaign" "$WORK/create10.json"
					wrk_run "$run" "tp.create.$sv" "$base/api/v1/call-campaign" "$WORK/create10.json"
					vegeta_rate "$run" "tp.create.$sv" "$base/api/v1/call-campaign" "$WORK/create10.json"
				fi
			done
			if ((run == 1)); then
				record 1 "tp.list.$sv.bytes" "$(curl -s -o /dev/null -w '%{size_download}' -H "x-cybernet-api-key: $KEY" "$base$list_path")"
				record 1 "tp.create.$sv.bytes" "$(curl -s -o /dev/null -w '%{size_download}' -H "x-cybernet-api-key: $KEY" \
					-H 'Content-Type: application/json' --data-binary "@$WORK/create10.json" "$base/api/v1/call-campaign")"
			fi
		done
	done
	stop mock
	stop prism
	stop wiremock
}

section_generator() {
	log "2. load generators: $RUNS runs"
	if [[ -z ${PIDS[bare]:-} ]]; then
		"$BIN/driver" body -records 10 >"$WORK/create10.json"
		prepare_mock
		start_others
		stop mock
		stop prism
		stop wiremock
	fi
	local url="http://127.0.0.1:$BARE_PORT/api/v1/call-campaign/$CAMPAIGN/calls?size=50"
	record 0 meta.generator "each for $DURATION with $CONNS connections: wrk -t1 -c$CONNS; vegeta attack -rate=0 -workers=$CONNS -max-workers=$CONNS -max-body=0 -output FILE; the stand-in the same through vegeta's library"
	if "$BIN/callharness" load --help >/dev/null 2>&1; then
		note generator "callharness load exists but has no scenario for one fixed GET target at the highest rate; the stand-in is measured instead"
	else
		note generator "callharness load is not in this build; the stand-in (bench/driver attack: vegeta's library, one fixed target, results encoded to a file) is measured in its place and labelled so"
	fi
	local run out
	warm "$url"
	for ((run = 1; run <= RUNS; run++)); do
		log "run $run/$RUNS: wrk, vegeta CLI, stand-in"
		wrk_run "$run" gen.wrk "$url"
		echo "GET $url" | on_client_cpu "$TOOLS/bin/vegeta" attack -rate=0 -workers="$CONNS" -max-workers="$CONNS" \
			-duration="$DURATION" -max-body=0 -header "x-cybernet-api-key: $KEY" -output "$WORK/gen.bin"
		out=$("$BIN/driver" summary -input "$WORK/gen.bin")
		record "$run" gen.vegeta.rps "$(awk '$1 == "throughput" {print $2}' <<<"$out")"
		record "$run" gen.vegeta.errors "$(awk '$1 == "requests" {r = $2} $1 == "success" {s = $2} END {printf "%d", r * (1 - s) + 0.5}' <<<"$out")"
		out=$(on_client_cpu "$BIN/driver" attack -url "$url" -header "x-cybernet-api-key: $KEY" -workers "$CONNS" \
			-duration "$DURATION" -output "$WORK/standin.bin")
		record "$run" gen.standin.rps "$(awk '$1 == "throughput" {print $2}' <<<"$out")"
		record "$run" gen.standin.errors "$(awk '$1 == "requests" {r = $2} $1 == "success" {s = $2} END {printf "%d", r * (1 - s) + 0.5}' <<<"$out")"
	done
	stop bare
}

# gobench RUNS PATTERN FILE runs a benchmark of package campaign once per
# run, in one test binary, and leaves its output in FILE.
gobench() {
	go test -c -o "$WORK/campaign.test" ./campaign
	(cd campaign && on_server_cpu "$BIN/driver" rss -out "$WORK/gobench.rss" -- "$WORK/campaign.test" \
		-test.run '^$' -test.bench "$2" -test.benchmem -test.count "$1" ${4:+-test.benchtime "$4"}) >"$3"
	cat "$3" >>"$WORK/gobench.log"
}

section_dialer() {
	log "3. dialer simulation: $RUNS runs"
	record 0 meta.dialer "A campaign of 1 000 000 calls, retry 2, retry_interval 30, speed 2 000, a 24-hour window, simulated in one clock move (the Go benchmark's settings; over HTTP the mock runs with limits.speed_max 100000). Peak memory is the whole process's."
	if go test -list 'BenchmarkSimulateDay1M' ./campaign 2>/dev/null | grep -q '^BenchmarkSimulateDay1M$'; then
		gobench "$RUNS" 'SimulateDay1M$' "$WORK/dialer.bench" 1x
		awk '/^BenchmarkSimulateDay1M/ {run++; for (i = 3; i < NF; i += 2) printf "%d\tdialer.bench.%s\t%s\n", run, $(i + 1), $i}' \
			"$WORK/dialer.bench" >>"$RESULTS"
		record 1 dialer.bench.maxrss_mib "$(awk '{printf "%.1f", $2 / 1024}' "$WORK/gobench.rss")"
	else
		note dialer "campaign has no BenchmarkSimulateDay1M"
	fi
	printf 'limits:\n  speed_max: 100000\n' >"$WORK/dialer.yaml"
	local run port
	alloc_port port
	for ((run = 1; run <= RUNS; run++)); do
		log "run $run/$RUNS: 1 000 000 calls over HTTP"
		start_mock dialer "$port" --config "$WORK/dialer.yaml"
		on_client_cpu "$BIN/driver" dialer -target "http://127.0.0.1:$port" -key "$KEY" -admin-token "$ADMIN" \
			-pid "${PIDS[dialer]}" -calls 1000000 -batch 10000 -speed 2000 -retry 2 -retry-interval 30 -dynamic \
			-start 2026-01-16T00:00:00Z -end 2026-01-17T00:00:00Z -advance 48h >"$WORK/dialer.txt"
		awk -v run="$run" '$1 != "status" {printf "%d\tdialer.http.%s\t%s\n", run, $1, $2}' "$WORK/dialer.txt" >>"$RESULTS"
		stop dialer
	done
}

section_pages() {
	log "4. pagination: $RUNS runs"
	record 0 meta.pages "Over HTTP: 300 requests of each page after 50 of warm-up, alternating page 1 and page 2 000 on one keep-alive connection, one at a time (bench/driver pages); the p50 ratio is taken within each run. Go benchmark: the domain's ListCalls alone, -count $RUNS."
	local port id run
	alloc_port port
	start_mock pages "$port"
	id=$("$BIN/driver" setup -target "http://127.0.0.1:$port" -key "$KEY" -calls 200000 -batch 10000)
	for ((run = 1; run <= RUNS; run++)); do
		on_client_cpu "$BIN/driver" pages -target "http://127.0.0.1:$port" -key "$KEY" -campaign "$id" \
			-size 100 -far 2000 -n 300 -warmup 50 >"$WORK/pages.txt"
		awk -v run="$run" '{printf "%d\tpages.http.%s\t%s\n", run, $1, $2}' "$WORK/pages.txt" >>"$RESULTS"
	done
	stop pages
	if go test -list 'BenchmarkListCalls' ./campaign 2>/dev/null | grep -q '^BenchmarkListCalls$'; then
		gobench "$RUNS" 'ListCalls$' "$WORK/pages.bench"
		awk '/^BenchmarkListCalls\/page=/ {split($1, a, "[=-]"); n[a[2]]++; printf "%d\tpages.bench.page%s.ns/op\t%s\n", n[a[2]], a[2], $3}' \
			"$WORK/pages.bench" >>"$RESULTS"
	else
		note pages "campaign has no BenchmarkListCalls"
	fi
}

section_contract() {
	log "5. contract suite"
	if ! "$BIN/callharness" contract --help >/dev/null 2>&1; then
		note contract "callharness contract is not in this build"
		return 0
	fi
	local port run t0 t1 code
	alloc_port port
	for ((run = 1; run <= RUNS; run++)); do
		start_mock contract "$port"
		t0=$(date +%s.%N)
		code=0
		on_client_cpu "$BIN/callharness" contract --target "http://127.0.0.1:$port" --api-key "$KEY" \
			--admin-token "$ADMIN" >"$WORK/contract-$run.log" 2>&1 || code=$?
		t1=$(date +%s.%N)
		record "$run" contract.wall_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')"
		record "$run" contract.exit "$code"
		stop contract
	done
}

# ---------------------------------------------------------------- main

main() {
	rm -rf "$WORK" && mkdir -p "$WORK"
	: >"$RESULTS"
	install_tools
	alloc_port MOCK_PORT
	alloc_port BARE_PORT
	alloc_port PRISM_PORT
	alloc_port WIREMOCK_PORT

	record 0 meta.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	record 0 meta.cores "$(nproc)"
	record 0 meta.model "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
	record 0 meta.memory "$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
	record 0 meta.kernel "Linux $(uname -r)"
	record 0 meta.go "$(go version | awk '{print $3}')"
	record 0 meta.runs "$RUNS"
	record 0 meta.load_before "$(cut -d' ' -f1 /proc/loadavg)"
	if [[ $PIN == 1 ]]; then
		record 0 meta.pinning "Servers pinned to CPU 1 (taskset), load generators and clients to CPU 0, so that neither takes the other's core."
	fi

	local s
	for s in $SECTIONS; do
		case $s in
		throughput | generator | dialer | pages | contract) "section_$s" ;;
		*) die "unknown section $s" ;;
		esac
	done

	record 0 meta.load_after "$(cut -d' ' -f1 /proc/loadavg)"
	"$BIN/report" -in "$RESULTS" -doc "$DOC"
	log "wrote $DOC (raw figures in $RESULTS)"
}

main "$@"
