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
#   handler     the same two requests through the mock's whole handler and a
#               bare one in-process (Go benchmarks in bench/handler): CPU per
#               request without sockets or the machine's noise
#   profile     CPU profiles of the mock under wrk (bench/profile), and the
#               share of its CPU each part of the pipeline takes
#   generator   highest rate of callharness load (list-calls --rate 0, with
#               and without its bodies), vegeta's CLI and wrk against the
#               bare server
#   dialer      a 1 000 000-call campaign, retry 2, through a simulated day:
#               the domain's Go benchmark and the binary over HTTP
#   pages       page 1 and page 2 000 (size 100) of a 200 000-call campaign
#   contract    wall time of a full strict contract run against the mock
#
# Settings (environment): BENCH_RUNS (5), BENCH_DURATION (10s, whole
# seconds; in section 1 split into BENCH_SLICES (5) turns per server),
# BENCH_WARMUP (3s, before each measurement), BENCH_FIRST_WARMUP (10s, each
# server and operation once after start), BENCH_CONNECTIONS (64), BENCH_RATE (500),
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
SLICES=${BENCH_SLICES:-5}
WARMUP=${BENCH_WARMUP:-3s}
FIRST_WARMUP=${BENCH_FIRST_WARMUP:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
RATE=${BENCH_RATE:-500}
PIN=${BENCH_PIN:-1}
NEXT_PORT=${BENCH_PORT:-47100}
DOC=${BENCH_DOC:-docs/PERFORMANCE.md}
SECTIONS=${BENCH_SECTIONS:-throughput handler profile generator dialer pages contract}

[[ $DURATION =~ ^[1-9][0-9]*s$ ]] || { echo "BENCH_DURATION $DURATION: want whole seconds such as 10s" >&2; exit 2; }
SLICE_S=$((${DURATION%s} / SLICES))
((SLICE_S >= 1)) || SLICE_S=1

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
	go build -o "$BIN/" ./bench/bare ./bench/driver ./bench/report ./bench/profile
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
		--clock manual --clock-start "$CLOCK_START" --api-key "$KEY" --admin-token "$ADMIN" \
		--log-level warn "$@" # no line per request, as WireMock runs with --no-request-journal
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

	# The JVM and V8 compile what runs hot: give every server the same long
	# first warm-up, then a short one before each measurement.
	local port
	for port in "$BARE_PORT" "$WIREMOCK_PORT" "$PRISM_PORT"; do
		warm "http://127.0.0.1:$port/api/v1/call-campaign/$CAMPAIGN/calls?size=50" "" "$FIRST_WARMUP"
		warm "http://127.0.0.1:$port/api/v1/call-campaign" "$WORK/create10.json" "$FIRST_WARMUP"
	done
}

# ---------------------------------------------------------------- load

# cpu_ticks PID prints the CPU time (user + system) of a process in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# warm URL [BODY [DURATION]] loads a server for DURATION (BENCH_WARMUP)
# without recording.
warm() {
	local out
	out=$(BENCH_BODY=${2:-} on_client_cpu "${WRK[@]}" -t1 "-c$CONNS" "-d${3:-$WARMUP}" -H "x-cybernet-api-key: $KEY" \
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
	record "$run" "$key.held" "$(awk '$1 == "throughput" {print $2}' "$WORK/fixed.txt")"
}

# ---------------------------------------------------------------- sections

# port_of SERVER and pid_of SERVER name where a server of section 1 listens.
port_of() {
	case $1 in
	bare) echo "$BARE_PORT" ;;
	callharness) echo "$MOCK_PORT" ;;
	prism) echo "$PRISM_PORT" ;;
	wiremock) echo "$WIREMOCK_PORT" ;;
	esac
}
pid_of() { if [[ $1 == callharness ]]; then echo "${PIDS[mock]}"; else echo "${PIDS[$1]}"; fi; }

# target_of SERVER OP prints the URL of OP (list or create) on SERVER.
target_of() {
	local base="http://127.0.0.1:$(port_of "$1")/api/v1/call-campaign"
	if [[ $2 == list ]]; then echo "$base/$CAMPAIGN/calls?size=50"; else echo "$base"; fi
}
body_of() { [[ $1 == list ]] || echo "$WORK/create10.json"; }

# saturate RUN OP drives every server with wrk in turn, in SLICES slices of
# BENCH_DURATION / SLICES each, so that what the neighbours do falls on all
# of them alike. Per server it records the requests over the time wrk ran
# (KEY.rps), the errors and the server's CPU time per request (KEY.cpu_us).
saturate() {
	local run=$1 op=$2 sv slice out t0 t1 url body
	local log=$WORK/slices-$run-$op.txt
	: >"$log"
	for sv in "${SERVERS[@]}"; do warm "$(target_of "$sv" "$op")" "$(body_of "$op")"; done
	for ((slice = 1; slice <= SLICES; slice++)); do
		for sv in "${SERVERS[@]}"; do
			url=$(target_of "$sv" "$op") body=$(body_of "$op")
			t0=$(cpu_ticks "$(pid_of "$sv")")
			out=$(BENCH_BODY=$body on_client_cpu "${WRK[@]}" -t1 "-c$CONNS" "-d${SLICE_S}s" \
				-H "x-cybernet-api-key: $KEY" ${body:+-s bench/wrk/post.lua} "$url")
			t1=$(cpu_ticks "$(pid_of "$sv")")
			echo "$out" >>"$WORK/wrk.log"
			awk -v sv="$sv" -v ticks=$((t1 - t0)) '
				/ requests in / {n = $1; t = $4; sub(/s,?$/, "", t)}
				/Non-2xx or 3xx responses:/ {e += $NF}
				/Socket errors:/ {gsub(",", ""); e += $4 + $6 + $8 + $10}
				END {print sv, n + 0, t + 0, e + 0, ticks}' <<<"$out" >>"$log"
		done
	done
	awk -v run="$run" -v op="$op" -v hz="$CLK_TCK" '
		{n[$1] += $2; t[$1] += $3; e[$1] += $4; k[$1] += $5}
		END {
			for (sv in n) {
				if (t[sv] > 0) printf "%d\ttp.%s.%s.rps\t%.1f\n", run, op, sv, n[sv] / t[sv]
				printf "%d\ttp.%s.%s.errors\t%d\n", run, op, sv, e[sv]
				if (n[sv] > 0) printf "%d\ttp.%s.%s.cpu_us\t%.1f\n", run, op, sv, k[sv] * 1e6 / hz / n[sv]
			}
		}' "$log" >>"$RESULTS"
}

SERVERS=(bare callharness prism wiremock)

section_throughput() {
	log "1. mock throughput: $RUNS runs"
	"$BIN/driver" body -records 10 >"$WORK/create10.json"
	prepare_mock
	start_others
	record 0 meta.saturation "wrk -t1 -c$CONNS, ${SLICES} slices of ${SLICE_S} s per server, the servers taking turns slice by slice (each after a $WARMUP warm-up); req/s is the requests over the time wrk ran"
	record 0 meta.latency "vegeta attack -rate=$RATE/s -duration=$DURATION -max-body=0 (open model), p50 and p99 of every response"
	local run sv op
	for ((run = 1; run <= RUNS; run++)); do
		if ((run > 1)); then
			stop mock # a fresh mock each run: the creates of the last run are gone
			prepare_mock
		fi
		for op in list create; do
			log "run $run/$RUNS: $op, saturation"
			saturate "$run" "$op"
			for sv in "${SERVERS[@]}"; do
				log "run $run/$RUNS: $op, $sv at $RATE/s"
				vegeta_rate "$run" "tp.$op.$sv" "$(target_of "$sv" "$op")" "$(body_of "$op")"
			done
		done
	done
	for sv in "${SERVERS[@]}"; do
		record 1 "tp.list.$sv.bytes" "$(curl -s -o /dev/null -w '%{size_download}' -H "x-cybernet-api-key: $KEY" "$(target_of "$sv" list)")"
		record 1 "tp.create.$sv.bytes" "$(curl -s -o /dev/null -w '%{size_download}' -H "x-cybernet-api-key: $KEY" \
			-H 'Content-Type: application/json' --data-binary "@$WORK/create10.json" "$(target_of "$sv" create)")"
	done
	stop mock
	stop prism
	stop wiremock
}

# gen_slice TOOL URL appends "TOOL requests seconds errors cpu_s" of one
# slice of SLICE_S seconds of TOOL against URL to $WORK/gen-slices.txt.
# Every generator sends the headers callharness load's list-calls sends:
# the key, Accept: application/json, and, from the two vegeta-based ones,
# X-Vegeta-Attack (the attack's name) and X-Vegeta-Seq.
gen_slice() {
	local out code
	case $1 in
	wrk)
		out=$(on_client_cpu "$BIN/driver" usage -out "$WORK/gen.usage" -- "${WRK[@]}" -t1 "-c$CONNS" "-d${SLICE_S}s" \
			-H "x-cybernet-api-key: $KEY" -H "Accept: application/json" "$2")
		echo "$out" >>"$WORK/wrk.log"
		out=$(awk '/ requests in / {n = $1; t = $4; sub(/s,?$/, "", t)}
			/Non-2xx or 3xx responses:/ {e += $NF}
			/Socket errors:/ {gsub(",", ""); e += $4 + $6 + $8 + $10}
			END {print n + 0, t + 0, e + 0}' <<<"$out")
		;;
	vegeta)
		echo "GET $2" | on_client_cpu "$BIN/driver" usage -out "$WORK/gen.usage" -- "$TOOLS/bin/vegeta" attack \
			-rate=0 -workers="$CONNS" -max-workers="$CONNS" -duration="${SLICE_S}s" -max-body=0 \
			-name list-calls -header "x-cybernet-api-key: $KEY" -header "Accept: application/json" -output "$WORK/gen.bin"
		out=$(summary_figures "$("$BIN/driver" summary -input "$WORK/gen.bin")")
		;;
	load | load_bodies)
		# load keeps no body, as vegeta's -max-body=0 (LC-1 then says it was
		# not judged, and the run exits 1); load_bodies keeps them (1 MiB
		# each at most, the default) for LC-1, and writes them to its results.
		local bodies=(--max-body 0) want=1
		if [[ $1 == load_bodies ]]; then bodies=() want=0; fi
		code=0
		on_client_cpu "$BIN/driver" usage -out "$WORK/gen.usage" -- "$BIN/callharness" load \
			--target "http://127.0.0.1:$BARE_PORT" --api-key "$KEY" --scenario list-calls --campaign "$CAMPAIGN" \
			--rate 0 --workers "$CONNS" --duration "${SLICE_S}s" "${bodies[@]}" --out "$WORK/gen-$1" \
			>"$WORK/gen-$1.txt" 2>&1 || code=$?
		cat "$WORK/gen-$1.txt" >>"$WORK/load.log"
		# Against fixed bytes LC-2 holds, and LC-1 holds or, without bodies,
		# is not judged: anything else is a run that went wrong.
		if ((code != want)) || ! grep -q '^list-calls: invariant LC-2-unchanged: PASS' "$WORK/gen-$1.txt" ||
			{ [[ $1 == load ]] && ! grep -q '^list-calls: invariant LC-1-total: ERROR: not judged: .*--max-body 0' "$WORK/gen-$1.txt"; }; then
			tail -n 20 "$WORK/gen-$1.txt" >&2
			die "callharness load ($1) exited $code against the bare server, $want expected, or an invariant did not say what it should; see $WORK/load.log"
		fi
		out=$(summary_figures "$("$BIN/driver" summary -input "$WORK/gen-$1/list-calls.bin")")
		;;
	esac
	echo "$1 $out $(awk '$1 == "cpu_s" {print $2}' "$WORK/gen.usage")" >>"$WORK/gen-slices.txt"
}

# summary_figures SUMMARY prints "successes seconds errors" of vegeta figures.
summary_figures() {
	awk '$1 == "successes" {s = $2} $1 == "requests" {r = $2} $1 == "duration_s" {d = $2}
		END {print s + 0, d + 0, r - s}' <<<"$1"
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
	record 0 meta.generator "$SLICES slices of ${SLICE_S} s each, the generators taking turns, with $CONNS connections and the same request headers (the key, Accept: application/json; the vegeta-based ones add X-Vegeta-Attack and X-Vegeta-Seq): wrk -t1 -c$CONNS; vegeta attack -rate=0 -workers=$CONNS -max-workers=$CONNS -max-body=0 -name list-calls -output FILE; callharness load --scenario list-calls --campaign UUID --rate 0 --workers $CONNS --max-body 0 --out DIR (no body kept, as vegeta's: LC-1 not judged), and the same keeping every body (at most 1 MiB each, the default) for LC-1 and in its result file; req/s is the successful requests over the time each ran, from the result file of each vegeta-based generator; callharness load's CPU includes its start, its setup's read of the campaign and LC-2's, once a slice"
	record 0 meta.generator_cpu "Generator CPU per request is the generator process's user + system time (rusage) over the requests it sent; one core divided by it is the rate the generator alone could reach on one core, whatever the target."
	local run slice tool
	warm "$url"
	for ((run = 1; run <= RUNS; run++)); do
		log "run $run/$RUNS: wrk, vegeta CLI and callharness load in turns"
		: >"$WORK/gen-slices.txt"
		for ((slice = 1; slice <= SLICES; slice++)); do
			for tool in wrk vegeta load load_bodies; do gen_slice "$tool" "$url"; done
		done
		cat "$WORK/gen-slices.txt" >>"$WORK/gen-slices.log"
		awk -v run="$run" '
			{n[$1] += $2; t[$1] += $3; e[$1] += $4; c[$1] += $5}
			END {
				for (g in n) {
					if (t[g] > 0) printf "%d\tgen.%s.rps\t%.1f\n", run, g, n[g] / t[g]
					printf "%d\tgen.%s.errors\t%d\n", run, g, e[g]
					if (n[g] > 0) printf "%d\tgen.%s.cpu_us\t%.2f\n", run, g, c[g] * 1e6 / n[g]
				}
			}' "$WORK/gen-slices.txt" >>"$RESULTS"
	done
	stop bare
}

# has_bench NAME SECTION tells whether package campaign has benchmark NAME,
# and notes why not for SECTION when it has not.
has_bench() {
	local list
	if ! list=$(go test -list "^$1\$" ./campaign 2>&1); then
		note "$2" "the tests of package campaign do not compile in this checkout, so $1 was not run: $(head -n 1 <<<"$list")"
		return 1
	fi
	grep -qx "$1" <<<"$list" && return 0
	note "$2" "package campaign has no $1"
	return 1
}

# gobench RUNS PATTERN FILE runs a benchmark of package campaign once per
# run, in one test binary, and leaves its output in FILE.
gobench() {
	go test -c -o "$WORK/campaign.test" ./campaign
	(cd campaign && on_server_cpu "$BIN/driver" usage -out "$WORK/gobench.usage" -- "$WORK/campaign.test" \
		-test.run '^$' -test.bench "$2" -test.benchmem -test.count "$1" ${4:+-test.benchtime "$4"}) >"$3"
	cat "$3" >>"$WORK/gobench.log"
}

section_dialer() {
	log "3. dialer simulation: $RUNS runs"
	record 0 meta.dialer "A campaign of 1 000 000 calls, retry 2, retry_interval 30, speed 2 000, a 24-hour window, simulated in one clock move (the Go benchmark's settings; over HTTP the mock runs with limits.speed_max 100000). Peak memory is the whole process's."
	if has_bench BenchmarkSimulateDay1M dialer; then
		gobench "$RUNS" 'SimulateDay1M$' "$WORK/dialer.bench" 1x
		awk '/^BenchmarkSimulateDay1M/ {run++; for (i = 3; i < NF; i += 2) printf "%d\tdialer.bench.%s\t%s\n", run, $(i + 1), $i}' \
			"$WORK/dialer.bench" >>"$RESULTS"
		record 1 dialer.bench.maxrss_mib "$(awk '$1 == "maxrss_kib" {printf "%.1f", $2 / 1024}' "$WORK/gobench.usage")"
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
	if has_bench BenchmarkListCalls pages; then
		gobench "$RUNS" 'ListCalls$' "$WORK/pages.bench"
		awk '/^BenchmarkListCalls\/page=/ {split($1, a, "[=-]"); n[a[2]]++; printf "%d\tpages.bench.page%s.ns/op\t%s\n", n[a[2]], a[2], $3}' \
			"$WORK/pages.bench" >>"$RESULTS"
	fi
}

section_contract() {
	log "5. contract suite: $RUNS runs"
	if ! "$BIN/callharness" contract --help >/dev/null 2>&1; then
		note contract "callharness contract is not in this build"
		return 0
	fi
	record 0 meta.contract "callharness contract --profile strict with an active, an inactive and another firm's key and the admin token, against a fresh mock each run (manual clock); wall time of the whole command."
	local port run t0 t1 code
	alloc_port port
	for ((run = 1; run <= RUNS; run++)); do
		log "run $run/$RUNS: contract"
		start_mock contract "$port" --inactive-key "$KEY-inactive" --other-firm-key "$KEY-other"
		t0=$(date +%s.%N)
		code=0
		on_client_cpu "$BIN/callharness" contract --target "http://127.0.0.1:$port" --api-key "$KEY" \
			--inactive-key "$KEY-inactive" --other-firm-key "$KEY-other" --admin-token "$ADMIN" \
			--profile strict --quiet --report-dir "$WORK/contract-$run" >"$WORK/contract-$run.log" 2>&1 || code=$?
		t1=$(date +%s.%N)
		record "$run" contract.wall_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')"
		record "$run" contract.exit "$code"
		stop contract
	done
	record 0 note.contract "last run: $(grep -m 1 ' checks: ' "$WORK/contract-$RUNS.log" || tail -n 1 "$WORK/contract-$RUNS.log")"
}

section_handler() {
	log "handler: in-process Go benchmarks of the mock's whole handler and a bare one, $RUNS runs"
	go test -c -o "$WORK/handler.test" ./bench/handler
	on_server_cpu "$WORK/handler.test" -test.run '^$' -test.bench . -test.benchmem -test.count "$RUNS" \
		-test.benchtime 1s >"$WORK/handler.bench"
	awk '/^Benchmark(ListCalls|Create)\// {
		split($1, a, "[/-]"); op = (a[1] == "BenchmarkListCalls") ? "list" : "create"; k = op "." a[2]; n[k]++
		printf "%d\thandler.%s.ns/op\t%s\n%d\thandler.%s.allocs/op\t%s\n", n[k], k, $3, n[k], k, $7
	}' "$WORK/handler.bench" >>"$RESULTS"
}

# profile_top OP records the cum% of the functions that tell where the
# mock's CPU went, from the pprof top of OP's profile.
profile_top() {
	go tool pprof -top -cum -nodecount=400 "$BIN/profile" "$WORK/$1.prof" >"$WORK/$1.top" 2>/dev/null
	awk -v op="$1" '
		BEGIN {
			m["encoding/json.Marshal"] = "json_encode"
			m["github.com/callharness/callharness/api.CallList.AppendJSON"] = "json_encode"
			m["github.com/callharness/callharness/api.appendString"] = "json_string"
			m["github.com/callharness/callharness/mockserver.decodeBody"] = "json_decode"
			m["github.com/callharness/callharness/spec.decodeJSON"] = "json_any"
			m["github.com/callharness/callharness/spec.(*Validator).ValidateRequest"] = "validate"
			m["github.com/callharness/callharness/mockserver.readJSONBody"] = "read_body"
			m["log/slog.(*Logger).log"] = "log"
			m["github.com/callharness/callharness/mockserver.(*observer).record"] = "observer"
			m["github.com/callharness/callharness/campaign.(*Service).ListCalls"] = "domain"
			m["github.com/callharness/callharness/campaign.(*Service).Create"] = "domain"
			m["internal/poll.(*FD).Write"] = "writes"
			m["net/http.(*conn).readRequest"] = "read_request"
			m["runtime.gcBgMarkWorker"] = "gc"
		}
		($6 in m) && !seen[m[$6]]++ {v = $5; sub("%", "", v); printf "1\tprofile.%s.%s\t%s\n", op, m[$6], v}
	' "$WORK/$1.top" >>"$RESULTS"
}

section_profile() {
	log "profile: CPU profiles of the mock (bench/profile) under wrk"
	local port dport id op wrkpid
	alloc_port port
	alloc_port dport
	start profile "http://127.0.0.1:$port/healthz" "$BIN/profile" -addr "127.0.0.1:$port" -debug "127.0.0.1:$dport" \
		-api-key "$KEY" -admin-token "$ADMIN" -clock-start "$CLOCK_START"
	id=$("$BIN/driver" setup -target "http://127.0.0.1:$port" -key "$KEY" -calls 10000)
	[[ -f $WORK/create10.json ]] || "$BIN/driver" body -records 10 >"$WORK/create10.json"
	record 0 meta.profile "bench/profile serves the mock in-process as callharness mock builds it, with net/http/pprof on a second listener; 12 s CPU profile in the middle of 20 s of wrk -t1 -c$CONNS; the figures are cumulative shares of its CPU samples. The profiles are in .tools/bench-run/{list,create}.prof."
	for op in list create; do
		local url="http://127.0.0.1:$port/api/v1/call-campaign" body=
		if [[ $op == list ]]; then url+="/$id/calls?size=50"; else body=$WORK/create10.json; fi
		BENCH_BODY=$body on_client_cpu "${WRK[@]}" -t1 "-c$CONNS" -d20s -H "x-cybernet-api-key: $KEY" \
			${body:+-s bench/wrk/post.lua} "$url" >"$WORK/profile-$op.wrk" &
		wrkpid=$!
		sleep 4
		curl -sf -o "$WORK/$op.prof" "http://127.0.0.1:$dport/debug/pprof/profile?seconds=12"
		wait "$wrkpid"
		profile_top "$op"
	done
	stop profile
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
		throughput | handler | profile | generator | dialer | pages | contract) "section_$s" ;;
		*) die "unknown section $s" ;;
		esac
	done

	record 0 meta.load_after "$(cut -d' ' -f1 /proc/loadavg)"
	"$BIN/report" -in "$RESULTS" -doc "$DOC"
	log "wrote $DOC (raw figures in $RESULTS)"
}

# One line, so that bash has read it whole before it runs: editing this file
# while it runs cannot change what it does.
main "$@"; exit $?
