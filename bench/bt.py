#!/usr/bin/env python3
"""bt.py - the bench harness's helpers that shell does badly (run by bench/run.sh).

  bt.py farm grow N K      plain cgroups boxtop-bench/cg-00000.. up to N, each with
                           K sleeping processes, in every hierarchy boxtop reads
  bt.py farm destroy       kill the sleepers, remove every farm cgroup
  bt.py farm count         "CGROUPS PROCS" now in the farm
  bt.py first-line [--match RE] [--timeout S] -- CMD...
                           seconds from exec to CMD's first stdout line matching RE
  bt.py bpf-cost PID SECS  ns per second the kernel spends in PID's BPF programs
  bt.py stress-rate YAML   bogo ops per second (real time, CPU time) from stress-ng --yaml
  bt.py report TSV         the results table (see run.sh for the TSV's columns)

The farm touches only directories named boxtop-bench under each hierarchy's root.
"""
import math
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import time

FARM = "boxtop-bench"
# The hierarchies boxtop (and systemd-cgtop) read: v1 cpu, cpuacct, memory, pids,
# blkio and name=systemd, plus the cgroup2 tree (unified on hybrid, the root on v2).
V1_WANTED = {"cpu", "cpuacct", "memory", "pids", "blkio", "name=systemd"}


def hierarchies():
    out = []
    with open("/proc/self/mounts") as f:
        for line in f:
            dev, mnt, typ, opts = line.split()[:4]
            if typ == "cgroup2":
                out.append(mnt)
            elif typ == "cgroup" and V1_WANTED & set(opts.split(",")):
                out.append(mnt)
    return out


def farm_dirs(h):
    base = os.path.join(h, FARM)
    try:
        names = sorted(n for n in os.listdir(base) if re.fullmatch(r"cg-\d{5}", n))
    except FileNotFoundError:
        return []
    return [os.path.join(base, n) for n in names]


def procs_of(d):
    try:
        with open(os.path.join(d, "cgroup.procs")) as f:
            return [int(x) for x in f.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def enable_v2_controllers(hs):
    # Pure v2: without cpu/memory/io/pids delegated from the top a group has
    # none of their files, which is not what a real machine's containers see.
    with open("/proc/self/mounts") as f:
        if any(line.split()[2] == "cgroup" for line in f):
            return
    for h in hs:
        have = open(os.path.join(h, "cgroup.controllers")).read().split()
        on = open(os.path.join(h, "cgroup.subtree_control")).read().split()
        want = [c for c in ("cpu", "memory", "io", "pids") if c in have and c not in on]
        for path in (os.path.join(h, "cgroup.subtree_control"), os.path.join(h, FARM, "cgroup.subtree_control")):
            if want and os.path.exists(path):
                with open(path, "w") as f:
                    f.write(" ".join("+" + c for c in want))


def spawn_sleeper(dirs):
    pid = os.fork()
    if pid == 0:
        try:
            for d in dirs:
                with open(os.path.join(d, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))
            devnull = os.open("/dev/null", os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.setsid()  # not in our session: a ^C to run.sh is handled by its trap
            os.execv("/bin/sleep", ["sleep", "86400"])
        finally:
            os._exit(127)
    return pid


def farm_grow(n, k):
    hs = hierarchies()
    if not hs:
        sys.exit("bt.py: no cgroup hierarchy mounted")
    for h in hs:
        os.makedirs(os.path.join(h, FARM), exist_ok=True)
    enable_v2_controllers(hs)
    for i in range(n):
        dirs = [os.path.join(h, FARM, "cg-%05d" % i) for h in hs]
        for d in dirs:
            if not os.path.isdir(d):
                os.mkdir(d)
        # The last hierarchy (cgroup2 if mounted) tells how many sleepers a group has.
        have = len(procs_of(dirs[-1]))
        for _ in range(max(0, k - have)):
            spawn_sleeper(dirs)
    # The sleepers outlive us (reparented to init); bt.py farm destroy kills them.


def farm_trim(n, k):
    """Down to N groups with at most K sleepers each."""
    hs = hierarchies()
    ref = hs[-1]
    for d in farm_dirs(ref):
        i = int(d[-5:])
        pids = procs_of(d)
        extra = pids if i >= n else pids[k:]
        for p in extra:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if any(int(d[-5:]) >= n for d in farm_dirs(ref)):
        wait_empty([d for d in farm_dirs(ref) if int(d[-5:]) >= n])
        for h in hs:
            for d in farm_dirs(h):
                if int(d[-5:]) >= n:
                    rmdir_quiet(d)


def wait_empty(dirs, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not any(procs_of(d) for d in dirs):
            return True
        time.sleep(0.05)
    return False


def rmdir_quiet(d):
    for _ in range(20):
        try:
            os.rmdir(d)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.05)


def farm_destroy():
    hs = hierarchies()
    for _ in range(3):
        for h in hs:
            for d in farm_dirs(h) + [os.path.join(h, FARM)]:
                for p in procs_of(d):
                    try:
                        os.kill(p, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        if wait_empty([d for h in hs for d in farm_dirs(h)], 10):
            break
    for h in hs:
        for d in farm_dirs(h):
            rmdir_quiet(d)
        if os.path.isdir(os.path.join(h, FARM)):
            rmdir_quiet(os.path.join(h, FARM))


def farm_count():
    hs = hierarchies()
    ds = farm_dirs(hs[-1]) if hs else []
    print(len(ds), sum(len(procs_of(d)) for d in ds))


def first_line(argv):
    match, timeout = None, 10.0
    while argv and argv[0] != "--":
        if argv[0] == "--match":
            match = re.compile(argv[1])
            argv = argv[2:]
        elif argv[0] == "--timeout":
            timeout = float(argv[1])
            argv = argv[2:]
        else:
            sys.exit("bt.py first-line: unknown option " + argv[0])
    cmd = argv[1:]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    buf, found = b"", None
    end = t0 + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([p.stdout], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if match is None or match.search(line.decode(errors="replace")):
                found = time.monotonic() - t0
                break
        if found is not None:
            break
    p.kill()
    p.wait()
    if found is None:
        print("nan")
        return 1
    print("%.4f" % found)
    return 0


def bpf_prog_stats(pid):
    """Summed run_time_ns and run_cnt over the BPF programs PID holds open."""
    ns = cnt = 0
    d = "/proc/%d/fdinfo" % pid
    for fd in os.listdir(d):
        try:
            if "bpf-prog" not in os.readlink("/proc/%d/fd/%s" % (pid, fd)):
                continue
            with open(os.path.join(d, fd)) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k == "run_time_ns":
                        ns += int(v)
                    elif k == "run_cnt":
                        cnt += int(v)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return ns, cnt


def bpf_cost(pid, secs):
    """"NS_PER_S RUNS_PER_S": time the kernel spent in PID's BPF programs. Run-time
    statistics are on only while the fd of BPF_ENABLE_STATS is open (nothing
    stays switched on), so only deltas within the window count."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    attr = (ctypes.c_uint32 * 32)()  # union bpf_attr, enable_stats.type = BPF_STATS_RUN_TIME (0)
    nr_bpf = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine)
    fd = libc.syscall(nr_bpf, 32, ctypes.byref(attr), ctypes.sizeof(attr)) if nr_bpf else -1  # BPF_ENABLE_STATS
    if fd < 0:
        print("nan nan")
        return 1
    try:
        n0, c0 = bpf_prog_stats(pid)
        t0 = time.monotonic()
        time.sleep(secs)
        n1, c1 = bpf_prog_stats(pid)
        dt = time.monotonic() - t0
    finally:
        os.close(fd)
    if c1 == c0 == 0:
        print("nan nan")
        return 1
    print("%.0f %.1f" % ((n1 - n0) / dt, (c1 - c0) / dt))
    return 0


def stress_rate(path):
    """"REAL_TIME_RATE CPU_TIME_RATE": bogo ops per second of wall time and per
    second of the workload's own user+sys time."""
    rt = cpu = None
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*bogo-ops-per-second-(real-time|usr-sys-time):\s*([0-9.]+)", line)
            if m and m.group(1) == "real-time":
                rt = float(m.group(2))
            elif m:
                cpu = float(m.group(2))
    print(rt if rt is not None else "nan", cpu if cpu is not None else "nan")


# ---------------------------------------------------------------- report ----

def fnum(x, nd=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return "%.*f" % (nd, x)


def med(xs):
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    return statistics.median(xs) if xs else float("nan")


def spread(xs):
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    if len(xs) < 2:
        return ""
    return "%.0f-%.0f%%" % (100 * (min(xs) / statistics.median(xs) - 1), 100 * (max(xs) / statistics.median(xs) - 1))


def slope(pts):
    """Least-squares slope of (x, _, y) points."""
    xs = [x for x, _, _ in pts]
    ys = [y for _, _, y in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def machine_cpus(meta):
    for m in meta:
        g = re.search(r"(\d+) CPUs", m)
        if g:
            return int(g.group(1))
    return os.cpu_count() or 1


def report(path):
    # TSV: section scenario tool round metric value; "#meta" and "#note" lines.
    rows, meta, notes = [], [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#meta\t"):
                meta.append(line.split("\t", 1)[1])
            elif line.startswith("#note\t"):
                n = line.split("\t", 1)[1]
                if n not in notes:
                    notes.append(n)
            elif line and not line.startswith("#"):
                sec, scen, tool, rnd, metric, val = line.split("\t")
                try:
                    v = float(val)
                except ValueError:
                    v = float("nan")
                rows.append((sec, scen, tool, rnd, metric, v))

    def vals(sec, scen, tool, metric):
        return [v for (s, c, t, _, m, v) in rows if s == sec and c == scen and t == tool and m == metric]

    def ordered(idx, sec):
        seen = []
        for r in rows:
            if r[0] == sec and r[idx] not in seen and not (idx == 2 and r[2] == "machine"):
                seen.append(r[idx])
        return seen

    def machine(scen, what):
        """The most the machine held during the scenario (counted before and after it)."""
        v = vals("refresh", scen, "machine", what) or vals("scale", scen, "machine", what)
        return max(v) if v else None

    def ncg(scen):
        """Cgroups boxtop walks in a plain-cgroup scenario: all of the machine's."""
        m = re.fullmatch(r"(\d+) cgroups", scen)
        if not m:
            return None
        return machine(scen, "cgroups_total") or int(m.group(1))

    out, targets = [], []
    p = out.append
    p("boxtop bench results")
    for m in meta:
        p("  " + m)
    p("")

    if any(r[0] == "refresh" for r in rows):
        ts = ordered(2, "refresh")
        w = max(13, max(len(t) for t in ts) + 2)
        head = "%-16s" % "scenario" + "".join("%*s" % (w, t) for t in ts)
        p("Refresh cost: CPU ms per refresh at a 1 s interval (user+sys of the whole process, from")
        p("the kernel's accounting of a cgroup holding only the tool; median of alternating rounds)")
        p(head + "%14s" % "boxtop/cgtop")
        for sc in ordered(1, "refresh"):
            cells = [med(vals("refresh", sc, t, "cpu_ms")) for t in ts]
            b = med(vals("refresh", sc, "boxtop -b", "cpu_ms"))
            c = med(vals("refresh", sc, "systemd-cgtop", "cpu_ms"))
            ratio = b / c if c and not math.isnan(b) and not math.isnan(c) else float("nan")
            p("%-16s" % sc + "".join("%*s" % (w, fnum(v, 2)) for v in cells) + "%14s" % fnum(ratio, 2))
            if not math.isnan(ratio):
                targets.append(("boxtop -b CPU/refresh <= systemd-cgtop at %s (aim half)" % sc,
                                "%.2fx" % ratio, ratio <= 1.0, ratio <= 0.5))
        p("")
        p("  of which system time, ms per refresh:")
        for sc in ordered(1, "refresh"):
            p("  %-14s" % sc + "".join("%*s" % (w, fnum(med(vals("refresh", sc, t, "sys_ms")), 2)) for t in ts))
        p("")
        cg_scens = [sc for sc in ordered(1, "refresh") if ncg(sc)]
        if cg_scens:
            p("CPU us per cgroup per refresh (all cgroups on the machine: the farm and the machine's own):")
            p(head)
            for sc in cg_scens:
                n = ncg(sc)
                p("%-16s" % ("%s (%d)" % (sc.split()[0], n)) +
                  "".join("%*s" % (w, fnum(1000 * med(vals("refresh", sc, t, "cpu_ms")) / n, 1)) for t in ts))
                if sc == "1000 cgroups":
                    v = 1000 * med(vals("refresh", sc, "boxtop -b", "cpu_ms")) / n
                    if not math.isnan(v):
                        targets.append(("boxtop -b us per cgroup at 1,000 cgroups <= 30 (aim 15)", "%.1f us" % v,
                                        v <= 30, v <= 15))
            p("")
        p("Peak RSS (VmHWM of the tool's process), MB:")
        p(head)
        for sc in ordered(1, "refresh"):
            cells = []
            for t in ts:
                v = [x for x in vals("refresh", sc, t, "hwm_kb") if not math.isnan(x)]
                cells.append("%*s" % (w, fnum(max(v) / 1024 if v else float("nan"), 1)))
            p("%-16s" % sc + "".join(cells))
        for t in ("boxtop -b", "boxtop tui"):
            v = [x for x in vals("refresh", "1000 cgroups", t, "hwm_kb") if not math.isnan(x)]
            if v:
                mb = max(v) / 1024
                targets.append(("%s peak RSS at 1,000 cgroups <= 16 MB (no profiler)" % t, "%.1f MB" % mb,
                                mb <= 16, None))
        p("")

    if any(r[0] == "startup" for r in rows):
        p("Start-up: time to the first complete frame (batch: first line printed; bpftrace: its first")
        p("sample), ms, median of runs (spread around the median)")
        for sc in ordered(1, "startup"):
            p("  at %s:" % sc)
            for t in ordered(2, "startup"):
                v = vals("startup", sc, t, "first_ms")
                if v:
                    p("    %-30s %8s   (%d runs, %s)" % (t, fnum(med(v), 1), len(v), spread(v)))
            for t, lim, what in (("boxtop -b --no-bpf", 150, "without"), ("boxtop -b (profiler)", 400, "with")):
                b = med(vals("startup", sc, t, "first_ms"))
                if not math.isnan(b):
                    targets.append(("first frame %s the profiler <= %d ms at %s" % (what, lim, sc), "%.0f ms" % b,
                                    b <= lim, None))
        p("")

    if any(r[0] == "profiler" for r in rows):
        ncpu = machine_cpus(meta)
        p("Profiler overhead at 99 Hz: stress-ng --cpu %d (all CPUs busy) beside each sampler, median of rounds" % ncpu)
        p("  throughput: bogo ops per wall second, and per second of the workload's own CPU time (in-kernel")
        p("              sampling is charged to the interrupted workload); both swing with other load")
        p("  direct:     the kernel's run time in the sampler's BPF programs (BPF_ENABLE_STATS) plus the")
        p("              sampler's own CPU, as a share of all CPUs; perf's in-kernel sampling is not counted")
        base_rt = med(vals("profiler", "stress-ng", "none", "ops_s"))
        base_cpu = med(vals("profiler", "stress-ng", "none", "ops_cpu_s"))
        noise = [x for x in vals("profiler", "stress-ng", "none", "ops_cpu_s") if not math.isnan(x)]
        noise_pct = 100 * (max(noise) - min(noise)) / 2 / base_cpu if len(noise) > 1 and base_cpu else float("nan")
        p("  %-27s %9s %7s %9s %7s %10s %10s %8s" % ("sampler", "ops/s", "cost", "ops/CPU-s", "cost",
                                                "own CPU", "BPF", "direct"))
        for t in ordered(2, "profiler"):
            rt = med(vals("profiler", "stress-ng", t, "ops_s"))
            cpu = med(vals("profiler", "stress-ng", t, "ops_cpu_s"))
            own = med(vals("profiler", "stress-ng", t, "sampler_cpu_ms_s")) if t != "none" else float("nan")
            bpf = med(vals("profiler", "stress-ng", t, "bpf_ms_s"))
            c_rt = 100 * (1 - rt / base_rt) if base_rt else float("nan")
            c_cpu = 100 * (1 - cpu / base_cpu) if base_cpu else float("nan")
            direct = 100 * (own + bpf) / 1000 / ncpu if not math.isnan(bpf) else float("nan")
            p("  %-27s %9s %6s%% %9s %6s%% %6s ms/s %6s ms/s %7s%%" % (
                t, fnum(rt, 0), fnum(c_rt, 2), fnum(cpu, 0), fnum(c_cpu, 2), fnum(own, 2), fnum(bpf, 2),
                fnum(direct, 3)))
            if t.startswith("boxtop") and not math.isnan(direct):
                targets.append(("sampling at 99 Hz costs the workload < 1% (direct: BPF + own CPU)",
                                "%.3f%%" % direct, direct < 1.0, None))
        p("  rounds, ops/s: " + "; ".join(
            "%s: %s" % (t, " ".join(fnum(x, 0) for x in vals("profiler", "stress-ng", t, "ops_s")))
            for t in ordered(2, "profiler")))
        if not math.isnan(noise_pct):
            p("  throughput noise: the unsampled rounds alone spread +-%.1f%% (ops/CPU-s): a throughput cost" % noise_pct)
            p("  below that is not resolved by this run")
        p("")

    # Scaling: one point per scenario; a point the refresh section measured comes from there.
    def cost(sc, tool):
        v = vals("scale", sc, tool, "cpu_ms")
        return med(v if v else vals("refresh", sc, tool, "cpu_ms"))

    series = {"cgroups": [], "procs": []}
    for sc in ordered(1, "scale") + ordered(1, "refresh"):
        m = re.fullmatch(r"(\d+) (cgroups|procs)", sc)
        if not m:
            continue
        dim = m.group(2)
        tool = "boxtop -b" if dim == "cgroups" else "boxtop -b --procs"
        x = machine(sc, dim + "_total") or int(m.group(1))
        if all(pt[1] != sc for pt in series[dim]):
            series[dim].append((x, sc, cost(sc, tool)))
    if any(series.values()):
        p("Scaling: CPU per refresh against what the machine holds (cgroups: boxtop -b over N plain")
        p("cgroups with a sleeper each; processes: boxtop -b --procs over 100 cgroups with k sleepers each)")
        for dim, unit, tool in (("cgroups", "cgroup", "boxtop -b"), ("procs", "process", "boxtop -b --procs")):
            pts = sorted(pt for pt in series[dim] if not math.isnan(pt[2]))
            if not pts:
                continue
            p("  %-14s %8s %12s %14s" % ("scenario", dim, "ms/refresh", "us per " + unit))
            for x, sc, v in pts:
                p("  %-14s %8d %12s %14s" % (sc, x, fnum(v, 2), fnum(1000 * v / x, 2)))
            # Linear: one more cgroup (process) costs no more when there are many. Least-squares
            # slopes over the lower and the upper half of the points (sharing the middle one),
            # which other load landing in one scenario moves less than point-to-point steps.
            if len(pts) >= 3 and pts[-1][0] > 2 * pts[0][0]:
                mid = len(pts) // 2
                lo, hi = slope(pts[: mid + 1]), slope(pts[mid:])
                p("  marginal cost: %s us per %s in the lower half, %s us in the upper half" % (
                    fnum(1000 * lo, 1), unit, fnum(1000 * hi, 1)))
                if lo > 0 and not math.isnan(hi):
                    growth = hi / lo
                    targets.append(("cost grows linearly with %s (upper/lower marginal cost <= 1.5)" % dim,
                                    "%.2fx" % growth, growth <= 1.5, None))
        p("")

    # Other work on the machine that lands in a scenario (cgroups created by someone else) is
    # walked by every tool: flag scenarios holding more than the farm and the machine's own.
    cg_pts = []
    for sc in ordered(1, "refresh") + ordered(1, "scale"):
        m = re.fullmatch(r"(\d+) cgroups", sc)
        t = machine(sc, "cgroups_total")
        if m and t:
            cg_pts.append((sc, int(m.group(1)), t))
    if cg_pts:
        base = min(t - n for _, n, t in cg_pts)
        for sc, n, t in cg_pts:
            extra = t - n - base
            if extra > max(20, 0.05 * n):
                msg = "%s: the machine held %d cgroups, %d more than the farm and its own %d (other work)" % (
                    sc, t, extra, base)
                if msg not in notes:
                    notes.append(msg)

    if notes:
        p("Notes:")
        for n in notes:
            p("  - " + n)
        p("")
    p("Targets:")
    for name, got, met, aim in targets:
        st = "met" if met else "NOT MET"
        if aim is not None:
            st += ", aim met" if aim else ", aim not met"
        p("  %-66s %10s  %s" % (name, got, st))
    print("\n".join(out))


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    if a[0] == "farm" and len(a) >= 2:
        if a[1] == "grow":
            farm_grow(int(a[2]), int(a[3]))
        elif a[1] == "trim":
            farm_trim(int(a[2]), int(a[3]))
        elif a[1] == "destroy":
            farm_destroy()
        elif a[1] == "count":
            farm_count()
        else:
            sys.exit(__doc__)
    elif a[0] == "first-line":
        sys.exit(first_line(a[1:]))
    elif a[0] == "bpf-cost":
        sys.exit(bpf_cost(int(a[1]), float(a[2])))
    elif a[0] == "stress-rate":
        stress_rate(a[1])
    elif a[0] == "report":
        report(a[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
