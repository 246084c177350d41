#!/usr/bin/env bash
# Measures GET /api/v1/resolve (the application's hot path) with wrk against the release binary,
# on a team of 1,000 keys. Writes bench/results/resolve.txt.
#   bench/resolve.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-10}
source bench/seeded_server.sh 1000
url="http://127.0.0.1:$port/api/v1/resolve?type=openai"
curl -sf -H "Authorization: Bearer $service" "$url" >/dev/null
out=bench/results/resolve.txt
echo "# resolve by type, 1,000 keys, $(date -u +%FT%TZ), $(nproc) cores, wrk -t2 -c$connections -d${seconds}s" >"$out"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $service" "$url" |
  tee -a "$out" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
