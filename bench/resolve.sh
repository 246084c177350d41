#!/usr/bin/env bash
# Measures GET /api/v1/resolve (the application's hot path) with wrk against the release binary,
# on a team of 1,000 keys. Writes bench/results/resolve.txt.
#   bench/resolve.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-10}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
head -c32 /dev/urandom | base64 > "$work/master.key"
chmod 600 "$work/master.key"
read -r _ team _ _ _ service < <(build/bench/keyward_seed --database-url "sqlite:$work/k.db" \
  --master-key-file "$work/master.key" --teams 1 --keys 1000 2>/dev/null)
port=$((20000 + RANDOM % 20000))
KEYWARD_MASTER_KEY_FILE="$work/master.key" build/keyward serve --listen "127.0.0.1:$port" \
  --database-url "sqlite:$work/k.db" --log-format json >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api/v1/resolve?type=openai"
curl -sf -H "Authorization: Bearer $service" "$url" >/dev/null
mkdir -p bench/results
out=bench/results/resolve.txt
echo "# resolve by type, 1,000 keys, $(date -u +%FT%TZ), $(nproc) cores, wrk -t2 -c$connections -d${seconds}s" >"$out"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $service" "$url" |
  tee -a "$out" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
