#!/bin/sh
# setup.sh - install what bench/run.sh measures boxtop against and loads the
# machine with, from Debian's archive only; packages already there are left alone.
# Root. Run once before `make bench`.
set -eu

# Peers: systemd (systemd-cgtop), htop, atop, podman stats, perf, bpftrace.
# Load and plumbing: podman+runc+busybox-static (containers; crun refuses hybrid
# cgroups), stress-ng (profiler overhead), tmux (interactive tools get a terminal),
# jq and python3 (results).
PKGS="systemd htop atop podman runc busybox-static stress-ng linux-perf bpftrace tmux jq python3 procps"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "setup.sh: everything is installed"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "setup.sh: run as root to install:$missing" >&2; exit 1; }
echo "setup.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # a list of package names
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# atop's package starts its logging daemons; the bench wants a quiet machine.
if [ -d /run/systemd/system ]; then
	systemctl disable --now atop.service atopacct.service >/dev/null 2>&1 || true
fi
echo "setup.sh: done"
