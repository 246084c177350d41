#!/usr/bin/env bash
# keyward against the machine's own ceiling, in one run: every scenario is measured with the same
# wrk settings against keyward and against nginx serving a static file of the same size as
# keyward's answer, on loopback, on the same cores. Prints and writes
# bench/results/ceiling-<engine>.txt: requests/s of both, their ratio, and p50/p99.
#   bench/ceiling.sh [keys] [seconds]          (SQLite; KEYWARD_BENCH_DATABASE_URL for another)
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-100000}
seconds=${2:-10}
command -v nginx >/dev/null || { echo "ceiling.sh: nginx is needed (scripts/install-deps --bench)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
head -c32 /dev/urandom | base64 >"$work/master.key"
chmod 600 "$work/master.key"
database=${KEYWARD_BENCH_DATABASE_URL:-sqlite:$work/k.db}
engine=${database%%:*}
read -r _ team _ token _ service < <(build/bench/keyward_seed --database-url "$database" \
  --master-key-file "$work/master.key" --teams 1 --keys "$keys")
port=$((20000 + RANDOM % 20000))
KEYWARD_MASTER_KEY_FILE="$work/master.key" build/keyward serve --listen "127.0.0.1:$port" \
  --database-url "$database" --web-dir "$work/no-ui" --log-format json >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# nginx: as many workers as cores, keep-alive, access log off, files from $work/static.
nginx_port=$((port + 1))
mkdir -p "$work/static" "$work/nginx"
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/static;
    default_type application/json;
  }
}
EOF
nginx -p "$work" -c "$work/nginx.conf"

base="http://127.0.0.1:$port"
keys_url="$base/api/v1/teams/$team/api-keys"
out=bench/results/ceiling-$engine.txt
mkdir -p bench/results
{
  echo "# keyward vs nginx (static file of the same size), $keys keys in one team, $engine,"
  echo "# $(date -u +%FT%TZ), $(nproc) cores shared by server and wrk, wrk -t2 -d${seconds}s"
  printf '%-28s %6s %10s %10s %7s %9s %9s %9s\n' scenario conns keyward nginx ratio p50 p99 "nginx p99"
} | tee "$out"

# measure NAME CONNECTIONS AUTH URL: keyward's answer saved as the static file nginx serves.
measure() {
  local name=$1 connections=$2 auth=$3 url=$4
  local file="$work/static/$(echo "$name" | tr -c 'a-z0-9\n' '_')"
  curl -sf -H "Authorization: Bearer $auth" "$url" >"$file"
  local k n
  k=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $auth" "$url" |
    awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print r, p50, p99}')
  n=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    "http://127.0.0.1:$nginx_port/$(basename "$file")" |
    awk '/Requests\/sec/ {r=$2} /^ +99%/ {p99=$2} END {print r, p99}')
  read -r krps kp50 kp99 <<<"$k"
  read -r nrps np99 <<<"$n"
  printf '%-28s %6s %10.0f %10.0f %7.2f %9s %9s %9s\n' "$name" "$connections" "$krps" "$nrps" \
    "$(awk -v k="$krps" -v n="$nrps" 'BEGIN { print k / n }')" "$kp50" "$kp99" "$np99" |
    tee -a "$out"
}

measure "resolve by type" 32 "$service" "$base/api/v1/resolve?type=openai"
measure "list page 1 by created_at" 32 "$token" "$keys_url?sort=created_at&page_size=25"
measure "list with search" 32 "$token" "$keys_url?search=production&page_size=25"
last=$(( (keys + 24) / 25 ))
measure "list page $last" 32 "$token" "$keys_url?page=$last&page_size=25"
echo "# wrote $out"
