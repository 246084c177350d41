# Sourced by the bench scripts: a throw-away work directory and master key, seeding, starting the
# release binary and nginx on loopback, and measuring with wrk. Everything started is stopped
# when the script exits.
bench_work=$(mktemp -d)
bench_pids=()
bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$bench_work/nginx.pid" ] && kill "$(cat "$bench_work/nginx.pid")" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT
head -c32 /dev/urandom | base64 >"$bench_work/master.key"
chmod 600 "$bench_work/master.key"
mkdir -p bench/results

# seed URL TEAMS KEYS [PREFIX]: one line per team, "team ID token SESSION service TOKEN".
seed() {
  build/bench/keyward_seed --database-url "$1" --master-key-file "$bench_work/master.key" \
    --teams "$2" --keys "$3" --prefix "${4:-}"
}

free_port() { echo $((20000 + RANDOM % 20000)); }

# start_keyward URL [BUILD_DIR] [LOG]: starts BUILD_DIR's server (default build/) on URL, waits
# until it answers; sets keyward_pid, base. A port taken meanwhile by something else is retried
# on another.
start_keyward() {
  local port attempt dir=${2:-build} log=${3:-$bench_work/server.log}
  for attempt in 1 2 3; do
    port=$(free_port)
    KEYWARD_MASTER_KEY_FILE="$bench_work/master.key" "$dir/keyward" serve \
      --listen "127.0.0.1:$port" --database-url "$1" --web-dir "$bench_work/no-ui" \
      --log-format json >>"$log" 2>&1 &
    keyward_pid=$!
    bench_pids+=("$keyward_pid")
    base="http://127.0.0.1:$port"
    for _ in $(seq 200); do
      curl -sf "$base/healthz" >/dev/null && return 0
      kill -0 "$keyward_pid" 2>/dev/null || break
      sleep 0.05
    done
    grep -q "Address already in use" "$log" || break
    : >"$log"
  done
  echo "$dir/keyward did not start:" >&2
  tail -5 "$log" >&2
  return 1
}

stop_keyward() {
  kill "$keyward_pid" 2>/dev/null || true
  wait "$keyward_pid" 2>/dev/null || true
}

# start_nginx: as many workers as cores, keep-alive, no access log, files from
# $bench_work/static; sets nginx_base.
start_nginx() {
  command -v nginx >/dev/null || {
    echo "bench: nginx is needed (scripts/install-deps --bench)" >&2
    return 1
  }
  local port
  port=$(free_port)
  mkdir -p "$bench_work/static" "$bench_work/nginx"
  cat >"$bench_work/nginx.conf" <<CONF
worker_processes auto;
pid $bench_work/nginx.pid;
error_log $bench_work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $bench_work/nginx;
  proxy_temp_path $bench_work/nginx;
  fastcgi_temp_path $bench_work/nginx;
  uwsgi_temp_path $bench_work/nginx;
  scgi_temp_path $bench_work/nginx;
  server {
    listen 127.0.0.1:$port;
    root $bench_work/static;
    default_type application/json;
  }
}
CONF
  nginx -p "$bench_work" -c "$bench_work/nginx.conf"
  nginx_base="http://127.0.0.1:$port"
}

# wrk_run CONNECTIONS SECONDS WRK_ARGS...: prints "requests/s p50_ms p99_ms" (wrk's units
# converted to milliseconds).
wrk_run() {
  local connections=$1 seconds=$2
  shift 2
  local threads=$((connections < 2 ? 1 : 2))
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" | awk '
    function ms(v) {
      if (v ~ /us$/) return v * 0.001
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v
    }
    /Requests\/sec/ {r = $2} /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)}
    END {printf "%.0f %.3f %.3f\n", r, p50, p99}'
}

# rss_kb PID: resident memory now, and its peak, in KiB.
rss_kb() { awk '/^VmRSS/ {now=$2} /^VmHWM/ {peak=$2} END {print now, peak}' "/proc/$1/status"; }
