#!/usr/bin/env bash
# Mutation testing of the modules where the engine decides things (issue 18):
# cargo-mutants plants small bugs one at a time (a `<` for a `<=`, a function
# that returns a default, a deleted `!`) and runs the tests against each; a
# mutant the tests do not catch is a behaviour nothing pins down.
#
# Too slow for CI (each mutant is an incremental build plus the tests): run it
# before a change to src/engine, src/vm, src/time or src/compile/verify lands,
# and put the figures in docs/TESTING.md.
#
#   scripts/mutants.sh                 # every module, one after the other
#   scripts/mutants.sh verify time     # some of them
#   JOBS=2 TIMEOUT=600 scripts/mutants.sh vm
#   scripts/mutants.sh verify -- --list    # extra cargo-mutants flags after `--`
#   SKIP_BASELINE=1 IN_PLACE=1 scripts/mutants.sh verify -- --lib compile::verify
#   IN_PLACE=1 scripts/mutants.sh time     # mutate this tree and build in its
#                                          # target/ (no cold build; do not edit
#                                          # the tree while it runs)
#
# Needs `cargo install cargo-mutants`. Results: target/mutants/MODULE/mutants.out/
# (caught.txt, missed.txt, timeout.txt, unviable.txt, outcomes.json). It runs
# at the lowest priority (nice 19) so that it does not starve a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS="${JOBS:-1}"
# Seconds per mutant's tests; a mutant that loops for ever is a timeout.
TIMEOUT="${TIMEOUT:-300}"

modules=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --) shift; extra=("$@"); break ;;
        *) modules+=("$1"); shift ;;
    esac
done
[ ${#modules[@]} -gt 0 ] || modules=(verify time vm engine)

if ! cargo mutants --version >/dev/null 2>&1; then
    echo "error: cargo-mutants is not installed; run \`cargo install cargo-mutants\`" >&2
    exit 2
fi

for module in "${modules[@]}"; do
    # The source files of the module, and the test targets that exercise it
    # (the unit tests in the library, plus the integration tests that reach
    # it); fewer targets keep each mutant's build short.
    case "$module" in
        verify) files=(src/compile/verify.rs 'src/compile/verify/*.rs'); tests=(--lib --test tamper --test compile) ;;
        time) files=(src/time.rs 'src/time/*.rs'); tests=(--lib --test run) ;;
        vm) files=(src/vm.rs 'src/vm/*.rs'); tests=(--lib --test run --test tamper) ;;
        engine) files=(src/engine.rs 'src/engine/*.rs' 'src/engine/**/*.rs'); tests=(--lib --test run --test cli_run) ;;
        *) echo "error: unknown module \`$module\`; use verify, time, vm or engine" >&2; exit 2 ;;
    esac
    args=()
    # `--in-place` runs one mutant at a time (cargo-mutants refuses `--jobs` with it).
    if [ "${IN_PLACE:-0}" = 1 ]; then args+=(--in-place); else args+=(--jobs "$JOBS"); fi
    # SKIP_BASELINE=1 skips the unmutated run (when the suite is known green).
    [ "${SKIP_BASELINE:-0}" = 1 ] && args+=(--baseline=skip)
    for f in "${files[@]}"; do args+=(--file "$f"); done
    out="target/mutants/$module"
    mkdir -p "$out"
    echo "== $module: ${files[*]} (tests: ${tests[*]})"
    # Exit 2 means mutants were missed and 3 that some timed out: report it,
    # go on with the next module; 1 (usage) and 4 (the tests fail unmutated) stop.
    nice -n 19 cargo mutants "${args[@]}" \
        --exclude '**/tests.rs' --exclude '**/test_support.rs' \
        --timeout "$TIMEOUT" --output "$out" \
        "${extra[@]}" -- "${tests[@]}" || status=$?
    status="${status:-0}"
    for kind in caught missed timeout unviable; do
        n=$( { grep -c . "$out/mutants.out/$kind.txt" 2>/dev/null || true; } | head -1)
        printf '%s %s: %s\n' "$module" "$kind" "${n:-0}"
    done
    [ "$status" = 0 ] || [ "$status" = 2 ] || [ "$status" = 3 ] || { echo "error: cargo mutants failed on $module (exit $status)" >&2; exit "$status"; }
    unset status
done
