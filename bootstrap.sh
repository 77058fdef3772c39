#!/bin/sh
# bootstrap.sh - one command from a fresh Debian/Ubuntu machine (as root):
#   ./bootstrap.sh run     install build dependencies, build, start boxtop
#   ./bootstrap.sh check   the same plus test dependencies, then the whole test suite
# Warnings are errors here; `check` also runs make distcheck and the unit tests
# under ASan+UBSan. The automake summary of the last run closes the output.
set -eu
cd "$(dirname "$0")"
mode=${1:-run}
shift 2>/dev/null || true

BUILD_DEPS="build-essential autoconf automake pkg-config libncurses-dev libcap-dev libiberty-dev libbpf-dev clang llvm bpftool"
TEST_DEPS="podman runc busybox-static iproute2 tmux linux-perf procps util-linux valgrind jq python3"

need_install() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 0
	done
	return 1
}

install_deps() {
	if ! command -v apt-get >/dev/null; then
		echo "bootstrap.sh: apt-get not found: install $* by hand" >&2
		return 0
	fi
	if need_install "$@"; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "$@" >/dev/null
	fi
}

build() {
	dir=$1; shift
	[ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] || autoreconf -fi
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || ../configure "$@"; } && make -j"$(nproc)")
}

case "$mode" in
run)
	install_deps $BUILD_DEPS
	build build
	exec ./build/boxtop "$@"
	;;
check)
	install_deps $BUILD_DEPS $TEST_DEPS
	# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (live tests skip themselves there).
	build build-asan --enable-werror \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined"
	(cd build-asan && BOXTOP_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1 make -j"$(nproc)" check >check.log 2>&1) ||
		{ tail -60 build-asan/check.log; tail -200 build-asan/test-suite.log 2>/dev/null; exit 1; }
	grep '^# ' build-asan/check.log | sed 's/^/asan: /'
	build build --enable-werror
	# The release tarball builds and passes its unit tests on its own (live tests off there).
	(cd build && make -j"$(nproc)" distcheck >distcheck.log 2>&1) || { tail -100 build/distcheck.log; exit 1; }
	echo "distcheck: $(grep -c 'archives ready for distribution' build/distcheck.log) archive ready"
	# Last, the whole suite, live tests included: its automake summary closes the output.
	(cd build && make -j"$(nproc)" check) || { tail -200 build/test-suite.log 2>/dev/null; exit 1; }
	;;
*)
	echo "usage: $0 run|check [boxtop options]" >&2
	exit 2
	;;
esac
