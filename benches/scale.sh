#!/usr/bin/env bash
# How batch scoring time grows with rows and with the horizon, on generated lists.
# Prints a Markdown table: rows/s, peak RSS, one thread and all threads.
#
#   cargo build --release --examples && bash benches/scale.sh [MAX_ROWS]
#
# Generated files go to a temporary directory and are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=target/release/examples
measure() { # file, policy, threads -> "seconds rss_kib"
    /usr/bin/time -f "%e %M" "$bin/batch" --no-duplicate-check --threads "$3" --policy "$2" "$1" \
        -o "$dir/out.csv" 2>&1 >/dev/null | tail -1
}
echo "| rows | horizon | 1 thread: s | rows/s | all threads: s | rows/s | peak RSS (all) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
threads=$(nproc)
for rows in 1000 10000 100000 1000000 10000000; do
    [ "$rows" -le "$max" ] || continue
    "$bin/generate" "$rows" > "$dir/in.csv"
    for horizon in 1 5 20 50; do
        if [ "$rows" -ne 100000 ] && [ "$horizon" -ne 5 ]; then continue; fi
        printf '{"horizon_years": %s}\n' "$horizon" > "$dir/policy.json"
        read -r t1 _ < <(measure "$dir/in.csv" "$dir/policy.json" 1)
        read -r tn rss < <(measure "$dir/in.csv" "$dir/policy.json" "$threads")
        awk -v r="$rows" -v h="$horizon" -v t1="$t1" -v tn="$tn" -v m="$rss" 'BEGIN {
            printf "| %d | %d | %.2f | %.0f | %.2f | %.0f | %.1f MiB |\n", r, h, t1, r / (t1 > 0 ? t1 : 0.01), tn, r / (tn > 0 ? tn : 0.01), m / 1024 }'
    done
done
