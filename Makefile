# The two commands of the README. Both install what is missing first (scripts/setup.sh).
.PHONY: demo test lint setup

# Build the demo site and its PDFs into output/.
demo:
	bash scripts/setup.sh
	cargo run --release -- build

# Everything CI runs: formatting, lints, the whole test suite.
test:
	bash scripts/setup.sh --for-tests
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo test --all-targets

setup:
	bash scripts/setup.sh --for-tests

# Benchmarks (not part of CI): dangjian vs Hugo on a synthetic corpus; writes docs/benchmarks.md.
# Sizes and repetitions: make bench BENCH_ARGS='--sizes "10000 100000" --runs 3'
.PHONY: bench
bench:
	bash bench/run.sh $(BENCH_ARGS)
