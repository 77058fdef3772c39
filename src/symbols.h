/* symbols.h - code addresses to function names, for the profiler.
 *
 * Kernel addresses resolve through /proc/kallsyms (read once, sorted, binary
 * search). User addresses resolve through the process's /proc/PID/maps and
 * the ELF .symtab/.dynsym of the mapped file, read through the process's own
 * root (a container's files, not the host's), falling back to the debug file
 * named by the build-id or .gnu_debuglink; anonymous executable memory
 * resolves through the JIT's /tmp/perf-NSPID.map in the process's root.
 * Whatever cannot be resolved is reported as a module and an offset, never
 * as a neighbouring wrong name.
 *
 * Container files are untrusted: every open stays inside the process's root
 * (openat2 RESOLVE_IN_ROOT or /proc/PID/map_files), is non-blocking, must be
 * a regular file, and every size read from them is capped; the ELF reader is
 * bounds-checked and fuzzed (tests/fuzz/fuzz_profiler.c).
 *
 * Parsed binaries are cached by (device, inode) and their symbol tables
 * shared by build-id, so one binary mapped by a hundred containers is parsed
 * once; sym_expire() forgets processes not asked about lately and binaries
 * no remembered process maps.
 *
 * Owned by the profiler engineer (issue 5). Lower layer: never prints. */
#ifndef BOXTOP_SYMBOLS_H
#define BOXTOP_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- building blocks (exposed for the unit tests and fuzzers) ---- */

/* Kernel symbols from kallsyms text ("ADDR TYPE NAME [MODULE]" lines; only
 * text symbols are kept). Returns NULL when the text holds no usable symbol
 * (empty, or every address zero because the reader lacked CAP_SYSLOG). */
struct sym_ksyms;
struct sym_ksyms *sym_ksyms_parse(const char *text, size_t len);
void sym_ksyms_free(struct sym_ksyms *k);
size_t sym_ksyms_count(const struct sym_ksyms *k);
/* The function holding ADDR and its module ("[kernel]" or "[MOD]"): true if
 * found. The strings live as long as K. */
bool sym_ksyms_lookup(const struct sym_ksyms *k, uint64_t addr, const char **function, const char **module);

/* The function symbols of one ELF file plus what is needed to place them:
 * its loadable segments, build-id and .gnu_debuglink. 64-bit little-endian
 * ELF only (others fail with -ENOEXEC). */
struct sym_elf;
/* Reads the ELF open at FD (not closed). Returns 0 or -errno. */
int sym_elf_read(int fd, struct sym_elf **out);
void sym_elf_free(struct sym_elf *e);
/* Number of function symbols kept. */
size_t sym_elf_count(const struct sym_elf *e);
/* True if the file has a .symtab (it was not stripped). */
bool sym_elf_has_symtab(const struct sym_elf *e);
/* The build-id note, or NULL (LEN set to 0). */
const uint8_t *sym_elf_build_id(const struct sym_elf *e, size_t *len);
/* The .gnu_debuglink file name and CRC, or NULL. */
const char *sym_elf_debuglink(const struct sym_elf *e, uint32_t *crc);
/* Converts a file offset inside a loadable segment to its virtual address. */
bool sym_elf_vaddr(const struct sym_elf *e, uint64_t file_offset, uint64_t *vaddr);
/* The function whose [start, start + size) holds VADDR, or NULL. Lives as long as E. */
const char *sym_elf_lookup(const struct sym_elf *e, uint64_t vaddr);

/* A JIT's perf map: "START SIZE NAME" lines in hex (an optional 0x), one
 * symbol a line; malformed lines are skipped, a later line for the same
 * start wins. */
struct sym_perfmap;
struct sym_perfmap *sym_perfmap_parse(const char *text, size_t len);
void sym_perfmap_free(struct sym_perfmap *m);
size_t sym_perfmap_count(const struct sym_perfmap *m);
const char *sym_perfmap_lookup(const struct sym_perfmap *m, uint64_t addr);

/* One executable mapping of /proc/PID/maps. PATH is "" for anonymous memory
 * and "[vdso]"-style names for the kernel's; DELETED when it ends in
 * " (deleted)" (the suffix is removed). */
struct sym_mapping {
	uint64_t start, end, offset;
	uint64_t inode;
	bool deleted;
	char *path;
};
/* Parses maps text, keeping the executable mappings sorted by start.
 * Returns the number kept (*OUT malloc'd, free with sym_mappings_free). */
size_t sym_maps_parse(const char *text, struct sym_mapping **out);
void sym_mappings_free(struct sym_mapping *m, size_t n);

/* Opens PATH (absolute or relative) for reading as if ROOTFD were "/":
 * symlinks and ".." cannot leave it (openat2 RESOLVE_IN_ROOT), magic links
 * are refused, and only a regular file is returned (a FIFO is refused
 * without blocking). Returns an fd or -errno. */
int sym_open_in_root(int rootfd, const char *path);

/* ---- the symbolizer ---- */

struct sym_opts {
	const char *root;      /* where proc/ lives: "/" live, a fixture tree in tests */
	const char *debug_dir; /* in each process's root; NULL = "/usr/lib/debug" */
};

/* One resolved address. FUNCTION is NULL when unresolved: show MODULE+0xOFFSET
 * (OFFSET is the ELF virtual address when the file was read, else the file
 * offset; the address itself for "[unknown]", "[anon]" and the kernel).
 * Strings are borrowed until the next call on the symbolizer: copy them. */
struct sym_frame {
	const char *function;
	const char *module;
	uint64_t offset;
};

struct sym_stats {
	size_t procs;	 /* processes remembered */
	size_t elfs;	 /* binaries (device, inode) cached */
	size_t tables;	 /* distinct symbol tables held */
	uint64_t parses; /* symbol tables read since start */
};

/* NAME demangled (C++ Itanium, Rust legacy and v0) into a malloc'd string
 * the caller frees, or NULL when it is not a mangled name, is malformed or
 * longer than SYM_DEMANGLE_MAX, or boxtop was built without libiberty. */
#define SYM_DEMANGLE_MAX 1024
char *sym_demangle(const char *name);

struct symbolizer;
struct symbolizer *sym_new(const struct sym_opts *opts);
void sym_free(struct symbolizer *s);
/* Reads ROOT/proc/kallsyms; needs CAP_SYSLOG at this moment (or kptr_restrict 0). Returns 0 or
 * -errno (-EPERM when every address reads as zero). Without it, kernel
 * addresses resolve to "[kernel]+0xADDR". */
int sym_load_kernel(struct symbolizer *s);
/* Reads kallsyms again, through the descriptor sym_load_kernel opened
 * (no privilege needed now), when /proc/modules shows modules loaded,
 * unloaded or moved since. True when the kernel symbols were reloaded:
 * kernel frames resolved before may now resolve otherwise. */
bool sym_kernel_refresh(struct symbolizer *s);
void sym_kernel(struct symbolizer *s, uint64_t addr, struct sym_frame *out);
/* PID is the host pid. Reads /proc/PID/maps once per generation at most
 * (again only when ADDR is in no known mapping) and checks the process's
 * start time so a recycled pid is a new process. */
void sym_user(struct symbolizer *s, int32_t pid, uint64_t addr, struct sym_frame *out);
/* Notes that PID was sampled again (its stacks already known), so what is
 * cached for it is not forgotten while it runs. No I/O. */
void sym_touch(struct symbolizer *s, int32_t pid);
/* Starts a new generation at NOW_NS (CLOCK_MONOTONIC) and forgets processes
 * not asked about for KEEP_NS, then binaries no remembered process maps. */
void sym_expire(struct symbolizer *s, uint64_t now_ns, uint64_t keep_ns);
void sym_get_stats(const struct symbolizer *s, struct sym_stats *out);

#endif
