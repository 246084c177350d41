#!/usr/bin/env bash
# Two builds of keyward against each other, in one run on the same cores: is a change slower?
# Each build seeds its own SQLite database (its own schema version) with the same team, and both
# servers run side by side, idle while the other is measured; the scenarios are measured in
# alternating rounds (A, B, A, B, …) so that a change of machine load hits both alike. Prints
# each build's median requests/s per scenario and B/A, and writes bench/results/compare.txt.
#   bench/compare.sh BUILD_DIR_A BUILD_DIR_B [keys] [seconds] [rounds]
# A BUILD_DIR holds a release build: keyward and bench/keyward_seed (e.g. a worktree's build/ at
# the commit before a change, and this repository's build/).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[ $# -ge 2 ] || {
  echo "usage: bench/compare.sh BUILD_DIR_A BUILD_DIR_B [keys] [seconds] [rounds]" >&2
  exit 2
}
dir_a=$(cd "$1" && pwd)
dir_b=$(cd "$2" && pwd)
keys=${3:-10000}
seconds=${4:-10}
rounds=${5:-3}
for dir in "$dir_a" "$dir_b"; do
  for binary in keyward bench/keyward_seed; do
    [ -x "$dir/$binary" ] || { echo "bench: $dir/$binary missing (build the release preset)" >&2; exit 1; }
  done
done

# build_start NAME DIR: seeds NAME's database with DIR's seed tool and starts DIR's server on it;
# sets NAME_base, NAME_team, NAME_token, NAME_service.
build_start() {
  local name=$1 dir=$2 team token service
  read -r _ team _ token _ service < <(
    "$dir/bench/keyward_seed" --database-url "sqlite:$bench_work/$name.db" \
      --master-key-file "$bench_work/master.key" --teams 1 --keys "$keys" --prefix "")
  start_keyward "sqlite:$bench_work/$name.db" "$dir" "$bench_work/$name.log" || exit 1
  printf -v "${name}_base" '%s' "$base"
  printf -v "${name}_team" '%s' "$team"
  printf -v "${name}_token" '%s' "$token"
  printf -v "${name}_service" '%s' "$service"
}
build_start a "$dir_a"
build_start b "$dir_b"

# scenario NAME BUILD: sets header and url of scenario NAME against BUILD (a or b).
scenario() {
  local base=${2}_base team=${2}_team token=${2}_token service=${2}_service
  case "$1" in
    resolve)
      header="Authorization: Bearer ${!service}"
      url="${!base}/api/v1/resolve?type=openai"
      ;;
    list)
      header="Authorization: Bearer ${!token}"
      url="${!base}/api/v1/teams/${!team}/api-keys?page_size=25"
      ;;
  esac
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

out=bench/results/compare.txt
{
  echo "# A: $dir_a"
  echo "# B: $dir_b"
  echo "# $(date -u +%FT%TZ), $(nproc) cores, SQLite, $keys keys in one team, 32 connections,"
  echo "# ${seconds}s per measurement, $rounds alternating rounds; median requests/s"
  printf '%-10s %10s %10s %7s\n' scenario A B B/A
} | tee "$out"
for name in resolve list; do
  : >"$bench_work/$name.a"
  : >"$bench_work/$name.b"
  for _ in $(seq "$rounds"); do
    for build in a b; do
      scenario "$name" "$build"
      read -r rps _ _ < <(wrk_run 32 "$seconds" -H "$header" "$url")
      echo "$rps" >>"$bench_work/$name.$build"
    done
  done
  ra=$(median <"$bench_work/$name.a")
  rb=$(median <"$bench_work/$name.b")
  printf '%-10s %10s %10s %7s\n' "$name" "$ra" "$rb" \
    "$(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.3f", b / a }')" | tee -a "$out"
done
echo "# wrote $out"
