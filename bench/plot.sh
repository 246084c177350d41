#!/usr/bin/env bash
# Draws the charts of docs/performance.md from bench/results/*.tsv with gnuplot:
#   docs/perf-ceiling.png  throughput as a share of nginx's, and p99 latency, per scenario
#   docs/perf-scale.png    p99 latency of list and search against the number of keys
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gnuplot >/dev/null || {
  echo "plot.sh: gnuplot is needed (scripts/install-deps --bench)" >&2
  exit 1
}
results=bench/results

# Ceiling: one bar per engine and scenario. Rows without an nginx figure (the paced run) are
# left out of the ratio panel.
ceiling=()
for engine in sqlite postgresql; do
  [ -f "$results/ceiling-$engine.tsv" ] && ceiling+=("$engine")
done
if [ ${#ceiling[@]} -gt 0 ]; then
  ratio_plots=() p99_plots=()
  for i in "${!ceiling[@]}"; do
    file="$results/ceiling-${ceiling[$i]}.tsv"
    ratio_plots+=("'$file' using (\$0 + $i * 0.4 - 0.2):(\$5 > 0 ? \$5 : 1/0) with boxes title '${ceiling[$i]}'")
    p99_plots+=("'$file' using (\$0 + $i * 0.4 - 0.2):7 with boxes title '${ceiling[$i]}'")
  done
  # The scenario names once, centred under each pair of bars.
  labels="'$results/ceiling-${ceiling[0]}.tsv' using 0:(1/0):xtic(1) notitle"
  ratio_plots+=("$labels")
  p99_plots+=("$labels")
  gnuplot <<PLOT
set terminal pngcairo size 1200,900 font "Sans,10"
set output 'docs/perf-ceiling.png'
set datafile separator "\t"
set multiplot layout 2,1 title "keyward against nginx serving a file of the same size (2 cores, load client on the same cores)"
set style fill solid 0.8 border -1
set boxwidth 0.38
set xtics rotate by -25 noenhanced
set grid ytics
set key top right
set ylabel "requests/s, share of nginx's"
set yrange [0:1]
set arrow 1 from graph 0, first 0.6 to graph 1, first 0.6 nohead dt 2 lc rgb "#aa0000"
set label 1 "resolve target 0.6" at graph 0.01, first 0.63 tc rgb "#aa0000"
set arrow 2 from graph 0, first 0.4 to graph 1, first 0.4 nohead dt 2 lc rgb "#aa6600"
set label 2 "list/search target 0.4" at graph 0.01, first 0.43 tc rgb "#aa6600"
plot $(IFS=,; echo "${ratio_plots[*]}")
unset arrow 1
unset arrow 2
unset label 1
unset label 2
set ylabel "p99 latency, ms (log)"
set logscale y
set yrange [0.1:*]
plot $(IFS=,; echo "${p99_plots[*]}")
unset multiplot
PLOT
  echo "plot.sh: wrote docs/perf-ceiling.png"
fi

# Scale: p99 latency against keys in the database, one line per query (and engine).
scale_plots=()
for engine in sqlite postgresql; do
  file="$results/scale-$engine.tsv"
  [ -f "$file" ] || continue
  scale_plots+=("'$file' using 1:7 with linespoints title '$engine: large team, list page 1'")
  scale_plots+=("'$file' using 1:9 with linespoints title '$engine: large team, search'")
  scale_plots+=("'$file' using 1:11 with linespoints title '$engine: large team, last page'")
  scale_plots+=("'$file' using 1:13 with linespoints title '$engine: team of 100, list'")
  scale_plots+=("'$file' using 1:15 with linespoints title '$engine: team of 100, search'")
done
if [ ${#scale_plots[@]} -gt 0 ]; then
  gnuplot <<PLOT
set terminal pngcairo size 1200,700 font "Sans,10"
set output 'docs/perf-scale.png'
set datafile separator "\t"
set title "p99 latency, one request at a time, against the keys in the database (the large team holds a tenth)"
set logscale xy
set xlabel "keys in the database"
set ylabel "p99, ms (log)"
set grid
set key outside right top noenhanced
set xrange [7000:1500000]
set xtics ("10k" 10000, "100k" 100000, "1M" 1000000)
plot $(IFS=,; echo "${scale_plots[*]}")
PLOT
  echo "plot.sh: wrote docs/perf-scale.png"
fi
