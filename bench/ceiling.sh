#!/usr/bin/env bash
# keyward against the machine's own ceiling, in one run: every scenario is measured with the same
# wrk settings against keyward and against nginx serving a static file of the same size as
# keyward's answer, on loopback, on the same cores. Writes bench/results/ceiling-<engine>.txt
# (the table) and .tsv (for bench/plot.sh).
#   bench/ceiling.sh [keys] [seconds]       SQLite; KEYWARD_BENCH_DATABASE_URL for PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
keys=${1:-100000}
seconds=${2:-10}

database=${KEYWARD_BENCH_DATABASE_URL:-sqlite:$bench_work/k.db}
engine=${database%%:*}
[ "$engine" = postgres ] && engine=postgresql
read -r _ team _ token _ service < <(seed "$database" 1 "$keys")
start_keyward "$database"
start_nginx
keys_url="$base/api/v1/teams/$team/api-keys"
out=bench/results/ceiling-$engine
{
  echo "# keyward vs nginx (static file of the same size), $keys keys in one team, $engine,"
  echo "# $(date -u +%FT%TZ), $(nproc) cores shared by server and wrk, ${seconds}s per run"
  printf '%-34s %5s %9s %9s %6s %8s %8s %9s\n' scenario conns keyward nginx ratio p50_ms \
    p99_ms nginx_p99
} | tee "$out.txt"
: >"$out.tsv"

# measure NAME CONNECTIONS SAMPLE WRK_ARGS... URL: keyward under WRK_ARGS, then nginx serving a
# file of SAMPLE's size with the same connections. Sets krps, kp50, kp99.
measure() {
  local name=$1 connections=$2 sample=$3
  shift 3
  local file
  file="$bench_work/static/$(echo "$name" | tr -c 'a-z0-9\n' '_')"
  cp "$sample" "$file"
  read -r krps kp50 kp99 < <(wrk_run "$connections" "$seconds" "$@")
  read -r nrps _ np99 < <(wrk_run "$connections" "$seconds" "$nginx_base/$(basename "$file")")
  local ratio
  ratio=$(awk -v k="$krps" -v n="$nrps" 'BEGIN { printf "%.3f", k / n }')
  printf '%-34s %5s %9s %9s %6s %8s %8s %9s\n' "$name" "$connections" "$krps" "$nrps" "$ratio" \
    "$kp50" "$kp99" "$np99" | tee -a "$out.txt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$connections" "$krps" "$nrps" "$ratio" "$kp50" \
    "$kp99" >>"$out.tsv"
}
note() { echo "# $*" | tee -a "$out.txt"; }

# A GET scenario: the answer is fetched once as the sample.
get() {
  local name=$1 connections=$2 auth=$3 url=$4
  curl -sf -H "Authorization: Bearer $auth" "$url" >"$bench_work/sample"
  measure "$name" "$connections" "$bench_work/sample" -H "Authorization: Bearer $auth" "$url"
}

get "resolve by type" 32 "$service" "$base/api/v1/resolve?type=openai"
resolve_rps=$krps
# Half the rate just measured: 16 connections, each pausing so that together they offer it.
delay_ms=$(awk -v r="$resolve_rps" 'BEGIN { d = int(16 * 1000 / (r / 2)); print d < 1 ? 1 : d }')
read -r hrps hp50 hp99 < <(DELAY_MS=$delay_ms wrk_run 16 "$seconds" -s bench/paced.lua \
  -H "Authorization: Bearer $service" "$base/api/v1/resolve?type=openai")
printf '%-34s %5s %9s %9s %6s %8s %8s %9s\n' "resolve at half rate (paced)" 16 "$hrps" - - \
  "$hp50" "$hp99" - | tee -a "$out.txt"
printf '%s\t%s\t%s\t\t\t%s\t%s\n' "resolve at half rate" 16 "$hrps" "$hp50" "$hp99" >>"$out.tsv"

get "list page 1 by created_at" 32 "$token" "$keys_url?sort=created_at&page_size=25"
get "list with search production" 32 "$token" "$keys_url?search=production&page_size=25"
last=$(((keys + 24) / 25))
get "list page $last" 32 "$token" "$keys_url?page=$last&page_size=25"
# Latency of one request at a time: a deep page against the first.
read -r _ p1 p1_99 < <(wrk_run 1 "$seconds" -H "Authorization: Bearer $token" \
  "$keys_url?page_size=25")
read -r _ pl pl_99 < <(wrk_run 1 "$seconds" -H "Authorization: Bearer $token" \
  "$keys_url?page=$last&page_size=25")
note "one connection: page 1 p50 ${p1} ms p99 ${p1_99} ms; page $last p50 ${pl} ms" \
  "p99 ${pl_99} ms; page $last / page 1 = $(awk -v a="$pl" -v b="$p1" 'BEGIN{printf "%.2f", a/b}')"

# Durable creates (each acknowledged only after its commit reached the disk).
curl -sf -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"type":"openai","description":"sample","key":"sk-bench-sample-0123456789"}' \
  "$keys_url" >"$bench_work/sample"
TEAM=$team SESSION=$token RUN=1 measure "create, 1 writer" 1 "$bench_work/sample" \
  -s bench/create.lua "$base"
one_writer=$krps
TEAM=$team SESSION=$token RUN=64 measure "create, 64 writers" 64 "$bench_work/sample" \
  -s bench/create.lua "$base"
note "64 writers / 1 writer = $(awk -v a="$krps" -v b="$one_writer" 'BEGIN{printf "%.2f", a/b}')"

# 95 % reads (resolve, list pages, search) and 5 % creates, as tests/load/mixed.lua.
curl -sf -H "Authorization: Bearer $token" "$keys_url?page_size=25" >"$bench_work/sample"
TEAM=$team SESSION=$token SERVICE=$service RUN=mix measure "95/5 read/write mix" 32 \
  "$bench_work/sample" -s tests/load/mixed.lua "$base" >/dev/null
tail -1 "$out.txt"

# Sign-in: argon2id on the CPU pool, so resolves are not stalled behind it.
login='{"email":"owner0@bench.example","password":"benchmark password"}'
curl -sf -H "Content-Type: application/json" -d "$login" "$base/api/v1/session" \
  >"$bench_work/sample"
EMAIL=owner0@bench.example PASSWORD="benchmark password" measure "sign-in (argon2id)" 4 \
  "$bench_work/sample" -s bench/login.lua "$base"
read -r rrps _ rp99 < <(wrk_run 16 "$seconds" -H "Authorization: Bearer $service" \
  "$base/api/v1/resolve?type=openai")
EMAIL=owner0@bench.example PASSWORD="benchmark password" \
  wrk_run 4 "$seconds" -s bench/login.lua "$base" >"$bench_work/login-during" &
login_load=$!
read -r drps _ dp99 < <(wrk_run 16 "$seconds" -H "Authorization: Bearer $service" \
  "$base/api/v1/resolve?type=openai")
wait "$login_load"
read -r lrps _ _ <"$bench_work/login-during"
note "resolve alone: $rrps req/s p99 $rp99 ms; during 4 connections of sign-ins ($lrps sign-ins/s):" \
  "$drps req/s p99 $dp99 ms"
echo "# wrote $out.txt"
