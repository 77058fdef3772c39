/* symbols.c - see symbols.h. Owned by the profiler engineer (issue 5).
 *
 * Layout: kallsyms, the ELF reader, perf maps and /proc/PID/maps parsers
 * (pure, fuzzed), the in-root opener, then the symbolizer: a hash of
 * processes (pid -> start time, executable mappings, perf map), a list of
 * binaries by (device, inode, size, mtime) and a list of symbol tables
 * shared by build-id. A process holds a reference on each binary it has
 * resolved through; a binary holds one on its table. */
#include "config.h"

#include "symbols.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#ifndef SYS_openat2
#define SYS_openat2 437 /* the same number on every architecture */
#endif

/* Caps on what is read from files a container controls. */
#define KALLSYMS_MAX (64u << 20)
/* /proc/modules: a line per module. */
#define MODULES_MAX (4u << 20)
#define MAPS_MAX (16u << 20)
#define PERFMAP_MAX (64u << 20)
#define STAT_MAX 4096
#define ELF_PHDRS_MAX 4096u
#define ELF_SECTIONS_MAX 65536u
#define ELF_SHSTRTAB_MAX (1u << 20)
#define ELF_SYMTAB_MAX (256u << 20)
#define ELF_STRTAB_MAX (256u << 20)
#define ELF_NOTES_MAX (64u << 10)
#define ELF_DEBUGLINK_MAX 4096u
#define CRC_FILE_MAX (4ull << 30)
#define BUILD_ID_MAX 64
/* kallsyms has no sizes: a kernel symbol spans to the next one, at most this. */
#define KSYM_SPAN_MAX (1u << 20)
/* Symbols overlapping an address (a local inside a larger function) are
 * searched this far back from the nearest start. */
#define OVERLAP_SCAN 8

/* ---- small helpers ---- */


/* Parses 1-16 hex digits at *P (an optional 0x first if ALLOW_0X), advancing it. */
static bool parse_hex(const char **p, const char *end, bool allow_0x, uint64_t *out)
{
	const char *s = *p;
	if (allow_0x && end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	uint64_t v = 0;
	int n = 0;
	for (; s < end && hex_digit_value(*s) >= 0; s++, n++) {
		if (n == 16)
			return false;
		v = v << 4 | (uint64_t)hex_digit_value(*s);
	}
	if (n == 0)
		return false;
	*p = s;
	*out = v;
	return true;
}

/* A growable pool of NUL-terminated names addressed by offset. */
struct pool {
	char *buf;
	size_t len, cap;
};

static uint32_t pool_add(struct pool *p, const char *s, size_t n)
{
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		while (cap < p->len + n + 1)
			cap *= 2;
		p->buf = xrealloc(p->buf, cap);
		p->cap = cap;
	}
	uint32_t off = (uint32_t)p->len;
	memcpy(p->buf + p->len, s, n);
	p->buf[p->len + n] = '\0';
	p->len += n + 1;
	return off;
}


/* pread of exactly N bytes at OFF, within a file of SIZE bytes. */
static int pread_exact(int fd, uint64_t size, uint64_t off, void *buf, size_t n)
{
	if (off > size || n > size - off)
		return -EINVAL;
	size_t done = 0;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EINVAL; /* truncated under us */
		done += (size_t)r;
	}
	return 0;
}

static void *pread_alloc(int fd, uint64_t size, uint64_t off, uint64_t n, uint64_t max, int *err)
{
	if (n > max) {
		*err = -EFBIG;
		return NULL;
	}
	void *buf = xmalloc((size_t)n + 1);
	*err = pread_exact(fd, size, off, buf, (size_t)n);
	if (*err) {
		free(buf);
		return NULL;
	}
	((char *)buf)[n] = '\0';
	return buf;
}

/* ---- kernel symbols ---- */

struct ksym {
	uint64_t addr;
	uint32_t name;
	uint16_t module;
	uint8_t global;
};

struct sym_ksyms {
	struct ksym *v;
	size_t n;
	char *names;
	char **modules; /* [0] = "[kernel]" */
	size_t nmodules;
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	if (x->addr != y->addr)
		return (x->addr > y->addr) - (x->addr < y->addr);
	/* Aliases: the global name first, then the first listed. */
	if (x->global != y->global)
		return (y->global > x->global) - (y->global < x->global);
	return (x->name > y->name) - (x->name < y->name);
}

static uint16_t ksyms_module(struct sym_ksyms *k, const char *name, size_t len)
{
	for (size_t i = k->nmodules; i-- > 0;)
		if (strlen(k->modules[i]) == len + 2 && strncmp(k->modules[i] + 1, name, len) == 0)
			return (uint16_t)i;
	if (k->nmodules == UINT16_MAX)
		return 0;
	k->modules = xrealloc(k->modules, (k->nmodules + 1) * sizeof(*k->modules));
	k->modules[k->nmodules] = xasprintf("[%.*s]", (int)len, name);
	return (uint16_t)k->nmodules++;
}

struct sym_ksyms *sym_ksyms_parse(const char *text, size_t len)
{
	struct sym_ksyms *k = xcalloc(1, sizeof(*k));
	struct pool names = {0};
	size_t cap = 0;
	const char *p = text, *end = text + len;
	k->modules = xmalloc(sizeof(*k->modules));
	k->modules[0] = xstrdup("[kernel]");
	k->nmodules = 1;
	uint16_t last_mod = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *q = p;
		uint64_t addr;
		if (!parse_hex(&q, eol, false, &addr) || eol - q < 4 || q[0] != ' ' || q[2] != ' ')
			goto next;
		char type = q[1];
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			goto next;
		q += 3;
		const char *name = q;
		while (q < eol && *q != '\t' && *q != ' ')
			q++;
		size_t nlen = (size_t)(q - name);
		if (nlen == 0 || addr == 0)
			goto next;
		uint16_t mod = 0;
		while (q < eol && (*q == '\t' || *q == ' '))
			q++;
		if (q < eol && *q == '[') {
			const char *m = q + 1, *me = memchr(m, ']', (size_t)(eol - m));
			if (me && me > m) {
				if (last_mod && strlen(k->modules[last_mod]) == (size_t)(me - m) + 2 &&
				    strncmp(k->modules[last_mod] + 1, m, (size_t)(me - m)) == 0)
					mod = last_mod;
				else
					mod = ksyms_module(k, m, (size_t)(me - m));
			}
		}
		last_mod = mod;
		if (k->n == cap) {
			cap = cap ? cap * 2 : 4096;
			k->v = xrealloc(k->v, cap * sizeof(*k->v));
		}
		k->v[k->n++] = (struct ksym){
		    .addr = addr,
		    .name = pool_add(&names, name, nlen),
		    .module = mod,
		    .global = type == 'T' || type == 'W',
		};
	next:
		p = eol + 1;
	}
	k->names = names.buf;
	if (k->n == 0) {
		sym_ksyms_free(k);
		return NULL;
	}
	sort_array(k->v, k->n, sizeof(*k->v), ksym_cmp);
	size_t out = 0;
	for (size_t i = 0; i < k->n; i++)
		if (out == 0 || k->v[out - 1].addr != k->v[i].addr)
			k->v[out++] = k->v[i];
	k->n = out;
	return k;
}

void sym_ksyms_free(struct sym_ksyms *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nmodules; i++)
		free(k->modules[i]);
	free(k->modules);
	free(k->v);
	free(k->names);
	free(k);
}

size_t sym_ksyms_count(const struct sym_ksyms *k)
{
	return k ? k->n : 0;
}

bool sym_ksyms_lookup(const struct sym_ksyms *k, uint64_t addr, const char **function, const char **module)
{
	if (!k || k->n == 0 || addr < k->v[0].addr)
		return false;
	size_t lo = 0, hi = k->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->v[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	uint64_t end = lo + 1 < k->n ? k->v[lo + 1].addr : k->v[lo].addr + KSYM_SPAN_MAX;
	if (addr >= end || addr - k->v[lo].addr >= KSYM_SPAN_MAX)
		return false;
	*function = k->names + k->v[lo].name;
	*module = k->modules[k->v[lo].module];
	return true;
}

/* ---- ELF ---- */

struct esym {
	uint64_t addr, size;
	uint32_t name;
	uint8_t rank;	/* binding preference for aliases: global > weak > local */
	uint16_t shndx; /* only while sorting: bounds zero-sized symbols */
};

/* Function symbols, sorted by address; shared between binaries with one build-id. */
struct sym_table {
	struct sym_table *next; /* in the symbolizer's list */
	unsigned refs;
	struct esym *v;
	size_t n;
	char *names;
	uint8_t build_id[BUILD_ID_MAX];
	size_t build_id_len;
};

struct elf_seg {
	uint64_t off, vaddr, filesz;
};

struct sym_elf {
	struct elf_seg *segs;
	size_t nsegs;
	uint8_t build_id[BUILD_ID_MAX];
	size_t build_id_len;
	char *debuglink;
	uint32_t debuglink_crc;
	bool has_symtab;
	/* Between reading the headers and the symbols. */
	uint64_t size;
	Elf64_Shdr *sh;
	size_t nsh;
	struct sym_table *tab;
};

static void table_unref(struct sym_table *t)
{
	if (t && --t->refs == 0) {
		free(t->v);
		free(t->names);
		free(t);
	}
}

void sym_elf_free(struct sym_elf *e)
{
	if (!e)
		return;
	free(e->segs);
	free(e->debuglink);
	free(e->sh);
	table_unref(e->tab);
	free(e);
}

/* Finds an NT_GNU_BUILD_ID in a block of notes. */
static void parse_notes(struct sym_elf *e, const uint8_t *p, size_t len)
{
	size_t off = 0;
	while (len - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		memcpy(&nh, p + off, sizeof(nh));
		off += sizeof(nh);
		uint64_t namesz = ((uint64_t)nh.n_namesz + 3) & ~3ull,
			 descsz = ((uint64_t)nh.n_descsz + 3) & ~3ull;
		if (namesz > len - off || descsz > len - off - namesz)
			return;
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && memcmp(p + off, "GNU", 4) == 0 &&
		    nh.n_descsz > 0 && nh.n_descsz <= BUILD_ID_MAX) {
			memcpy(e->build_id, p + off + namesz, nh.n_descsz);
			e->build_id_len = nh.n_descsz;
			return;
		}
		off += namesz + descsz;
	}
}

static void read_notes(struct sym_elf *e, int fd, uint64_t off, uint64_t size)
{
	int err;
	uint8_t *buf = pread_alloc(fd, e->size, off, size, ELF_NOTES_MAX, &err);
	if (buf)
		parse_notes(e, buf, (size_t)size);
	free(buf);
}

/* Phase one: headers, segments, build-id, debuglink; cheap even for huge files. */
static int elf_read_headers(int fd, struct sym_elf **out)
{
	*out = NULL;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	Elf64_Ehdr eh;
	uint64_t size = (uint64_t)st.st_size;
	if (size < sizeof(eh) || pread_exact(fd, size, 0, &eh, sizeof(eh)) < 0)
		return -ENOEXEC;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_ident[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;

	struct sym_elf *e = xcalloc(1, sizeof(*e));
	e->size = size;
	int err = 0;

	size_t nph = eh.e_phnum;
	if (nph && (eh.e_phentsize != sizeof(Elf64_Phdr) || nph > ELF_PHDRS_MAX))
		nph = 0;
	Elf64_Phdr *ph =
	    nph ? pread_alloc(fd, size, eh.e_phoff, nph * sizeof(*ph), nph * sizeof(*ph), &err) : NULL;
	if (ph) {
		e->segs = xcalloc(nph, sizeof(*e->segs));
		for (size_t i = 0; i < nph; i++) {
			if (ph[i].p_type == PT_LOAD && ph[i].p_filesz)
				e->segs[e->nsegs++] =
				    (struct elf_seg){ph[i].p_offset, ph[i].p_vaddr, ph[i].p_filesz};
			else if (ph[i].p_type == PT_NOTE && !e->build_id_len)
				read_notes(e, fd, ph[i].p_offset, ph[i].p_filesz);
		}
	}
	free(ph);

	/* Sections (extended numbering: the count and string index in section 0). */
	size_t nsh = eh.e_shnum;
	unsigned shstrndx = eh.e_shstrndx;
	if (eh.e_shoff && eh.e_shentsize == sizeof(Elf64_Shdr)) {
		Elf64_Shdr sh0;
		if ((nsh == 0 || shstrndx == SHN_XINDEX) &&
		    pread_exact(fd, size, eh.e_shoff, &sh0, sizeof(sh0)) == 0) {
			if (nsh == 0)
				nsh = sh0.sh_size > ELF_SECTIONS_MAX ? 0 : (size_t)sh0.sh_size;
			if (shstrndx == SHN_XINDEX)
				shstrndx = sh0.sh_link;
		}
		if (nsh > ELF_SECTIONS_MAX)
			nsh = 0;
		e->sh = nsh ? pread_alloc(fd, size, eh.e_shoff, nsh * sizeof(Elf64_Shdr),
					  nsh * sizeof(Elf64_Shdr), &err)
			    : NULL;
		e->nsh = e->sh ? nsh : 0;
	}
	char *shstr = NULL;
	uint64_t shstr_len = 0;
	if (shstrndx < e->nsh && e->sh[shstrndx].sh_type == SHT_STRTAB) {
		shstr_len = e->sh[shstrndx].sh_size;
		shstr = pread_alloc(fd, size, e->sh[shstrndx].sh_offset, shstr_len, ELF_SHSTRTAB_MAX, &err);
	}
	for (size_t i = 0; i < e->nsh; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		if (s->sh_type == SHT_SYMTAB)
			e->has_symtab = true;
		else if (s->sh_type == SHT_NOTE && !e->build_id_len)
			read_notes(e, fd, s->sh_offset, s->sh_size);
		else if (shstr && s->sh_type == SHT_PROGBITS && s->sh_name < shstr_len &&
			 strcmp(shstr + s->sh_name, ".gnu_debuglink") == 0 && !e->debuglink &&
			 s->sh_size >= 8 && s->sh_size <= ELF_DEBUGLINK_MAX) {
			char *dl = pread_alloc(fd, size, s->sh_offset, s->sh_size, ELF_DEBUGLINK_MAX, &err);
			size_t nlen = dl ? strnlen(dl, (size_t)s->sh_size) : 0;
			size_t crc_off = (nlen + 4) & ~(size_t)3;
			if (dl && nlen > 0 && crc_off + 4 <= s->sh_size) {
				memcpy(&e->debuglink_crc, dl + crc_off, 4);
				e->debuglink = xstrndup(dl, nlen);
			}
			free(dl);
		}
	}
	free(shstr);
	*out = e;
	return 0;
}

static int esym_cmp(const void *a, const void *b)
{
	const struct esym *x = a, *y = b;
	if (x->addr != y->addr)
		return (x->addr > y->addr) - (x->addr < y->addr);
	if (x->rank != y->rank)
		return (y->rank > x->rank) - (y->rank < x->rank);
	if ((x->size != 0) != (y->size != 0))
		return (y->size != 0) - (x->size != 0);
	return (x->name > y->name) - (x->name < y->name);
}

/* Phase two: the function symbols of .symtab (or .dynsym if stripped). */
static int elf_read_symbols(struct sym_elf *e, int fd)
{
	const Elf64_Shdr *symsec = NULL;
	for (size_t i = 0; i < e->nsh; i++)
		if (e->sh[i].sh_type == SHT_SYMTAB || (e->sh[i].sh_type == SHT_DYNSYM && !e->has_symtab))
			symsec = &e->sh[i];
	struct sym_table *t = xcalloc(1, sizeof(*t));
	t->refs = 1;
	e->tab = t;
	if (!symsec || symsec->sh_entsize != sizeof(Elf64_Sym) || symsec->sh_link >= e->nsh ||
	    e->sh[symsec->sh_link].sh_type != SHT_STRTAB)
		return 0;
	int err;
	const Elf64_Shdr *strsec = &e->sh[symsec->sh_link];
	uint64_t nsyms = symsec->sh_size / sizeof(Elf64_Sym), strsz = strsec->sh_size;
	Elf64_Sym *syms =
	    pread_alloc(fd, e->size, symsec->sh_offset, nsyms * sizeof(Elf64_Sym), ELF_SYMTAB_MAX, &err);
	char *str = syms ? pread_alloc(fd, e->size, strsec->sh_offset, strsz, ELF_STRTAB_MAX, &err) : NULL;
	if (!str) {
		free(syms);
		return err;
	}
	struct pool names = {0};
	size_t cap = 0;
	for (uint64_t i = 0; i < nsyms; i++) {
		const Elf64_Sym *s = &syms[i];
		unsigned type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s->st_shndx == SHN_UNDEF ||
		    s->st_shndx >= SHN_LORESERVE || s->st_value == 0 || s->st_name >= strsz)
			continue;
		size_t nlen = strnlen(str + s->st_name, (size_t)(strsz - s->st_name));
		if (nlen == 0 || s->st_name + nlen >= strsz)
			continue;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 256;
			t->v = xrealloc(t->v, cap * sizeof(*t->v));
		}
		t->v[t->n++] = (struct esym){
		    .addr = s->st_value,
		    .size = s->st_size,
		    .name = pool_add(&names, str + s->st_name, nlen),
		    .rank = bind == STB_GLOBAL ? 2
			    : bind == STB_WEAK ? 1
					       : 0,
		    .shndx = s->st_shndx,
		};
	}
	free(syms);
	free(str);
	t->names = names.buf;
	if (t->n)
		sort_array(t->v, t->n, sizeof(*t->v), esym_cmp);
	size_t out = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (out && t->v[out - 1].addr == t->v[i].addr)
			continue; /* an alias: the preferred name sorted first */
		t->v[out++] = t->v[i];
	}
	t->n = out;
	/* A zero-sized function (hand-written assembly) spans to the next
	 * symbol, but never past the end of its section. */
	for (size_t i = 0; i < t->n; i++) {
		struct esym *s = &t->v[i];
		if (s->size)
			continue;
		uint64_t end = i + 1 < t->n ? t->v[i + 1].addr : UINT64_MAX;
		if (s->shndx < e->nsh) {
			const Elf64_Shdr *sec = &e->sh[s->shndx];
			if (s->addr >= sec->sh_addr && sec->sh_addr + sec->sh_size > sec->sh_addr &&
			    sec->sh_addr + sec->sh_size < end)
				end = sec->sh_addr + sec->sh_size;
		}
		s->size = end != UINT64_MAX && end > s->addr ? end - s->addr : 0;
	}
	return 0;
}

static void elf_done_reading(struct sym_elf *e)
{
	free(e->sh);
	e->sh = NULL;
	e->nsh = 0;
}

int sym_elf_read(int fd, struct sym_elf **out)
{
	struct sym_elf *e;
	int err = elf_read_headers(fd, &e);
	if (err)
		return err;
	err = elf_read_symbols(e, fd);
	elf_done_reading(e);
	if (err) {
		sym_elf_free(e);
		return err;
	}
	*out = e;
	return 0;
}

size_t sym_elf_count(const struct sym_elf *e)
{
	return e && e->tab ? e->tab->n : 0;
}

bool sym_elf_has_symtab(const struct sym_elf *e)
{
	return e && e->has_symtab;
}

const uint8_t *sym_elf_build_id(const struct sym_elf *e, size_t *len)
{
	*len = e ? e->build_id_len : 0;
	return *len ? e->build_id : NULL;
}

const char *sym_elf_debuglink(const struct sym_elf *e, uint32_t *crc)
{
	if (!e || !e->debuglink)
		return NULL;
	*crc = e->debuglink_crc;
	return e->debuglink;
}

bool sym_elf_vaddr(const struct sym_elf *e, uint64_t file_offset, uint64_t *vaddr)
{
	for (size_t i = 0; e && i < e->nsegs; i++) {
		const struct elf_seg *s = &e->segs[i];
		if (file_offset >= s->off && file_offset - s->off < s->filesz) {
			*vaddr = s->vaddr + (file_offset - s->off);
			return true;
		}
	}
	return false;
}

static const char *table_lookup(const struct sym_table *t, uint64_t addr)
{
	if (!t || t->n == 0 || addr < t->v[0].addr)
		return NULL;
	size_t lo = 0, hi = t->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = lo + 1, k = 0; i-- > 0 && k < OVERLAP_SCAN; k++)
		if (addr - t->v[i].addr < t->v[i].size)
			return t->names + t->v[i].name;
	return NULL;
}

const char *sym_elf_lookup(const struct sym_elf *e, uint64_t vaddr)
{
	return e ? table_lookup(e->tab, vaddr) : NULL;
}

/* ---- perf maps ---- */

struct pmsym {
	uint64_t start, size;
	uint32_t name;
	uint32_t line;
};

struct sym_perfmap {
	struct pmsym *v;
	size_t n;
	char *names;
};

static int pmsym_cmp(const void *a, const void *b)
{
	const struct pmsym *x = a, *y = b;
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	/* The later line first: a JIT that reuses an address rewrites it. */
	return (y->line > x->line) - (y->line < x->line);
}

struct sym_perfmap *sym_perfmap_parse(const char *text, size_t len)
{
	struct sym_perfmap *m = xcalloc(1, sizeof(*m));
	struct pool names = {0};
	size_t cap = 0;
	uint32_t line = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *q = p;
		uint64_t start, size;
		line++;
		if (!parse_hex(&q, eol, true, &start) || q >= eol || *q != ' ')
			goto next;
		q++;
		if (!parse_hex(&q, eol, true, &size) || q >= eol || *q != ' ' || size == 0 ||
		    start + size < start)
			goto next;
		q++;
		size_t nlen = (size_t)(eol - q);
		if (nlen && q[nlen - 1] == '\r')
			nlen--;
		if (nlen == 0 || memchr(q, '\0', nlen))
			goto next;
		if (m->n == cap) {
			cap = cap ? cap * 2 : 256;
			m->v = xrealloc(m->v, cap * sizeof(*m->v));
		}
		m->v[m->n++] = (struct pmsym){start, size, pool_add(&names, q, nlen), line};
	next:
		p = eol + 1;
	}
	m->names = names.buf;
	if (m->n)
		sort_array(m->v, m->n, sizeof(*m->v), pmsym_cmp);
	size_t out = 0;
	for (size_t i = 0; i < m->n; i++)
		if (out == 0 || m->v[out - 1].start != m->v[i].start)
			m->v[out++] = m->v[i];
	m->n = out;
	return m;
}

void sym_perfmap_free(struct sym_perfmap *m)
{
	if (!m)
		return;
	free(m->v);
	free(m->names);
	free(m);
}

size_t sym_perfmap_count(const struct sym_perfmap *m)
{
	return m ? m->n : 0;
}

const char *sym_perfmap_lookup(const struct sym_perfmap *m, uint64_t addr)
{
	if (!m || m->n == 0 || addr < m->v[0].start)
		return NULL;
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = lo + 1, k = 0; i-- > 0 && k < OVERLAP_SCAN; k++)
		if (addr - m->v[i].start < m->v[i].size)
			return m->names + m->v[i].name;
	return NULL;
}

/* ---- /proc/PID/maps ---- */

static int mapping_cmp(const void *a, const void *b)
{
	const struct sym_mapping *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

size_t sym_maps_parse(const char *text, struct sym_mapping **out)
{
	struct sym_mapping *v = NULL;
	size_t n = 0, cap = 0;
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *q = p;
		uint64_t start, stop, offset, major, minor, inode = 0;
		/* start-end perms offset major:minor inode [path] */
		if (!parse_hex(&q, eol, false, &start) || q >= eol || *q++ != '-' ||
		    !parse_hex(&q, eol, false, &stop) || stop <= start || eol - q < 6 || q[0] != ' ')
			goto next;
		bool exec = q[3] == 'x';
		q += 5;
		if (q >= eol || *q++ != ' ' || !parse_hex(&q, eol, false, &offset) || q >= eol ||
		    *q++ != ' ' || !parse_hex(&q, eol, false, &major) || q >= eol || *q++ != ':' ||
		    !parse_hex(&q, eol, false, &minor) || q >= eol || *q++ != ' ')
			goto next;
		if (q >= eol || *q < '0' || *q > '9')
			goto next;
		while (q < eol && *q >= '0' && *q <= '9') {
			if (inode > (UINT64_MAX - 9) / 10)
				goto next;
			inode = inode * 10 + (uint64_t)(*q++ - '0');
		}
		if (!exec)
			goto next;
		while (q < eol && *q == ' ')
			q++;
		size_t plen = (size_t)(eol - q);
		bool deleted = false;
		static const char del[] = " (deleted)";
		if (plen >= sizeof(del) - 1 &&
		    memcmp(q + plen - (sizeof(del) - 1), del, sizeof(del) - 1) == 0) {
			plen -= sizeof(del) - 1;
			deleted = true;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = (struct sym_mapping){start, stop, offset, inode, deleted, xstrndup(q, plen)};
	next:
		p = eol + 1;
	}
	if (n)
		sort_array(v, n, sizeof(*v), mapping_cmp);
	*out = v;
	return n;
}

void sym_mappings_free(struct sym_mapping *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].path);
	free(m);
}

/* ---- opening inside a root ---- */

int sym_open_in_root(int rootfd, const char *path)
{
	struct open_how how = {
	    .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd < 0)
		return -errno;
	return fd_keep_if_regular(fd);
}

/* ---- CRC32 of a debuglink target (the IEEE polynomial, as GNU tools use) ---- */

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static bool file_crc32(int fd, uint32_t *out)
{
	static char buf[65536];
	uint32_t crc = 0xffffffffu;
	uint64_t total = 0;
	if (!crc_table[1])
		crc_init();
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > CRC_FILE_MAX)
			return false;
		for (ssize_t i = 0; i < n; i++)
			crc = crc_table[(crc ^ (uint8_t)buf[i]) & 0xff] ^ (crc >> 8);
	}
	*out = crc ^ 0xffffffffu;
	return true;
}

/* ---- the symbolizer ---- */

/* One binary, by identity of the file that was opened. */
struct elf_entry {
	struct elf_entry *next;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct sym_elf *elf; /* NULL: not a readable ELF */
	unsigned refs;	     /* processes resolving through it */
};

struct proc_map {
	struct sym_mapping m;
	const char *module;    /* basename of the path, or the path for [vdso] and the like */
	struct elf_entry *elf; /* resolved on first use */
	bool tried;
};

struct proc_ent {
	struct proc_ent *next;
	int32_t pid;
	int32_t nspid;
	uint64_t start_time;
	bool gone;
	struct proc_map *maps;
	size_t nmaps;
	uint64_t maps_gen, checked_gen, perfmap_gen;
	uint64_t last_used;
	struct sym_perfmap *perfmap;
	off_t perfmap_size;
	struct timespec perfmap_mtime;
};

struct symbolizer {
	char *root;
	char *debug_dir;
	int proc_fd;
	struct sym_ksyms *ksyms;
	/* Opened while privileged: the kernel decides at open whether a reader
	 * sees addresses, so these keep showing them once privileges drop. */
	int kallsyms_fd, modules_fd;
	uint64_t modules_hash; /* of /proc/modules' names, sizes and addresses */
	struct proc_ent **procs;
	size_t nbuckets, nprocs;
	struct elf_entry *elfs;
	struct sym_table *tables;
	uint64_t gen, now;
	uint64_t parses;
};

struct symbolizer *sym_new(const struct sym_opts *opts)
{
	struct symbolizer *s = xcalloc(1, sizeof(*s));
	s->root = xstrdup(opts->root ? opts->root : "/");
	s->debug_dir = xstrdup(opts->debug_dir ? opts->debug_dir : "/usr/lib/debug");
	char *proc = xasprintf("%s/proc", s->root);
	s->proc_fd = open(proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(proc);
	s->kallsyms_fd = s->modules_fd = -1;
	s->nbuckets = 256;
	s->procs = xcalloc(s->nbuckets, sizeof(*s->procs));
	s->gen = 1;
	return s;
}

static void elf_release(struct elf_entry *e)
{
	if (e)
		e->refs--;
}

static void proc_clear(struct proc_ent *p)
{
	for (size_t i = 0; i < p->nmaps; i++) {
		elf_release(p->maps[i].elf);
		free(p->maps[i].m.path);
	}
	free(p->maps);
	p->maps = NULL;
	p->nmaps = 0;
	sym_perfmap_free(p->perfmap);
	p->perfmap = NULL;
	p->maps_gen = p->perfmap_gen = 0;
}

/* Frees binaries nobody resolves through and tables no binary holds. */
static void sweep_elfs(struct symbolizer *s)
{
	for (struct elf_entry **pp = &s->elfs; *pp;) {
		struct elf_entry *e = *pp;
		if (e->refs) {
			pp = &e->next;
			continue;
		}
		*pp = e->next;
		sym_elf_free(e->elf);
		free(e);
	}
	for (struct sym_table **pp = &s->tables; *pp;) {
		struct sym_table *t = *pp;
		if (t->refs > 1) {
			pp = &t->next;
			continue;
		}
		*pp = t->next;
		table_unref(t);
	}
}

void sym_free(struct symbolizer *s)
{
	if (!s)
		return;
	for (size_t b = 0; b < s->nbuckets; b++)
		while (s->procs[b]) {
			struct proc_ent *p = s->procs[b];
			s->procs[b] = p->next;
			proc_clear(p);
			free(p);
		}
	free(s->procs);
	sweep_elfs(s);
	sym_ksyms_free(s->ksyms);
	if (s->proc_fd >= 0)
		close(s->proc_fd);
	if (s->kallsyms_fd >= 0)
		close(s->kallsyms_fd);
	if (s->modules_fd >= 0)
		close(s->modules_fd);
	free(s->root);
	free(s->debug_dir);
	free(s);
}

/* A hash of what places module code: each line's name, size and address,
 * not the use counts and users, which change without anything moving.
 * Returns 0 when the file cannot be read. */
static uint64_t modules_hash(int fd)
{
	char *text;
	ssize_t n = fd < 0 || lseek(fd, 0, SEEK_SET) < 0 ? -1 : read_fd_alloc(fd, MODULES_MAX, &text);
	if (n < 0)
		return 0;
	uint64_t h = FNV1A_START;
	const char *end = text + n;
	for (const char *line = text; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		/* "name size refs users state address [taint]" */
		const char *f = line;
		for (int field = 0; field <= 5 && f < eol; field++) {
			const char *e = memchr(f, ' ', (size_t)(eol - f));
			if (!e)
				e = eol;
			if (field <= 1 || field == 5)
				h = fnv1a(fnv1a(h, f, (size_t)(e - f)), " ", 1);
			f = e + 1;
		}
		line = eol + 1;
	}
	free(text);
	return h | 1;
}

/* Reads kallsyms through the kept descriptor; the old table stays if the
 * new one cannot be had. */
static int ksyms_reload(struct symbolizer *s)
{
	char *text;
	ssize_t n = lseek(s->kallsyms_fd, 0, SEEK_SET) < 0 ? -errno
								: read_fd_alloc(s->kallsyms_fd, KALLSYMS_MAX, &text);
	if (n < 0)
		return (int)n;
	struct sym_ksyms *k = sym_ksyms_parse(text, (size_t)n);
	free(text);
	/* Text without a single non-zero address: kptr_restrict hid them. */
	if (!k)
		return n > 0 ? -EPERM : -ENOENT;
	sym_ksyms_free(s->ksyms);
	s->ksyms = k;
	return 0;
}

int sym_load_kernel(struct symbolizer *s)
{
	char *path = xasprintf("%s/proc/kallsyms", s->root);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return -errno;
	if (s->kallsyms_fd >= 0)
		close(s->kallsyms_fd);
	s->kallsyms_fd = fd;
	if (s->modules_fd < 0) {
		path = xasprintf("%s/proc/modules", s->root);
		s->modules_fd = open(path, O_RDONLY | O_CLOEXEC);
		free(path);
	}
	s->modules_hash = modules_hash(s->modules_fd);
	return ksyms_reload(s);
}

bool sym_kernel_refresh(struct symbolizer *s)
{
	if (s->kallsyms_fd < 0 || s->modules_fd < 0)
		return false;
	uint64_t h = modules_hash(s->modules_fd);
	if (!h || h == s->modules_hash)
		return false;
	int r = ksyms_reload(s);
	/* Hidden, empty or oversized stays so until modules move again; a
	 * failed read is tried again next time. */
	if (r == 0 || r == -EPERM || r == -ENOENT || r == -EFBIG)
		s->modules_hash = h;
	return r == 0;
}

void sym_kernel(struct symbolizer *s, uint64_t addr, struct sym_frame *out)
{
	out->function = NULL;
	out->module = "[kernel]";
	out->offset = addr;
	if (sym_ksyms_lookup(s->ksyms, addr, &out->function, &out->module))
		out->offset = 0;
}

/* Field 22 of /proc/PID/stat (after the comm, which may hold spaces and ')'). */
static int read_start_time(struct symbolizer *s, int32_t pid, uint64_t *out)
{
	char rel[32], buf[STAT_MAX];
	snprintf(rel, sizeof(rel), "%d/stat", pid);
	ssize_t n = read_file_at(s->proc_fd, rel, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	const char *p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	p++;
	/* After ")": state is field 3; the start time is field 22. */
	for (int field = 2; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
		p++;
	}
	return parse_u64_prefix(&p, out);
}

/* The innermost pid namespace's pid (the last NSpid field), for perf maps. */
static int32_t read_nspid(struct symbolizer *s, int32_t pid)
{
	char rel[32], buf[8192];
	snprintf(rel, sizeof(rel), "%d/status", pid);
	if (read_file_at(s->proc_fd, rel, buf, sizeof(buf)) < 0)
		return pid;
	const char *p = strstr(buf, "\nNSpid:");
	if (!p)
		return pid;
	p += 7;
	int32_t last = pid;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		uint64_t v;
		if (parse_u64_prefix(&p, &v) < 0 || v > INT32_MAX)
			break;
		last = (int32_t)v;
	}
	return last;
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static void load_maps(struct symbolizer *s, struct proc_ent *p)
{
	char rel[32], *text;
	snprintf(rel, sizeof(rel), "%d/maps", p->pid);
	p->maps_gen = s->gen;
	ssize_t n = read_file_alloc_at(s->proc_fd, rel, MAPS_MAX, &text);
	if (n < 0) {
		if (errno_is_gone((int)n))
			p->gone = true;
		return;
	}
	struct sym_mapping *m;
	size_t nm = sym_maps_parse(text, &m);
	free(text);
	/* Keep what was already resolved for mappings that did not change. */
	struct proc_map *maps = xcalloc(nm ? nm : 1, sizeof(*maps));
	for (size_t i = 0; i < nm; i++) {
		maps[i].m = m[i];
		maps[i].module = m[i].path[0] == '[' ? m[i].path : basename_of(m[i].path);
		for (size_t j = 0; j < p->nmaps; j++) {
			struct proc_map *old = &p->maps[j];
			if (old->m.start == m[i].start && old->m.end == m[i].end &&
			    old->m.offset == m[i].offset && old->m.inode == m[i].inode &&
			    strcmp(old->m.path, m[i].path) == 0) {
				maps[i].elf = old->elf;
				maps[i].tried = old->tried;
				old->elf = NULL;
				break;
			}
		}
	}
	free(m);
	for (size_t j = 0; j < p->nmaps; j++) {
		elf_release(p->maps[j].elf);
		free(p->maps[j].m.path);
	}
	free(p->maps);
	p->maps = maps;
	p->nmaps = nm;
}

static size_t proc_bucket(const struct symbolizer *s, int32_t pid)
{
	return (uint32_t)pid * 2654435761u & (s->nbuckets - 1);
}

static void procs_grow(struct symbolizer *s)
{
	struct proc_ent **old = s->procs;
	size_t nold = s->nbuckets;
	s->nbuckets *= 2;
	s->procs = xcalloc(s->nbuckets, sizeof(*s->procs));
	for (size_t b = 0; b < nold; b++)
		while (old[b]) {
			struct proc_ent *p = old[b];
			old[b] = p->next;
			size_t nb = proc_bucket(s, p->pid);
			p->next = s->procs[nb];
			s->procs[nb] = p;
		}
	free(old);
}

static struct proc_ent *proc_find(const struct symbolizer *s, int32_t pid)
{
	struct proc_ent *p = s->procs[proc_bucket(s, pid)];
	while (p && p->pid != pid)
		p = p->next;
	return p;
}

void sym_touch(struct symbolizer *s, int32_t pid)
{
	struct proc_ent *p = proc_find(s, pid);
	if (p)
		p->last_used = s->now;
}

static struct proc_ent *proc_get(struct symbolizer *s, int32_t pid)
{
	if (s->nprocs >= s->nbuckets * 2)
		procs_grow(s);
	struct proc_ent *p = proc_find(s, pid);
	if (!p) {
		size_t b = proc_bucket(s, pid);
		p = xcalloc(1, sizeof(*p));
		p->pid = pid;
		p->next = s->procs[b];
		s->procs[b] = p;
		s->nprocs++;
	}
	p->last_used = s->now;
	if (p->checked_gen == s->gen)
		return p;
	p->checked_gen = s->gen;
	uint64_t start;
	if (read_start_time(s, pid, &start) < 0) {
		p->gone = true;
		return p;
	}
	if (p->start_time != start || p->gone) {
		/* New, or the pid was recycled: nothing cached applies. */
		proc_clear(p);
		p->gone = false;
		p->start_time = start;
		p->nspid = read_nspid(s, pid);
	}
	return p;
}

static struct proc_map *find_map(struct proc_ent *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nmaps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (addr < p->maps[mid].m.start)
			hi = mid;
		else if (addr >= p->maps[mid].m.end)
			lo = mid + 1;
		else
			return &p->maps[mid];
	}
	return NULL;
}

static int open_root(struct symbolizer *s, int32_t pid)
{
	char rel[32];
	snprintf(rel, sizeof(rel), "%d/root", pid);
	int fd = openat(s->proc_fd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static bool same_build_id(const struct sym_elf *a, const struct sym_elf *b)
{
	return a->build_id_len && a->build_id_len == b->build_id_len &&
	       memcmp(a->build_id, b->build_id, a->build_id_len) == 0;
}

/* Opens a debug file candidate and returns its symbol table if it belongs to E. */
static struct sym_table *try_debug_file(struct symbolizer *s, int rootfd, const char *path,
					const struct sym_elf *e, bool by_build_id)
{
	int fd = sym_open_in_root(rootfd, path);
	if (fd < 0)
		return NULL;
	struct sym_elf *d;
	struct sym_table *t = NULL;
	if (elf_read_headers(fd, &d) == 0) {
		uint32_t crc;
		/* Build-ids when both have one, else the debuglink's CRC. */
		bool match = (by_build_id || (e->build_id_len && d->build_id_len))
				 ? same_build_id(e, d)
				 : file_crc32(fd, &crc) && crc == e->debuglink_crc;
		if (match && d->has_symtab && elf_read_symbols(d, fd) == 0) {
			s->parses++;
			t = d->tab;
			d->tab = NULL;
		}
		sym_elf_free(d);
	}
	close(fd);
	return t;
}

/* The separate debug file of a stripped binary, found by build-id or by
 * .gnu_debuglink next to the binary, in .debug/ or under the debug dir. */
static struct sym_table *find_debug_table(struct symbolizer *s, int32_t pid, const char *path,
					  const struct sym_elf *e)
{
	int rootfd = open_root(s, pid);
	if (rootfd < 0)
		return NULL;
	struct sym_table *t = NULL;
	if (e->build_id_len >= 2) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_printf(&sb, "%s/.build-id/%02x/", s->debug_dir, e->build_id[0]);
		for (size_t i = 1; i < e->build_id_len; i++)
			strbuf_printf(&sb, "%02x", e->build_id[i]);
		strbuf_puts(&sb, ".debug");
		t = try_debug_file(s, rootfd, sb.buf, e, true);
		strbuf_free(&sb);
	}
	/* A debuglink is a file name, never a path. */
	if (!t && e->debuglink && !strchr(e->debuglink, '/') && path[0] == '/') {
		const char *slash = strrchr(path, '/');
		int dlen = (int)(slash - path);
		char *cand[3] = {
		    xasprintf("%.*s/%s", dlen, path, e->debuglink),
		    xasprintf("%.*s/.debug/%s", dlen, path, e->debuglink),
		    xasprintf("%s%.*s/%s", s->debug_dir, dlen, path, e->debuglink),
		};
		for (size_t i = 0; i < ARRAY_SIZE(cand); i++) {
			if (!t)
				t = try_debug_file(s, rootfd, cand[i], e, false);
			free(cand[i]);
		}
	}
	close(rootfd);
	return t;
}

static struct sym_table *find_table(struct symbolizer *s, const struct sym_elf *e)
{
	if (!e->build_id_len)
		return NULL;
	for (struct sym_table *t = s->tables; t; t = t->next)
		if (t->build_id_len == e->build_id_len &&
		    memcmp(t->build_id, e->build_id, e->build_id_len) == 0)
			return t;
	return NULL;
}

/* Reads (or finds in the caches) the symbols of the binary behind FD. */
static struct elf_entry *elf_get(struct symbolizer *s, int fd, int32_t pid, const char *path)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return NULL;
	for (struct elf_entry *e = s->elfs; e; e = e->next)
		if (e->dev == st.st_dev && e->ino == st.st_ino && e->size == st.st_size &&
		    e->mtime.tv_sec == st.st_mtim.tv_sec && e->mtime.tv_nsec == st.st_mtim.tv_nsec)
			return e;
	struct elf_entry *ent = xcalloc(1, sizeof(*ent));
	ent->dev = st.st_dev;
	ent->ino = st.st_ino;
	ent->size = st.st_size;
	ent->mtime = st.st_mtim;
	ent->next = s->elfs;
	s->elfs = ent;
	struct sym_elf *e;
	if (elf_read_headers(fd, &e) < 0)
		return ent;
	ent->elf = e;
	struct sym_table *t = find_table(s, e);
	if (t) {
		t->refs++;
		e->tab = t;
	} else {
		if (!e->has_symtab)
			t = find_debug_table(s, pid, path, e);
		if (t) {
			e->tab = t;
		} else {
			if (elf_read_symbols(e, fd) < 0) {
				table_unref(e->tab);
				e->tab = NULL;
			}
			s->parses++;
		}
		if (e->tab && e->build_id_len) {
			/* Held by the list too, so another binary with this build-id shares it. */
			memcpy(e->tab->build_id, e->build_id, e->build_id_len);
			e->tab->build_id_len = e->build_id_len;
			e->tab->refs++;
			e->tab->next = s->tables;
			s->tables = e->tab;
		}
	}
	elf_done_reading(e);
	return ent;
}

/* The mapped file itself through map_files (needs CAP_CHECKPOINT_RESTORE or
 * CAP_SYS_ADMIN), else its path inside the process's root, if the inode
 * there is still the mapped one. */
static int open_mapping(struct symbolizer *s, const struct proc_ent *p, const struct sym_mapping *m)
{
	char rel[80];
	snprintf(rel, sizeof(rel), "%d/map_files/%llx-%llx", p->pid, (unsigned long long)m->start,
		 (unsigned long long)m->end);
	int fd = openat(s->proc_fd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0)
		return fd_keep_if_regular(fd);
	if (m->deleted || m->path[0] != '/')
		return -ENOENT;
	int rootfd = open_root(s, p->pid);
	if (rootfd < 0)
		return rootfd;
	fd = sym_open_in_root(rootfd, m->path);
	close(rootfd);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_ino != m->inode) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

static void load_perfmap(struct symbolizer *s, struct proc_ent *p)
{
	p->perfmap_gen = s->gen;
	int rootfd = open_root(s, p->pid);
	if (rootfd < 0)
		return;
	char path[48];
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", p->nspid);
	int fd = sym_open_in_root(rootfd, path);
	close(rootfd);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) == 0 && p->perfmap && st.st_size == p->perfmap_size &&
	    st.st_mtim.tv_sec == p->perfmap_mtime.tv_sec && st.st_mtim.tv_nsec == p->perfmap_mtime.tv_nsec) {
		close(fd);
		return;
	}
	char *text;
	ssize_t n = read_fd_alloc(fd, PERFMAP_MAX, &text);
	close(fd);
	if (n < 0)
		return;
	sym_perfmap_free(p->perfmap);
	p->perfmap = sym_perfmap_parse(text, (size_t)n);
	p->perfmap_size = st.st_size;
	p->perfmap_mtime = st.st_mtim;
	free(text);
}

/* Anonymous executable memory, where JITs put code. */
static bool is_anon(const struct sym_mapping *m)
{
	return m->path[0] == '\0' || strncmp(m->path, "[anon", 5) == 0 ||
	       strncmp(m->path, "//anon", 6) == 0 || strncmp(m->path, "/memfd:", 7) == 0;
}

static void resolve_jit(struct symbolizer *s, struct proc_ent *p, uint64_t addr, struct sym_frame *out)
{
	out->module = "[anon]";
	out->offset = addr;
	out->function = sym_perfmap_lookup(p->perfmap, addr);
	if (!out->function && p->perfmap_gen != s->gen) {
		load_perfmap(s, p);
		out->function = sym_perfmap_lookup(p->perfmap, addr);
	}
	if (out->function)
		out->module = "[jit]";
}

void sym_user(struct symbolizer *s, int32_t pid, uint64_t addr, struct sym_frame *out)
{
	out->function = NULL;
	out->module = "[unknown]";
	out->offset = addr;
	if (s->proc_fd < 0 || pid <= 0)
		return;
	struct proc_ent *p = proc_get(s, pid);
	if (p->gone)
		return;
	struct proc_map *pm = find_map(p, addr);
	if (!pm && p->maps_gen != s->gen) {
		load_maps(s, p);
		pm = find_map(p, addr);
	}
	if (!pm)
		return;
	const struct sym_mapping *m = &pm->m;
	if (is_anon(m)) {
		resolve_jit(s, p, addr, out);
		return;
	}
	out->module = pm->module;
	out->offset = addr - m->start + m->offset;
	if (m->path[0] == '[')
		return;
	if (!pm->tried) {
		pm->tried = true;
		int fd = open_mapping(s, p, m);
		if (fd >= 0) {
			pm->elf = elf_get(s, fd, pid, m->path);
			if (pm->elf)
				pm->elf->refs++;
			close(fd);
		}
	}
	uint64_t vaddr;
	if (pm->elf && pm->elf->elf && sym_elf_vaddr(pm->elf->elf, out->offset, &vaddr)) {
		out->offset = vaddr;
		out->function = sym_elf_lookup(pm->elf->elf, vaddr);
	}
}

void sym_expire(struct symbolizer *s, uint64_t now_ns, uint64_t keep_ns)
{
	s->now = now_ns;
	s->gen++;
	for (size_t b = 0; b < s->nbuckets; b++)
		for (struct proc_ent **pp = &s->procs[b]; *pp;) {
			struct proc_ent *p = *pp;
			if (now_ns - p->last_used <= keep_ns) {
				pp = &p->next;
				continue;
			}
			*pp = p->next;
			proc_clear(p);
			free(p);
			s->nprocs--;
		}
	sweep_elfs(s);
}

void sym_get_stats(const struct symbolizer *s, struct sym_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->procs = s->nprocs;
	for (const struct elf_entry *e = s->elfs; e; e = e->next)
		out->elfs++;
	for (const struct sym_table *t = s->tables; t; t = t->next)
		out->tables++;
	out->parses = s->parses;
}
