# Sourced by the bench scripts: seeds one team of $1 keys into a throw-away database, starts the
# release binary on a free loopback port, and sets: work, team, token (a session, Bearer for the
# management API), service (a service token), port. The server stops when the script exits.
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
head -c32 /dev/urandom | base64 > "$work/master.key"
chmod 600 "$work/master.key"
read -r _ team _ token _ service < <(build/bench/keyward_seed --database-url "sqlite:$work/k.db" \
  --master-key-file "$work/master.key" --teams 1 --keys "$1")
port=$((20000 + RANDOM % 20000))
KEYWARD_MASTER_KEY_FILE="$work/master.key" build/keyward serve --listen "127.0.0.1:$port" \
  --database-url "sqlite:$work/k.db" --log-format json >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
mkdir -p bench/results
