#!/usr/bin/env bash
# Measures list and search latency on one team of N keys (default 100,000), over HTTP with wrk,
# against the release binary. Prints one line per scenario; writes bench/results/list_search.txt.
#   bench/list_search.sh [keys]
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-100000}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
head -c32 /dev/urandom | base64 > "$work/master.key"
chmod 600 "$work/master.key"
read -r _ team _ token _ _ < <(build/bench/keyward_seed --database-url "sqlite:$work/k.db" \
  --master-key-file "$work/master.key" --teams 1 --keys "$keys")
port=$((20000 + RANDOM % 20000))
KEYWARD_MASTER_KEY_FILE="$work/master.key" build/keyward serve --listen "127.0.0.1:$port" \
  --database-url "sqlite:$work/k.db" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/v1/teams/$team/api-keys"
mkdir -p bench/results
out=bench/results/list_search.txt
echo "# $keys keys in one team, $(date -u +%FT%TZ), $(nproc) cores, wrk -t1 -c4 -d5s" >"$out"
for scenario in "page 1 newest:" "sorted by description:?sort=description" \
  "search 'production' (trigram):?search=production" "search 'key 4242' (trigram):?search=key%204242" \
  "search 'us' (short scan):?search=us" "page 400:?page=400"; do
  name=${scenario%%:*}
  query=${scenario#*:}
  line=$(wrk -t1 -c4 -d5s --latency -H "Authorization: Bearer $token" "$base$query" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print "rps=" rps, "p50=" p50, "p99=" p99}')
  printf '%-32s %s\n' "$name" "$line" | tee -a "$out"
done
