/* fuzz_profiler.c - fuzz targets of the profiler's parsers: kallsyms, perf
 * maps, /proc/PID/maps, folded stacks and the ELF symbol reader. The ELF
 * target patches a valid in-memory ELF (symbols, notes, debuglink, section
 * and program headers) with the input read as (offset, byte) triples, so
 * mutations land in the headers the reader must not trust; an input
 * starting with 'R' is used as the whole file instead. Owned by the
 * profiler engineer (issue 5). */
#include "config.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "folded.h"
#include "fuzz.h"
#include "symbols.h"

static void run_kallsyms(const uint8_t *data, size_t len)
{
	struct sym_ksyms *k = sym_ksyms_parse((const char *)data, len);
	const char *fn, *mod;
	static const uint64_t probes[] = {0, 1, 0xffffffff81000000, 0xffffffff81000123, UINT64_MAX};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		sym_ksyms_lookup(k, probes[i], &fn, &mod);
	sym_ksyms_free(k);
}

/* Names from untrusted binaries: whatever the demangler makes of them. */
static void run_demangle(const uint8_t *data, size_t len)
{
	char *name = fuzz_cstr(data, len);
	free(sym_demangle(name));
	free(name);
}

static void run_perfmap(const uint8_t *data, size_t len)
{
	struct sym_perfmap *m = sym_perfmap_parse((const char *)data, len);
	static const uint64_t probes[] = {0, 0x10, 0x7f0000001000, 0x7f0000001050, UINT64_MAX};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		sym_perfmap_lookup(m, probes[i]);
	sym_perfmap_free(m);
}

static void run_maps(const uint8_t *data, size_t len)
{
	char *text = fuzz_cstr(data, len);
	struct sym_mapping *m;
	size_t n = sym_maps_parse(text, &m);
	sym_mappings_free(m, n);
	free(text);
}

static void run_folded(const uint8_t *data, size_t len)
{
	char *text = fuzz_cstr(data, len);
	struct folded_line *lines;
	size_t bad;
	ssize_t n = folded_parse(text, &lines, &bad);
	if (n > 0)
		folded_lines_free(lines, (size_t)n);
	free(text);
}

/* ---- ELF ---- */

enum {
	T_PHDR = sizeof(Elf64_Ehdr),
	T_NOTE = T_PHDR + 2 * sizeof(Elf64_Phdr),
	T_TEXT = 256,
	T_SYMTAB = 512,
	T_STRTAB = T_SYMTAB + 5 * sizeof(Elf64_Sym),
	T_SHSTRTAB = 704,
	T_DEBUGLINK = 832,
	T_SHDR = 896,
	T_NSECT = 8,
	T_SIZE = T_SHDR + T_NSECT * sizeof(Elf64_Shdr),
};

static const char strtab[] = "\0func_a\0func_b\0asm_entry\0local_c";
static const char shstrtab[] =
    "\0.text\0.symtab\0.strtab\0.shstrtab\0.gnu_debuglink\0.note.gnu.build-id\0.dynsym";

static void template_elf(uint8_t *t)
{
	memset(t, 0, T_SIZE);
	Elf64_Ehdr eh = {
	    .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
	    .e_type = ET_DYN,
	    .e_machine = EM_X86_64,
	    .e_version = EV_CURRENT,
	    .e_phoff = T_PHDR,
	    .e_shoff = T_SHDR,
	    .e_ehsize = sizeof(Elf64_Ehdr),
	    .e_phentsize = sizeof(Elf64_Phdr),
	    .e_phnum = 2,
	    .e_shentsize = sizeof(Elf64_Shdr),
	    .e_shnum = T_NSECT,
	    .e_shstrndx = 4,
	};
	memcpy(t, &eh, sizeof(eh));
	Elf64_Phdr ph[2] = {
	    {.p_type = PT_LOAD,
	     .p_flags = PF_R | PF_X,
	     .p_offset = 0,
	     .p_vaddr = 0,
	     .p_filesz = T_SIZE,
	     .p_memsz = T_SIZE},
	    {.p_type = PT_NOTE, .p_offset = T_NOTE, .p_filesz = 36},
	};
	memcpy(t + T_PHDR, ph, sizeof(ph));
	Elf64_Nhdr nh = {.n_namesz = 4, .n_descsz = 20, .n_type = NT_GNU_BUILD_ID};
	memcpy(t + T_NOTE, &nh, sizeof(nh));
	memcpy(t + T_NOTE + sizeof(nh), "GNU", 4);
	for (int i = 0; i < 20; i++)
		t[T_NOTE + sizeof(nh) + 4 + i] = (uint8_t)(0xa0 + i);
	Elf64_Sym syms[5] = {
	    {0},
	    {.st_name = 1,
	     .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
	     .st_shndx = 1,
	     .st_value = T_TEXT,
	     .st_size = 64},
	    {.st_name = 8,
	     .st_info = ELF64_ST_INFO(STB_WEAK, STT_FUNC),
	     .st_shndx = 1,
	     .st_value = T_TEXT + 64,
	     .st_size = 32},
	    {.st_name = 15,
	     .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
	     .st_shndx = 1,
	     .st_value = T_TEXT + 128},
	    {.st_name = 25,
	     .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
	     .st_shndx = 1,
	     .st_value = T_TEXT + 64,
	     .st_size = 16},
	};
	memcpy(t + T_SYMTAB, syms, sizeof(syms));
	memcpy(t + T_STRTAB, strtab, sizeof(strtab));
	memcpy(t + T_SHSTRTAB, shstrtab, sizeof(shstrtab));
	memcpy(t + T_DEBUGLINK, "prog.debug\0\0\x78\x56\x34\x12", 16);
	Elf64_Shdr sh[T_NSECT] = {
	    {0},
	    {.sh_name = 1, .sh_type = SHT_PROGBITS, .sh_addr = T_TEXT, .sh_offset = T_TEXT, .sh_size = 256},
	    {.sh_name = 7,
	     .sh_type = SHT_SYMTAB,
	     .sh_offset = T_SYMTAB,
	     .sh_size = sizeof(syms),
	     .sh_link = 3,
	     .sh_entsize = sizeof(Elf64_Sym)},
	    {.sh_name = 15, .sh_type = SHT_STRTAB, .sh_offset = T_STRTAB, .sh_size = sizeof(strtab)},
	    {.sh_name = 23, .sh_type = SHT_STRTAB, .sh_offset = T_SHSTRTAB, .sh_size = sizeof(shstrtab)},
	    {.sh_name = 33, .sh_type = SHT_PROGBITS, .sh_offset = T_DEBUGLINK, .sh_size = 16},
	    {.sh_name = 48, .sh_type = SHT_NOTE, .sh_offset = T_NOTE, .sh_size = 36},
	    {.sh_name = 67,
	     .sh_type = SHT_DYNSYM,
	     .sh_offset = T_SYMTAB,
	     .sh_size = sizeof(syms),
	     .sh_link = 3,
	     .sh_entsize = sizeof(Elf64_Sym)},
	};
	memcpy(t + T_SHDR, sh, sizeof(sh));
}

static void run_elf(const uint8_t *data, size_t len)
{
	static uint8_t t[T_SIZE];
	const uint8_t *file = t;
	size_t size = T_SIZE;
	if (len && data[0] == 'R') {
		file = data + 1;
		size = len - 1;
	} else {
		template_elf(t);
		for (size_t i = 0; i + 3 <= len; i += 3)
			t[(data[i] | (size_t)data[i + 1] << 8) % T_SIZE] = data[i + 2];
	}
	int fd = memfd_create("fuzz-elf", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (write(fd, file, size) != (ssize_t)size)
		abort();
	struct sym_elf *e;
	if (sym_elf_read(fd, &e) == 0) {
		uint64_t vaddr;
		uint32_t crc;
		size_t idlen;
		for (uint64_t a = T_TEXT - 8; a < T_TEXT + 300; a += 7)
			sym_elf_lookup(e, a);
		sym_elf_vaddr(e, T_TEXT + 4, &vaddr);
		sym_elf_debuglink(e, &crc);
		sym_elf_build_id(e, &idlen);
		sym_elf_count(e);
		sym_elf_free(e);
	}
	close(fd);
}

static const char *const kallsyms_seeds[] = {
    "ffffffff81000000 T _stext\nffffffff81000100 t do_one\nffffffffc0001000 t m\t[ext4]\n",
    "0000000000000000 T hidden\n",
    "ffffffff81000000 W weak\nffffffff81000000 T alias\nffffffff81000010 D data\n",
    NULL,
};
static const char *const perfmap_seeds[] = {
    "7f0000001000 40 jit_one\n0x7f0000001040 0x10 two words\r\n",
    "7f0000001000 0 zero\nzz 1 bad\n7f0000001000 ffffffffffffffff wrap\n",
    NULL,
};
static const char *const maps_seeds[] = {
    "55d0c0001000-55d0c0002000 r-xp 00001000 08:01 1234 /usr/bin/prog\n"
    "7f0000000000-7f0000010000 rwxp 00000000 00:00 0 \n"
    "7f1000000000-7f1000100000 r-xp 00028000 fd:02 99 /lib/libc.so.6 (deleted)\n",
    "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]\n",
    NULL,
};
static const char *const folded_seeds[] = {
    "app;main;work 30\ndb;main;read_[k] 2\n",
    "a b;c 1\n\nd 18446744073709551615\n",
    NULL,
};
/* Patches are (offset low, offset high, byte), offsets modulo the template's size (1408). */
static const char *const elf_seeds[] = {
    "\xbc\x05\xff",		/* e_shnum (60) */
    "\xbe\x05\x09",		/* e_shstrndx (62) */
    "\xb8\x05\xff\xb9\x05\xff", /* e_phnum (56) */
    "\x18\x02\x41",		/* the first symbol's name offset (536) */
    "R\x7f"
    "ELF\x02\x01\x01", /* a bare ELF header, truncated */
    NULL,
};

static const char *const demangle_seeds[] = {
    "_ZNSt6vectorIiSaIiEE9push_backERKi",
    "_ZN4core3fmt5write17h0123456789abcdefE",
    "_RNvCs15kBYyAo9fc_7mycrate4main",
    "_ZZN1a1bEvE1c",
    "_ZSt4moveIRSt6vectorIS0_IiSaIiEESaIS2_EEEONSt16remove_referenceIT_E4typeEOS7_",
    "_RINvNtC3std3mem8align_ofNtNtC3std3mem12ManuallyDropEB2_",
    NULL,
};

const struct fuzz_target fuzz_targets[] = {
    {"kallsyms", run_kallsyms, kallsyms_seeds}, {"perf-map", run_perfmap, perfmap_seeds},
    {"proc-maps", run_maps, maps_seeds},	{"folded", run_folded, folded_seeds},
    {"elf-symbols", run_elf, elf_seeds},	{"demangle", run_demangle, demangle_seeds},
};
const size_t fuzz_ntargets = sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
