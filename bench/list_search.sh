#!/usr/bin/env bash
# Measures list and search latency on one team of N keys (default 100,000), over HTTP with wrk,
# against the release binary. Prints one line per scenario; writes bench/results/list_search.txt.
#   bench/list_search.sh [keys]
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-100000}
source bench/seeded_server.sh "$keys"
base="http://127.0.0.1:$port/api/v1/teams/$team/api-keys"
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
