#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the crate's fixtures and sample data.
set -euo pipefail
cd "$(dirname "$0")"
seed() {
    local target=$1
    shift
    mkdir -p "corpus/$target"
    for file in "$@"; do
        cp "$file" "corpus/$target/$(echo "${file#../}" | tr '/' '_')"
    done
}
seed csv ../examples/data/accounts.csv ../tests/fixtures/batch/*.csv ../tests/fixtures/hostile/*.csv
seed json_lines ../tests/fixtures/batch/*.jsonl
seed json_array ../tests/fixtures/batch/*.json
seed account ../examples/data/sample_account.json ../tests/fixtures/*.json
seed policy ../examples/data/policy.json ../tests/fixtures/hostile/bad_policy.json
seed workbook ../examples/data/accounts_ru.xlsx ../tests/fixtures/spreadsheets/*.xlsx ../tests/fixtures/spreadsheets/*.ods
