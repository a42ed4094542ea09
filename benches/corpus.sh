# Sourced by the bench scripts: builds feedcard and the corpus generator,
# and makes sure $work/posts holds $count generated posts.
# Needs: count, work. Runs from the repository root; sets release (the build folder).
release=${CARGO_TARGET_DIR:-target}/release
cargo build --release --quiet --example gen_corpus --bin feedcard
if [ ! -d "$work/posts" ]; then
  "$release"/examples/gen_corpus "$work" "$count"
fi
