/* test_symbols.c - the symbolizer: kallsyms, perf maps and /proc/PID/maps
 * parsing on hand-made text; opening inside a root (symlinks out, FIFOs);
 * and ELF fixtures built here with the system compiler (non-PIE, PIE,
 * stripped, debuglink by CRC and by build-id, a debuglink that does not
 * match) resolved through live child processes, with the caches checked:
 * one parse per build-id, eviction when no process maps a binary. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "symbols.h"
#include "tap.h"
#include "util.h"

static char tmp[] = "/tmp/boxtop-test-symbols.XXXXXX";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static int run(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* ---- parsers ---- */

static void test_kallsyms(void)
{
	static const char text[] = "ffffffff81000000 T _stext\n"
				   "ffffffff81000100 t local_fn\n"
				   "ffffffff81000100 T alias_global\n"
				   "ffffffff81000200 D some_data\n"
				   "ffffffff81000300 W weak_fn\n"
				   "garbage line\n"
				   "ffffffff8100 T\n"
				   "0000000000000000 T zero_addr\n"
				   "ffffffffc0001000 t mod_fn\t[ext4]\n"
				   "ffffffffc0001100 t mod_fn2\t[ext4]\n"
				   "ffffffffc0002000 T other_mod\t[xfs]";
	struct sym_ksyms *k = sym_ksyms_parse(text, sizeof(text) - 1);
	const char *fn = NULL, *mod = NULL;
	ok(k != NULL, "kallsyms: parsed");
	is_u64(sym_ksyms_count(k), 6,
	       "kallsyms: text symbols kept, aliases merged, data and zero addresses dropped");
	ok(sym_ksyms_lookup(k, 0xffffffff81000010, &fn, &mod), "kallsyms: address inside _stext");
	is_str(fn, "_stext", "kallsyms: name");
	is_str(mod, "[kernel]", "kallsyms: vmlinux module");
	sym_ksyms_lookup(k, 0xffffffff81000150, &fn, &mod);
	is_str(fn, "alias_global", "kallsyms: the global alias wins");
	sym_ksyms_lookup(k, 0xffffffff81000250, &fn, &mod);
	is_str(fn, "alias_global", "kallsyms: data symbols do not end a function");
	sym_ksyms_lookup(k, 0xffffffffc0001180, &fn, &mod);
	is_str(fn, "mod_fn2", "kallsyms: module symbol");
	is_str(mod, "[ext4]", "kallsyms: module name");
	sym_ksyms_lookup(k, 0xffffffffc0002010, &fn, &mod);
	is_str(mod, "[xfs]", "kallsyms: last line without newline");
	ok(!sym_ksyms_lookup(k, 0xffffffff80000000, &fn, &mod), "kallsyms: below the first symbol");
	ok(!sym_ksyms_lookup(k, 0xffffffffc0002000 + (2u << 20), &fn, &mod),
	   "kallsyms: far past the last one");
	sym_ksyms_free(k);

	static const char hidden[] = "0000000000000000 T _stext\n0000000000000000 t foo\n";
	ok(sym_ksyms_parse(hidden, sizeof(hidden) - 1) == NULL,
	   "kallsyms: all-zero addresses (no CAP_SYSLOG) give nothing");
	ok(sym_ksyms_parse("", 0) == NULL, "kallsyms: empty");
}

static void test_perfmap(void)
{
	static const char text[] = "7f0000001000 40 jit_one\n"
				   "0x7f0000002000 0x20 jit_two with spaces\r\n"
				   "7f0000003000 10\n"		/* no name */
				   "7f0000004000 0 zero_size\n" /* zero size */
				   "zz 10 bad_start\n"
				   "7f0000005000 zz bad_size\n"
				   "ffffffffffffffff 10 wraps\n"
				   "11111111111111111 10 too_long\n"
				   "\n"
				   "7f0000001000 40 jit_one_recompiled\n"
				   "7f0000006000 100 outer\n"
				   "7f0000006010 10 inner";
	struct sym_perfmap *m = sym_perfmap_parse(text, sizeof(text) - 1);
	is_u64(sym_perfmap_count(m), 4, "perf map: malformed lines skipped, a repeated start kept once");
	is_str(sym_perfmap_lookup(m, 0x7f0000001010), "jit_one_recompiled",
	       "perf map: the later line for a start wins");
	is_str(sym_perfmap_lookup(m, 0x7f0000002004), "jit_two with spaces",
	       "perf map: 0x prefixes, spaces in names, CR dropped");
	ok(sym_perfmap_lookup(m, 0x7f0000001040) == NULL, "perf map: end is exclusive");
	ok(sym_perfmap_lookup(m, 0x7f0000003004) == NULL, "perf map: a line without a name adds nothing");
	is_str(sym_perfmap_lookup(m, 0x7f0000006014), "inner", "perf map: nested symbol");
	is_str(sym_perfmap_lookup(m, 0x7f0000006050), "outer", "perf map: the enclosing one past the nested");
	sym_perfmap_free(m);
}

static void test_maps(void)
{
	static const char text[] =
	    "55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234 /usr/bin/prog\n"
	    "55d0c0001000-55d0c0002000 r-xp 00001000 08:01 1234 /usr/bin/prog\n"
	    "7f0000000000-7f0000010000 rwxp 00000000 00:00 0 \n"
	    "7f1000000000-7f1000100000 r-xp 00028000 fd:02 99 /lib/libc.so.6 (deleted)\n"
	    "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]\n"
	    "bad line\n"
	    "7f2000000000-7f1000000000 r-xp 00000000 00:00 0 /backwards\n"
	    "7f3000000000-7f3000001000 r-xp 00000000 00:00 x /bad/inode\n"
	    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]";
	struct sym_mapping *m;
	size_t n = sym_maps_parse(text, &m);
	is_u64(n, 5, "maps: executable mappings kept, malformed skipped");
	if (n == 5) {
		is_u64(m[0].start, 0x55d0c0001000, "maps: sorted, start");
		is_u64(m[0].offset, 0x1000, "maps: offset");
		is_u64(m[0].inode, 1234, "maps: inode");
		is_str(m[0].path, "/usr/bin/prog", "maps: path");
		is_str(m[1].path, "", "maps: anonymous");
		is_str(m[2].path, "/lib/libc.so.6", "maps: (deleted) removed");
		ok(m[2].deleted, "maps: deleted flag");
		is_str(m[3].path, "[vdso]", "maps: vdso");
	}
	sym_mappings_free(m, n);
}

static void test_open_in_root(void)
{
	char root[256], path[300];
	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(path, sizeof(path), "%s/tmp", root);
	mkdir(root, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/tmp/real", root);
	write_file(path, "inside\n");
	snprintf(path, sizeof(path), "%s/tmp/abs-link", root);
	ok(symlink("/etc/passwd", path) == 0, "root: absolute symlink planted");
	snprintf(path, sizeof(path), "%s/tmp/dotdot-link", root);
	ok(symlink("../../../../../../etc/passwd", path) == 0, "root: relative escape planted");
	snprintf(path, sizeof(path), "%s/tmp/inner-link", root);
	ok(symlink("/tmp/real", path) == 0, "root: absolute symlink inside the root planted");
	snprintf(path, sizeof(path), "%s/tmp/fifo", root);
	ok(mkfifo(path, 0600) == 0, "root: FIFO planted");

	int rootfd = open(root, O_PATH | O_DIRECTORY);
	int fd = sym_open_in_root(rootfd, "/tmp/real");
	ok(fd >= 0, "root: a plain file opens");
	if (fd >= 0)
		close(fd);
	fd = sym_open_in_root(rootfd, "/tmp/abs-link");
	ok(fd == -ENOENT,
	   "root: an absolute symlink resolves inside the root, not to the host's /etc/passwd (%d)", fd);
	if (fd >= 0)
		close(fd);
	fd = sym_open_in_root(rootfd, "/tmp/dotdot-link");
	ok(fd == -ENOENT, "root: .. cannot climb out (%d)", fd);
	if (fd >= 0)
		close(fd);
	fd = sym_open_in_root(rootfd, "/tmp/inner-link");
	ok(fd >= 0, "root: an absolute symlink to a file of the root works");
	if (fd >= 0)
		close(fd);
	fd = sym_open_in_root(rootfd, "/tmp/fifo");
	ok(fd == -EINVAL, "root: a FIFO is refused without blocking (%d)", fd);
	fd = sym_open_in_root(rootfd, "/tmp");
	ok(fd == -EINVAL, "root: a directory is refused (%d)", fd);
	close(rootfd);
}

static void test_kernel_via_root(void)
{
	char root[256], path[300];
	snprintf(root, sizeof(root), "%s/kroot", tmp);
	mkdir(root, 0755);
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
	write_file(path, "ffffffff81000000 T do_syscall_64\nffffffff81000400 T entry_SYSCALL_64\n");
	struct symbolizer *s = sym_new(&(struct sym_opts){.root = root});
	is_u64(sym_load_kernel(s), 0, "kernel: kallsyms read under the root");
	struct sym_frame f;
	sym_kernel(s, 0xffffffff81000042, &f);
	is_str(f.function, "do_syscall_64", "kernel: resolved");
	is_str(f.module, "[kernel]", "kernel: module");
	sym_kernel(s, 0xffffffff70000000, &f);
	ok(f.function == NULL && f.offset == 0xffffffff70000000, "kernel: unresolved keeps the address");
	write_file(path, "0000000000000000 T do_syscall_64\n");
	ok(sym_load_kernel(s) == -EPERM, "kernel: hidden addresses are -EPERM");
	sym_kernel(s, 0xffffffff81000042, &f);
	is_str(f.function, "do_syscall_64", "kernel: a failed reload keeps the symbols read before");
	sym_free(s);
}

/* Modules loaded after start: /proc/modules moving makes kallsyms be read
 * again through the descriptor kept since start. */
static void test_kernel_refresh(void)
{
	char root[256], syms[300], mods[300];
	snprintf(root, sizeof(root), "%s/mroot", tmp);
	mkdir(root, 0755);
	snprintf(syms, sizeof(syms), "%s/proc", root);
	mkdir(syms, 0755);
	snprintf(syms, sizeof(syms), "%s/proc/kallsyms", root);
	snprintf(mods, sizeof(mods), "%s/proc/modules", root);
	write_file(syms, "ffffffff81000000 T do_syscall_64\n");
	write_file(mods, "ext4 1000 2 - Live 0xffffffffc0000000\n");
	struct symbolizer *s = sym_new(&(struct sym_opts){.root = root});
	is_u64(sym_load_kernel(s), 0, "modules: kallsyms read");
	ok(!sym_kernel_refresh(s), "modules: nothing moved, nothing read again");
	write_file(mods, "ext4 1000 5 jbd2, Live 0xffffffffc0000000\n");
	ok(!sym_kernel_refresh(s), "modules: a use count that changes is not a module that moved");

	write_file(syms, "ffffffff81000000 T do_syscall_64\nffffffffc0010000 t new_fn\t[newmod]\n");
	write_file(mods, "ext4 1000 5 jbd2, Live 0xffffffffc0000000\nnewmod 4096 0 - Live 0xffffffffc0010000\n");
	struct sym_frame f;
	ok(sym_kernel_refresh(s), "modules: a module loaded: kallsyms read again");
	sym_kernel(s, 0xffffffffc0010010, &f);
	is_str(f.function, "new_fn", "modules: the new module's function resolves");
	is_str(f.module, "[newmod]", "modules: in its module");
	ok(!sym_kernel_refresh(s), "modules: once");

	write_file(mods, "ext4 1000 5 jbd2, Live 0xffffffffc0000000\nnewmod 4096 0 - Live 0xffffffffc0020000\n");
	write_file(syms, "0000000000000000 T do_syscall_64\n");
	ok(!sym_kernel_refresh(s), "modules: moved, but kallsyms unreadable now: no reload");
	ok(!sym_kernel_refresh(s), "modules: and hidden addresses are not read again every tick");
	sym_kernel(s, 0xffffffffc0010010, &f);
	is_str(f.function, "new_fn", "modules: and the symbols read before stay");
	sym_free(s);
}

/* C++ and Rust names as people write them; anything else left alone. */
static void test_demangle(void)
{
#ifdef HAVE_DEMANGLE
	static const char *const cases[][2] = {
	    {"_ZN3foo3barEv", "foo::bar()"},
	    {"_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back(int const&)"},
	    {"_ZN4core3fmt5write17h0123456789abcdefE", "core::fmt::write"},
	    {"_RNvCs15kBYyAo9fc_7mycrate4main", "mycrate::main"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = sym_demangle(cases[i][0]);
		is_str(d, cases[i][1], "demangle: %s", cases[i][0]);
		free(d);
	}
	ok(sym_demangle("main") == NULL, "demangle: a C name is no mangled name");
	ok(sym_demangle("_Z") == NULL && sym_demangle("_ZN3fooE3") == NULL, "demangle: malformed names stay as they are");
	ok(sym_demangle(NULL) == NULL, "demangle: no name");
	/* _ZN1a1a...1aE is a::a::...::a: valid at any length. */
	char lng[SYM_DEMANGLE_MAX + 8];
	size_t n = 0;
	n += (size_t)snprintf(lng, sizeof(lng), "_ZN");
	while (n + 3 < sizeof(lng))
		n += (size_t)snprintf(lng + n, sizeof(lng) - n, "1a");
	snprintf(lng + n, sizeof(lng) - n, "E");
	char shorter[16] = "_ZN1a1a1aE";
	char *d = sym_demangle(shorter);
	is_str(d, "a::a::a", "demangle: a short name of that shape demangles");
	free(d);
	ok(strlen(lng) > SYM_DEMANGLE_MAX && sym_demangle(lng) == NULL,
	   "demangle: one longer than %d bytes is left alone", SYM_DEMANGLE_MAX);
#else
	ok(sym_demangle("_ZN3foo3barEv") == NULL, "# SKIP built --without-demangle: names stay mangled");
#endif
}

/* ---- ELF fixtures through live processes ---- */

static const char prog_c[] =
    "#include <stdio.h>\n"
    "#include <sys/mman.h>\n"
    "#include <unistd.h>\n"
    "__attribute__((noinline)) int func_alpha(int x) { return x * 3 + VARIANT; }\n"
    "__attribute__((noinline)) int func_beta(int x) { return x * 5 - VARIANT; }\n"
    "static __attribute__((noinline)) int local_gamma(int x) { return (x ^ 7) + VARIANT; }\n"
    "int main(void)\n"
    "{\n"
    "\tvoid *jit = mmap(NULL, 8192, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n"
    "\tprintf(\"%p %p %p %p\\n\", (void *)func_alpha, (void *)func_beta, (void *)local_gamma, jit);\n"
    "\tfflush(stdout);\n"
    "\tchar c;\n"
    "\twhile (read(0, &c, 1) > 0)\n"
    "\t\t;\n"
    "\treturn func_alpha(1) + func_beta(2) + local_gamma(3);\n"
    "}\n";

struct child {
	pid_t pid;
	int in; /* closing it ends the child */
	uint64_t alpha, beta, gamma, jit;
};

static bool spawn(const char *exe, struct child *c)
{
	int to[2], from[2];
	if (pipe(to) < 0 || pipe(from) < 0)
		return false;
	c->pid = fork();
	if (c->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execl(exe, exe, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->in = to[1];
	char line[256];
	FILE *f = fdopen(from[0], "r");
	bool got = f && fgets(line, sizeof(line), f) &&
		   sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64, &c->alpha, &c->beta,
			  &c->gamma, &c->jit) == 4;
	if (f)
		fclose(f);
	return got;
}

static void reap(struct child *c)
{
	close(c->in);
	waitpid(c->pid, NULL, 0);
}

/* The name at ADDR+1 (inside the function, as a sample would be). */
static const char *name_at(struct symbolizer *s, const struct child *c, uint64_t addr, struct sym_frame *f)
{
	sym_user(s, c->pid, addr + 1, f);
	return f->function;
}

static bool build(const char *flags, int variant, const char *out)
{
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "cc -O1 -g -fno-omit-frame-pointer %s %s/prog.c -DVARIANT=%d -o %s/%s",
		 flags, tmp, variant, tmp, out);
	return run(cmd) == 0;
}

static void check_resolves(struct symbolizer *s, const char *exe, const char *what, bool local_too)
{
	struct child c;
	struct sym_frame f;
	if (!spawn(exe, &c)) {
		ok(0, "%s: child started", what);
		return;
	}
	is_str(name_at(s, &c, c.alpha, &f), "func_alpha", "%s: func_alpha", what);
	is_str(f.module, strrchr(exe, '/') + 1, "%s: module is the binary", what);
	is_str(name_at(s, &c, c.beta, &f), "func_beta", "%s: func_beta", what);
	if (local_too)
		is_str(name_at(s, &c, c.gamma, &f), "local_gamma", "%s: a local (.symtab only) function",
		       what);
	reap(&c);
}

static void check_unresolved(struct symbolizer *s, const char *exe, const char *what)
{
	struct child c;
	struct sym_frame f;
	if (!spawn(exe, &c)) {
		ok(0, "%s: child started", what);
		return;
	}
	const char *alpha = name_at(s, &c, c.alpha, &f);
	ok(alpha == NULL, "%s: func_alpha not named (got %s)", what, alpha ? alpha : "NULL");
	is_str(f.module, strrchr(exe, '/') + 1, "%s: module+offset instead", what);
	ok(f.offset > 0 && f.offset < 0x100000, "%s: offset is within the file (0x%llx)", what,
	   (unsigned long long)f.offset);
	const char *gamma = name_at(s, &c, c.gamma, &f);
	ok(gamma == NULL, "%s: local_gamma not named (got %s)", what, gamma ? gamma : "NULL");
	reap(&c);
}

static void test_elf_fixtures(void)
{
	if (run("cc --version >/dev/null 2>&1") != 0 || run("objcopy --version >/dev/null 2>&1") != 0) {
		printf("ok %d - ELF fixtures # SKIP no cc or objcopy\n", ++tap_n);
		return;
	}
	char path[512], cmd[2048];
	snprintf(path, sizeof(path), "%s/prog.c", tmp);
	write_file(path, prog_c);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/.debug %s/debug", tmp, tmp);
	run(cmd);

	bool built = build("-no-pie -fno-pie", 1, "nopie") && build("-fPIE -pie", 2, "pie") &&
		     build("", 3, "stripped") && build("-Wl,--build-id=none", 4, "crclink") &&
		     build("", 5, "idlink") && build("", 6, "byid") && build("", 7, "badlink") &&
		     build("", 8, "other");
	ok(built, "ELF fixtures compiled");
	if (!built)
		return;
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s\n"
		 /* stripped: nothing but .dynsym */
		 "objcopy --strip-all stripped\n"
		 /* crclink: no build-id, debug file next to it, matched by CRC */
		 "objcopy --only-keep-debug crclink crclink.debug\n"
		 "objcopy --strip-all --add-gnu-debuglink=crclink.debug crclink\n"
		 /* idlink: build-ids on both sides, debug file in .debug/ */
		 "objcopy --only-keep-debug idlink .debug/idlink.debug\n"
		 "objcopy --strip-all --add-gnu-debuglink=.debug/idlink.debug idlink\n"
		 /* byid: only the build-id path under the debug dir */
		 "objcopy --only-keep-debug byid byid.debug\n"
		 "objcopy --strip-all byid\n"
		 "id=$(readelf -n byid | awk '/Build ID/ { print $3 }')\n"
		 "mkdir -p debug/.build-id/$(echo $id | cut -c1-2)\n"
		 "mv byid.debug debug/.build-id/$(echo $id | cut -c1-2)/$(echo $id | cut -c3-).debug\n"
		 /* badlink: links to a debug file of another build, same name: CRC and build-id differ */
		 "objcopy --only-keep-debug badlink badlink.debug\n"
		 "objcopy --strip-all --add-gnu-debuglink=badlink.debug badlink\n"
		 "objcopy --only-keep-debug other badlink.debug\n"
		 /* the same binary under another inode */
		 "cp pie pie-copy\n",
		 tmp);
	ok(run(cmd) == 0, "ELF fixtures stripped and linked");

	/* The ELF reader on its own. */
	struct {
		const char *file;
		bool symtab, build_id;
		const char *debuglink;
	} want[] = {
	    {"nopie", true, true, NULL},
	    {"pie", true, true, NULL},
	    {"stripped", false, true, NULL},
	    {"crclink", false, false, "crclink.debug"},
	    {"idlink", false, true, "idlink.debug"},
	    {"byid", false, true, NULL},
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, want[i].file);
		int fd = open(path, O_RDONLY);
		struct sym_elf *e = NULL;
		ok(fd >= 0 && sym_elf_read(fd, &e) == 0, "elf %s: read", want[i].file);
		ok(sym_elf_has_symtab(e) == want[i].symtab, "elf %s: .symtab %s", want[i].file,
		   want[i].symtab ? "present" : "absent");
		size_t idlen;
		sym_elf_build_id(e, &idlen);
		ok((idlen == 20) == want[i].build_id, "elf %s: build-id %zu bytes", want[i].file, idlen);
		uint32_t crc;
		is_str(sym_elf_debuglink(e, &crc), want[i].debuglink, "elf %s: debuglink", want[i].file);
		if (want[i].symtab)
			ok(sym_elf_count(e) >= 3, "elf %s: function symbols (%zu)", want[i].file,
			   sym_elf_count(e));
		sym_elf_free(e);
		if (fd >= 0)
			close(fd);
	}
	snprintf(path, sizeof(path), "%s/nopie", tmp);
	int fd = open(path, O_RDONLY);
	struct sym_elf *e = NULL;
	uint64_t vaddr = 0;
	sym_elf_read(fd, &e);
	ok(sym_elf_vaddr(e, 0x1010, &vaddr) && vaddr == 0x401010,
	   "elf nopie: file offset 0x1010 is 0x401010 (0x%llx)", (unsigned long long)vaddr);
	sym_elf_free(e);
	close(fd);

	/* Truncated and foreign files fail cleanly. */
	snprintf(cmd, sizeof(cmd), "head -c 100 %s/pie >%s/trunc && echo notelf >%s/text", tmp, tmp, tmp);
	run(cmd);
	snprintf(path, sizeof(path), "%s/trunc", tmp);
	fd = open(path, O_RDONLY);
	e = NULL;
	int r = sym_elf_read(fd, &e);
	ok(r == 0 ? sym_elf_count(e) == 0 : r < 0, "elf: a truncated file gives no symbols (%d)", r);
	sym_elf_free(e);
	close(fd);
	snprintf(path, sizeof(path), "%s/text", tmp);
	fd = open(path, O_RDONLY);
	ok(sym_elf_read(fd, &e) == -ENOEXEC, "elf: a text file is -ENOEXEC");
	close(fd);

	/* Through processes. */
	char debug_dir[300];
	snprintf(debug_dir, sizeof(debug_dir), "%s/debug", tmp);
	struct symbolizer *s = sym_new(&(struct sym_opts){.root = "/", .debug_dir = debug_dir});
	char exe[512];
	snprintf(exe, sizeof(exe), "%s/nopie", tmp);
	check_resolves(s, exe, "non-PIE", true);
	snprintf(exe, sizeof(exe), "%s/pie", tmp);
	check_resolves(s, exe, "PIE", true);
	snprintf(exe, sizeof(exe), "%s/stripped", tmp);
	check_unresolved(s, exe, "stripped");
	snprintf(exe, sizeof(exe), "%s/crclink", tmp);
	check_resolves(s, exe, "debuglink by CRC", true);
	snprintf(exe, sizeof(exe), "%s/idlink", tmp);
	check_resolves(s, exe, "debuglink in .debug/ by build-id", true);
	snprintf(exe, sizeof(exe), "%s/byid", tmp);
	check_resolves(s, exe, "debug dir .build-id path", true);
	snprintf(exe, sizeof(exe), "%s/badlink", tmp);
	check_unresolved(s, exe, "debuglink to another build's file");

	/* One parse per binary: a second process, and a copy (new inode, same build-id). */
	struct sym_stats before, after;
	sym_get_stats(s, &before);
	snprintf(exe, sizeof(exe), "%s/pie", tmp);
	check_resolves(s, exe, "PIE again", false);
	snprintf(exe, sizeof(exe), "%s/pie-copy", tmp);
	check_resolves(s, exe, "PIE copy", false);
	sym_get_stats(s, &after);
	is_u64(after.parses, before.parses, "cache: neither a second process nor a copy parses again");
	is_u64(after.elfs, before.elfs + 1, "cache: the copy is a new file entry");
	is_u64(after.tables, before.tables, "cache: ...sharing the symbol table by build-id");

	/* Perf map of a JIT (the pid is its own namespace pid on the host). */
	struct child c = {0};
	if (spawn(exe, &c)) {
		char map[64], text[512];
		snprintf(map, sizeof(map), "/tmp/perf-%d.map", (int)c.pid);
		snprintf(
		    text, sizeof(text),
		    "not a line\n%llx 100 jit_hot_loop\n%llx zz broken\n%llx 10 Interpreter::call(int)\n",
		    (unsigned long long)c.jit, (unsigned long long)c.jit + 0x200,
		    (unsigned long long)c.jit + 0x400);
		write_file(map, text);
		struct sym_frame f;
		sym_user(s, c.pid, c.jit + 0x10, &f);
		is_str(f.function, "jit_hot_loop", "perf map: JIT symbol");
		is_str(f.module, "[jit]", "perf map: module");
		sym_user(s, c.pid, c.jit + 0x404, &f);
		is_str(f.function, "Interpreter::call(int)", "perf map: after a malformed line");
		sym_user(s, c.pid, c.jit + 0x300, &f);
		ok(f.function == NULL && strcmp(f.module, "[anon]") == 0, "perf map: a gap is [anon]");
		sym_user(s, c.pid, 0x10, &f);
		ok(f.function == NULL && strcmp(f.module, "[unknown]") == 0, "unmapped address is [unknown]");
		unlink(map);
		reap(&c);
	}
	struct sym_frame f;
	sym_user(s, c.pid, 0x1000, &f);
	ok(f.function == NULL, "a process that exited resolves nothing");

	/* A process sampled again (sym_touch) keeps its cache; one not seen goes. */
	struct child t = {0};
	if (spawn(exe, &t)) {
		const uint64_t sec = 1000000000ull, t0 = 1000 * sec;
		sym_expire(s, t0, 60 * sec);
		sym_user(s, t.pid, t.alpha + 1, &f);
		sym_expire(s, t0 + 50 * sec, 60 * sec);
		sym_touch(s, t.pid);
		sym_expire(s, t0 + 100 * sec, 60 * sec);
		sym_get_stats(s, &after);
		ok(after.procs == 1 && after.tables >= 1,
		   "touch: a process sampled 50 s ago is kept, with its table");
		sym_expire(s, t0 + 200 * sec, 60 * sec);
		sym_get_stats(s, &after);
		is_u64(after.procs, 0, "touch: unseen for 100 s, it is forgotten");
		reap(&t);
	}

	/* Eviction: no process left, so no binary either. */
	uint64_t now = clock_monotonic_ns();
	sym_expire(s, now + 120000000000ull, 60000000000ull);
	sym_get_stats(s, &after);
	ok(after.procs == 0 && after.elfs == 0 && after.tables == 0,
	   "eviction: procs %zu, files %zu, tables %zu after expiry", after.procs, after.elfs, after.tables);
	sym_free(s);
}

int main(void)
{
	if (!mkdtemp(tmp)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_kallsyms();
	test_perfmap();
	test_maps();
	test_open_in_root();
	test_kernel_via_root();
	test_kernel_refresh();
	test_demangle();
	test_elf_fixtures();
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	run(cmd);
	return tap_done();
}
