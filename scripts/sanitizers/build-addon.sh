#!/usr/bin/env bash
# Builds the native addon (and librdkafka with it) for the memory checkers, each into its own
# cargo target folder under ~/.cache/ferrokafka so the normal build is left alone:
#   build-addon.sh asan      AddressSanitizer build: Rust with nightly `-Zsanitizer=address`
#                            (stable rustc has no sanitizer flag), librdkafka and the bundled C
#                            libraries (OpenSSL, zlib, zstd, curl) with gcc `-fsanitize=address`
#                            through CFLAGS. A cdylib does not link the sanitizer runtime: the
#                            check preloads gcc's libasan into Node.
#   build-addon.sh symbols   the release build as shipped, but not stripped, so valgrind's
#                            reports name functions and lines.
# Prints the path of the built .node file on its last line. A cold build took 45-50 minutes on
# two busy cores (OpenSSL and librdkafka dominate); later runs rebuild only what changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-}"
if [ "$mode" != asan ] && [ "$mode" != symbols ]; then
  echo "usage: build-addon.sh asan|symbols" >&2
  exit 2
fi

if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
host="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="$HOME/.cache/ferrokafka/cargo-target-$mode"
# Symbols and line tables in both builds, so reports name functions and lines.
export CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_DEBUG=line-tables-only

if [ "$mode" = asan ]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "the ASan build needs a nightly Rust toolchain: rustup toolchain install nightly --profile minimal" >&2
    exit 1
  fi
  if [ ! -e "$(gcc -print-file-name=libasan.so)" ]; then
    echo "the ASan build needs gcc's AddressSanitizer runtime (libasan): apt-get install -y gcc" >&2
    exit 1
  fi
  export RUSTUP_TOOLCHAIN=nightly
  # Rust's std is not rebuilt (no -Zbuild-std, which needs the rust-src component): its own code
  # is not instrumented, but all its heap memory comes from the preloaded runtime's malloc, so
  # leaks, double frees and use-after-free of Rust-owned memory are still caught. The ABI check
  # is relaxed for that mix. With an explicit --target, RUSTFLAGS reach only the target's crates,
  # not build scripts or proc macros (which run inside the compiler, without the runtime).
  export RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes -Cunsafe-allow-abi-mismatch=sanitizer"
  flags="-fsanitize=address -fno-omit-frame-pointer -g -O1"
  export "CFLAGS_${host//-/_}=$flags" "CXXFLAGS_${host//-/_}=$flags"
fi

cargo build --release --target "$host" --manifest-path native/Cargo.toml >&2
# Node loads an addon by its .node extension; FERROKAFKA_NATIVE_PATH names this copy.
cp "$CARGO_TARGET_DIR/$host/release/libferrokafka_native.so" "$CARGO_TARGET_DIR/ferrokafka-$mode.node"
echo "$CARGO_TARGET_DIR/ferrokafka-$mode.node"
