#!/usr/bin/env bash
# The crate's batch scoring against pandas and Polars on the same generated list:
# rows/s, peak RSS and the ratios, one run each. Installs pandas and Polars with pip
# when absent. Goals to measure against, not tests.
#
#   bash benches/compare.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 -c 'import pandas, polars' 2>/dev/null || pip install --quiet pandas polars numpy
cargo build --release --examples --quiet
target/release/examples/generate "$rows" > "$dir/in.csv"
threads=$(nproc)
run() { # label, command...
    local label=$1
    shift
    /usr/bin/time -f "%e %M" "$@" 2> "$dir/time" > /dev/null || true
    read -r secs rss < <(tail -1 "$dir/time")
    echo "$label $secs $rss"
}
{
    run "keyaccount-1-thread" target/release/examples/batch --no-duplicate-check --threads 1 "$dir/in.csv" -o "$dir/a.csv"
    run "keyaccount-all-threads" target/release/examples/batch --no-duplicate-check --threads "$threads" "$dir/in.csv" -o "$dir/b.csv"
    run "pandas-1-core" python3 benches/compare/model.py pandas "$dir/in.csv" "$dir/c.csv"
    POLARS_MAX_THREADS=1 run "polars-1-thread" python3 benches/compare/model.py polars "$dir/in.csv" "$dir/d.csv"
    run "polars-all-threads" python3 benches/compare/model.py polars "$dir/in.csv" "$dir/e.csv"
} > "$dir/results"
awk -v rows="$rows" '
    { label[NR] = $1; secs[NR] = $2; rss[NR] = $3 }
    END {
        printf "%-24s %10s %12s %10s\n", "pipeline", "seconds", "rows/s", "peak MiB"
        for (i = 1; i <= NR; i++) printf "%-24s %10.2f %12.0f %10.1f\n", label[i], secs[i], rows / secs[i], rss[i] / 1024
        printf "\nratios of rows/s:\n"
        printf "  keyaccount 1 thread / pandas:           %.2f\n", secs[3] / secs[1]
        printf "  keyaccount 1 thread / Polars 1 thread:  %.2f\n", secs[4] / secs[1]
        printf "  keyaccount all / Polars all threads:    %.2f\n", secs[5] / secs[2]
        printf "  keyaccount all / keyaccount 1 thread:   %.2f\n", secs[1] / secs[2]
    }' "$dir/results"
