/* runtime_meta.c - see runtime_meta.h. Owned by discovery and names.
 *
 * Three indexes are kept per root and rebuilt only when their file or
 * directory changes (mtime, size, inode): podman's containers.json, and
 * kubelet's var/log/containers and var/log/pods listings. Per-container
 * files (docker config.v2.json, OCI config.json bundles) are parsed once
 * into the few fields boxtop shows and cached by path with the same stamp,
 * so a steady tick costs one fstatat() per such file and no parsing.
 *
 * Every string taken from these files is untrusted: it is cut to
 * META_STR_MAX bytes on a UTF-8 boundary and stripped of control
 * characters here; escaping for a terminal or JSON is the renderers' job. */
#include "config.h"

#include "runtime_meta.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "json_parse.h"
#include "util.h"

#define META_STR_MAX 256
/* Largest runtime files read: a bundle config.json or config.v2.json is
 * 10-30 KiB; containers.json grows by about 700 bytes per container. */
#define META_FILE_MAX (4u << 20)
#define META_INDEX_MAX (64u << 20)
/* Cache entries not looked up for this many refreshes are dropped. */
#define META_KEEP_TICKS 2

static const char podman_index[] = "var/lib/containers/storage/overlay-containers/containers.json";
static const char k8s_logs[] = "var/log/containers";
static const char k8s_pods[] = "var/log/pods";

/* What identifies one version of a file: a rewrite (rename over it) changes
 * the inode, an edit in place the mtime or size. */
struct stamp {
	bool ok;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim;
};

/* The fields boxtop shows from one runtime file; NULL when absent. */
struct fields {
	char *name, *image, *hostname;
	char *ctype;	/* container type: "sandbox"/"container" (CRI), "podsandbox" (dockershim) */
	char *ctr_name; /* Kubernetes container name */
	char *pod_name, *pod_ns;
	char *sandbox_id; /* the pod's sandbox / podman infra container id */
};

enum file_kind { FILE_DOCKER, FILE_OCI };

/* A table of entries sorted by their leading string key; entries are
 * allocated one by one so pointers to them stay valid while it grows. */
struct ptab {
	void **v;
	size_t n, cap;
};

struct file_ent {
	char *rel; /* path relative to the root: the key, first for ptab_get */
	struct stamp st;
	struct fields f;
	uint64_t used;
};

struct pm_ent {
	char *id, *name, *image;
};

struct klog_ent {
	char *id, *pod, *ns, *ctr;
};

struct kpod_ent {
	char *uid, *ns, *pod;
};

struct host_ent {
	char *id; /* container id: the key, first for ptab_get */
	int32_t pid;
	char *hostname; /* NULL: that process's hostname was unusable */
	uint64_t used;
};

struct runtime_meta {
	int rootfd;
	uint64_t tick;
	struct stamp pm_st, klog_st, kpod_st;
	struct pm_ent *pm;
	size_t npm;
	struct klog_ent *klog;
	size_t nklog, capklog;
	struct kpod_ent *kpod;
	size_t nkpod, capkpod;
	struct ptab files; /* struct file_ent, by rel */
	struct ptab hosts; /* struct host_ent, by id */
};

/* ---- strings ---- */

/* Copies at most META_STR_MAX bytes of S, cut on a UTF-8 character boundary,
 * without control characters. NULL for NULL or an empty result. */
static char *clean_dup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strnlen(s, META_STR_MAX + 1);
	if (n > META_STR_MAX) {
		n = META_STR_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f)
			*o++ = (char)c;
	}
	*o = '\0';
	if (o == out) {
		free(out);
		return NULL;
	}
	return out;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static bool is_hex_str(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_id64(const char *s)
{
	return s && strlen(s) == 64 && is_hex_str(s, 64);
}

/* ---- kubelet names ---- */

/* Lowercase DNS label / subdomain characters. */
static bool dns_chars(const char *s, size_t n, bool dots)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (dots && c == '.')))
			return false;
	}
	return true;
}

static int copy_part(char *dst, size_t cap, const char *s, size_t n, bool dots)
{
	if (n >= cap || !dns_chars(s, n, dots))
		return -EINVAL;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Splits "A_B_C" (exactly two '_') into spans. */
static int split3(const char *s, size_t n, const char *part[3], size_t len[3])
{
	const char *u1 = memchr(s, '_', n);
	if (!u1)
		return -EINVAL;
	const char *u2 = memchr(u1 + 1, '_', n - (size_t)(u1 + 1 - s));
	if (!u2 || memchr(u2 + 1, '_', n - (size_t)(u2 + 1 - s)))
		return -EINVAL;
	part[0] = s, len[0] = (size_t)(u1 - s);
	part[1] = u1 + 1, len[1] = (size_t)(u2 - u1 - 1);
	part[2] = u2 + 1, len[2] = n - (size_t)(u2 + 1 - s);
	return 0;
}

int k8s_split_log_name(const char *name, struct k8s_log_name *out)
{
	size_t n = strlen(name);
	/* "<pod>_<ns>_<container>" "-" 64 hex ".log" */
	if (n < 1 + 65 + 4 || strcmp(name + n - 4, ".log") != 0)
		return -EINVAL;
	n -= 4;
	const char *id = name + n - 64;
	if (id[-1] != '-' || !is_hex_str(id, 64))
		return -EINVAL;
	memcpy(out->id, id, 64);
	out->id[64] = '\0';
	const char *part[3];
	size_t len[3];
	if (split3(name, n - 65, part, len) < 0 ||
	    copy_part(out->pod, sizeof(out->pod), part[0], len[0], true) < 0 ||
	    copy_part(out->ns, sizeof(out->ns), part[1], len[1], false) < 0 ||
	    copy_part(out->container, sizeof(out->container), part[2], len[2], false) < 0)
		return -EINVAL;
	return 0;
}

int k8s_split_pod_dir(const char *name, struct k8s_pod_dir *out)
{
	const char *part[3];
	size_t len[3];
	if (split3(name, strlen(name), part, len) < 0 ||
	    copy_part(out->ns, sizeof(out->ns), part[0], len[0], false) < 0 ||
	    copy_part(out->pod, sizeof(out->pod), part[1], len[1], true) < 0 || len[2] != 36)
		return -EINVAL;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = part[2][i];
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -EINVAL;
	}
	memcpy(out->uid, part[2], 36);
	out->uid[36] = '\0';
	return 0;
}

/* ---- stamps and file reads ---- */

static struct stamp stamp_at(int dirfd, const char *rel)
{
	struct stamp s = {0};
	struct stat st;
	if (fstatat(dirfd, rel, &st, 0) == 0) {
		s.ok = true;
		s.dev = st.st_dev;
		s.ino = st.st_ino;
		s.size = st.st_size;
		s.mtim = st.st_mtim;
	}
	return s;
}

static bool stamp_eq(const struct stamp *a, const struct stamp *b)
{
	if (!a->ok || !b->ok)
		return a->ok == b->ok;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtim.tv_sec == b->mtim.tv_sec && a->mtim.tv_nsec == b->mtim.tv_nsec;
}

/* Parses REL as JSON; NULL when missing, too large or malformed. */
static struct json_doc *load_json(int rootfd, const char *rel, size_t max)
{
	char *text;
	ssize_t len = read_file_alloc_at(rootfd, rel, max, &text);
	if (len < 0)
		return NULL;
	struct json_doc *doc;
	int r = json_parse(text, (size_t)len, &doc);
	free(text);
	return r < 0 ? NULL : doc;
}

/* ---- per-file cache ---- */

static void fields_clear(struct fields *f)
{
	free(f->name);
	free(f->image);
	free(f->hostname);
	free(f->ctype);
	free(f->ctr_name);
	free(f->pod_name);
	free(f->pod_ns);
	free(f->sandbox_id);
	memset(f, 0, sizeof(*f));
}

/* The first string annotation of KEYS found in ANN. */
static char *first_of(const struct json_value *ann, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = json_get_str(ann, *keys);
		if (v)
			return clean_dup(v);
	}
	return NULL;
}

/* docker's config.v2.json: name, image and, under dockershim, the
 * Kubernetes labels. */
static void extract_docker(const struct json_value *root, struct fields *f)
{
	const char *name = json_get_str(root, "Name");
	if (name && name[0] == '/')
		name++;
	f->name = clean_dup(name);
	const struct json_value *cfg = json_get(root, "Config");
	f->image = clean_dup(json_get_str(cfg, "Image"));
	const struct json_value *labels = json_get(cfg, "Labels");
	f->ctype = clean_dup(json_get_str(labels, "io.kubernetes.docker.type"));
	f->ctr_name = clean_dup(json_get_str(labels, "io.kubernetes.container.name"));
	f->pod_name = clean_dup(json_get_str(labels, "io.kubernetes.pod.name"));
	f->pod_ns = clean_dup(json_get_str(labels, "io.kubernetes.pod.namespace"));
}

/* An OCI bundle config.json (podman userdata, containerd task bundle,
 * CRI-O): the hostname and the CRI annotations, containerd's or CRI-O's. */
static void extract_oci(const struct json_value *root, struct fields *f)
{
	static const char *const ctype[] = {"io.kubernetes.cri.container-type",
					    "io.kubernetes.cri-o.ContainerType", NULL};
	static const char *const ctr[] = {"io.kubernetes.cri.container-name", "io.kubernetes.container.name",
					  NULL};
	static const char *const pod[] = {"io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name", NULL};
	static const char *const ns[] = {"io.kubernetes.cri.sandbox-namespace", "io.kubernetes.pod.namespace",
					 NULL};
	static const char *const image[] = {"io.kubernetes.cri.image-name", "io.kubernetes.cri-o.ImageName",
					    NULL};
	static const char *const sandbox[] = {"io.kubernetes.cri.sandbox-id", "io.kubernetes.cri-o.SandboxID",
					      NULL};
	const struct json_value *ann = json_get(root, "annotations");
	f->hostname = clean_dup(json_get_str(root, "hostname"));
	f->ctype = first_of(ann, ctype);
	f->ctr_name = first_of(ann, ctr);
	f->pod_name = first_of(ann, pod);
	f->pod_ns = first_of(ann, ns);
	f->image = first_of(ann, image);
	f->sandbox_id = first_of(ann, sandbox);
}

/* The entry whose key (its first member, a char *) is KEY; with INSERT, a
 * new zeroed entry of SIZE bytes holding a copy of KEY when there is none
 * (*CREATED tells). */
static void *ptab_get(struct ptab *t, const char *key, size_t size, bool *created)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(*(char **)t->v[mid], key);
		if (c == 0) {
			*created = false;
			return t->v[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	memmove(t->v + lo + 1, t->v + lo, (t->n - lo) * sizeof(*t->v));
	void *e = xcalloc(1, size);
	*(char **)e = xstrdup(key);
	t->v[lo] = e;
	t->n++;
	*created = true;
	return e;
}

/* Frees, through FREE_ENT, the entries whose last use is older than
 * META_KEEP_TICKS refreshes; USED_OF reads an entry's last use. */
static void ptab_prune(struct ptab *t, uint64_t tick, uint64_t (*used_of)(const void *),
		       void (*free_ent)(void *))
{
	size_t out = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (used_of(t->v[i]) + META_KEEP_TICKS < tick)
			free_ent(t->v[i]);
		else
			t->v[out++] = t->v[i];
	}
	t->n = out;
}

/* The cached fields of file REL (relative to the root), re-read when its
 * stamp changed. Never NULL; all fields NULL when the file is unusable. */
static const struct fields *file_fields(struct runtime_meta *m, const char *rel, enum file_kind kind)
{
	bool created;
	struct file_ent *e = ptab_get(&m->files, rel, sizeof(*e), &created);
	e->used = m->tick;
	struct stamp st = stamp_at(m->rootfd, rel);
	if (!created && stamp_eq(&st, &e->st))
		return &e->f;
	e->st = st;
	fields_clear(&e->f);
	if (!st.ok)
		return &e->f;
	struct json_doc *doc = load_json(m->rootfd, rel, META_FILE_MAX);
	if (doc) {
		if (kind == FILE_DOCKER)
			extract_docker(json_root(doc), &e->f);
		else
			extract_oci(json_root(doc), &e->f);
		json_free(doc);
	}
	return &e->f;
}

/* ---- indexes ---- */

static int pm_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pm_ent *)a)->id, ((const struct pm_ent *)b)->id);
}

static int klog_cmp(const void *a, const void *b)
{
	return strcmp(((const struct klog_ent *)a)->id, ((const struct klog_ent *)b)->id);
}

static int kpod_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kpod_ent *)a)->uid, ((const struct kpod_ent *)b)->uid);
}

static void pm_clear(struct runtime_meta *m)
{
	for (size_t i = 0; i < m->npm; i++) {
		free(m->pm[i].id);
		free(m->pm[i].name);
		free(m->pm[i].image);
	}
	free(m->pm);
	m->pm = NULL;
	m->npm = 0;
}

static void klog_clear(struct runtime_meta *m)
{
	for (size_t i = 0; i < m->nklog; i++) {
		free(m->klog[i].id);
		free(m->klog[i].pod);
		free(m->klog[i].ns);
		free(m->klog[i].ctr);
	}
	free(m->klog);
	m->klog = NULL;
	m->nklog = m->capklog = 0;
}

static void kpod_clear(struct runtime_meta *m)
{
	for (size_t i = 0; i < m->nkpod; i++) {
		free(m->kpod[i].uid);
		free(m->kpod[i].ns);
		free(m->kpod[i].pod);
	}
	free(m->kpod);
	m->kpod = NULL;
	m->nkpod = m->capkpod = 0;
}

/* podman's containers.json: [{"id", "names": [...], "metadata": "<JSON
 * text with image-name>"}, ...]. */
static void load_podman_index(struct runtime_meta *m)
{
	pm_clear(m);
	struct json_doc *doc = load_json(m->rootfd, podman_index, META_INDEX_MAX);
	const struct json_value *arr = json_root(doc);
	if (!arr || arr->type != JSON_ARRAY) {
		json_free(doc);
		return;
	}
	m->pm = xcalloc(arr->len, sizeof(*m->pm));
	for (const struct json_value *c = arr->child; c; c = c->next) {
		const char *id = json_get_str(c, "id");
		if (!is_id64(id))
			continue;
		struct pm_ent *e = &m->pm[m->npm++];
		e->id = xstrdup(id);
		const struct json_value *first = json_at(json_get(c, "names"), 0);
		e->name = clean_dup(first && first->type == JSON_STRING ? first->str : NULL);
		const char *md = json_get_str(c, "metadata");
		struct json_doc *mdoc;
		if (md && json_parse(md, strlen(md), &mdoc) == 0) {
			e->image = clean_dup(json_get_str(json_root(mdoc), "image-name"));
			json_free(mdoc);
		}
	}
	json_free(doc);
	sort_array(m->pm, m->npm, sizeof(*m->pm), pm_cmp);
}

/* Reads the names in directory REL, calling ADD for each. */
static void scan_dir_names(struct runtime_meta *m, const char *rel,
			   void (*add)(struct runtime_meta *, const char *))
{
	int fd = openat(m->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)))
		add(m, de->d_name);
	closedir(d);
}

static void add_klog(struct runtime_meta *m, const char *name)
{
	struct k8s_log_name ln;
	if (k8s_split_log_name(name, &ln) < 0)
		return;
	if (m->nklog == m->capklog) {
		m->capklog = m->capklog ? m->capklog * 2 : 16;
		m->klog = xrealloc(m->klog, m->capklog * sizeof(*m->klog));
	}
	struct klog_ent *e = &m->klog[m->nklog++];
	e->id = xstrdup(ln.id);
	e->pod = xstrdup(ln.pod);
	e->ns = xstrdup(ln.ns);
	e->ctr = xstrdup(ln.container);
}

static void add_kpod(struct runtime_meta *m, const char *name)
{
	struct k8s_pod_dir pd;
	if (k8s_split_pod_dir(name, &pd) < 0)
		return;
	if (m->nkpod == m->capkpod) {
		m->capkpod = m->capkpod ? m->capkpod * 2 : 16;
		m->kpod = xrealloc(m->kpod, m->capkpod * sizeof(*m->kpod));
	}
	struct kpod_ent *e = &m->kpod[m->nkpod++];
	e->uid = xstrdup(pd.uid);
	e->ns = xstrdup(pd.ns);
	e->pod = xstrdup(pd.pod);
}

static void load_k8s_logs(struct runtime_meta *m)
{
	klog_clear(m);
	scan_dir_names(m, k8s_logs, add_klog);
	sort_array(m->klog, m->nklog, sizeof(*m->klog), klog_cmp);
}

static void load_k8s_pods(struct runtime_meta *m)
{
	kpod_clear(m);
	scan_dir_names(m, k8s_pods, add_kpod);
	sort_array(m->kpod, m->nkpod, sizeof(*m->kpod), kpod_cmp);
}

static const struct pm_ent *pm_find(const struct runtime_meta *m, const char *id)
{
	struct pm_ent key = {.id = (char *)id};
	return id && m->npm ? bsearch(&key, m->pm, m->npm, sizeof(*m->pm), pm_cmp) : NULL;
}

static const struct klog_ent *klog_find(const struct runtime_meta *m, const char *id)
{
	struct klog_ent key = {.id = (char *)id};
	return id && m->nklog ? bsearch(&key, m->klog, m->nklog, sizeof(*m->klog), klog_cmp) : NULL;
}

static const struct kpod_ent *kpod_find(const struct runtime_meta *m, const char *uid)
{
	struct kpod_ent key = {.uid = (char *)uid};
	return uid && m->nkpod ? bsearch(&key, m->kpod, m->nkpod, sizeof(*m->kpod), kpod_cmp) : NULL;
}

/* ---- hostname fallback ---- */

/* A hostname as RFC 1123 allows it (plus '_', which runtimes accept). */
static bool valid_hostname(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* Reads /etc/hostname of the container PID runs in, through its
 * /proc/PID/root, without ever leaving that root: the container's owner
 * controls every path component there. RESOLVE_IN_ROOT makes absolute
 * links and ".." resolve inside it, RESOLVE_NO_MAGICLINKS refuses
 * /proc/self/... style links. The file is first opened O_PATH and checked
 * to be a small regular file, then reopened through its own fd, because
 * opening a device node or FIFO for reading has effects before fstat could
 * refuse it. Without openat2 (kernel < 5.6) nothing is read. */
static char *read_container_hostname(int rootfd, int32_t pid)
{
	char rel[40];
	snprintf(rel, sizeof(rel), "proc/%d/root", (int)pid);
	int croot = openat(rootfd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (croot < 0)
		return NULL;
	struct open_how how = {
	    .flags = O_PATH | O_CLOEXEC,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int pfd = (int)syscall(SYS_openat2, croot, "etc/hostname", &how, sizeof(how));
	close(croot);
	if (pfd < 0)
		return NULL;
	struct stat st;
	char buf[META_STR_MAX + 1];
	char *out = NULL;
	if (fstat(pfd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= META_STR_MAX) {
		char self[40];
		snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
		ssize_t n = read_file_at(AT_FDCWD, self, buf, sizeof(buf));
		if (n > 0) {
			size_t len = strcspn(buf, "\n");
			if (valid_hostname(buf, len))
				out = xstrndup(buf, len);
		}
	}
	close(pfd);
	return out;
}

/* The hostname of container ID as seen through PID, cached per container
 * and re-read only when asked through another process (PID 0: none known,
 * the cached one if any). */
static const char *container_hostname(struct runtime_meta *m, const char *id, int32_t pid)
{
	bool created;
	struct host_ent *e = ptab_get(&m->hosts, id, sizeof(*e), &created);
	e->used = m->tick;
	if (pid > 0 && pid != e->pid) {
		free(e->hostname);
		e->hostname = read_container_hostname(m->rootfd, pid);
		e->pid = pid;
	}
	return e->hostname;
}

/* ---- lifetime ---- */

struct runtime_meta *runtime_meta_new(const char *root)
{
	struct runtime_meta *m = xcalloc(1, sizeof(*m));
	m->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	runtime_meta_refresh(m);
	return m;
}

static void file_ent_free(void *p)
{
	struct file_ent *e = p;
	fields_clear(&e->f);
	free(e->rel);
	free(e);
}

static void host_ent_free(void *p)
{
	struct host_ent *e = p;
	free(e->id);
	free(e->hostname);
	free(e);
}

void runtime_meta_free(struct runtime_meta *m)
{
	if (!m)
		return;
	pm_clear(m);
	klog_clear(m);
	kpod_clear(m);
	for (size_t i = 0; i < m->files.n; i++)
		file_ent_free(m->files.v[i]);
	free(m->files.v);
	for (size_t i = 0; i < m->hosts.n; i++)
		host_ent_free(m->hosts.v[i]);
	free(m->hosts.v);
	if (m->rootfd >= 0)
		close(m->rootfd);
	free(m);
}

static uint64_t file_ent_used(const void *e)
{
	return ((const struct file_ent *)e)->used;
}

static uint64_t host_ent_used(const void *e)
{
	return ((const struct host_ent *)e)->used;
}

void runtime_meta_refresh(struct runtime_meta *m)
{
	m->tick++;
	/* containers not looked up lately are gone: forget their files */
	ptab_prune(&m->files, m->tick, file_ent_used, file_ent_free);
	ptab_prune(&m->hosts, m->tick, host_ent_used, host_ent_free);
	struct stamp st = stamp_at(m->rootfd, podman_index);
	if (!stamp_eq(&st, &m->pm_st)) {
		m->pm_st = st;
		load_podman_index(m);
	}
	st = stamp_at(m->rootfd, k8s_logs);
	if (!stamp_eq(&st, &m->klog_st)) {
		m->klog_st = st;
		load_k8s_logs(m);
	}
	st = stamp_at(m->rootfd, k8s_pods);
	if (!stamp_eq(&st, &m->kpod_st)) {
		m->kpod_st = st;
		load_k8s_pods(m);
	}
}

/* ---- lookup ---- */

static bool str_is(const char *s, const char *lit)
{
	return s && strcmp(s, lit) == 0;
}

static const struct fields *podman_config(struct runtime_meta *m, const char *id)
{
	char rel[160];
	snprintf(rel, sizeof(rel), "var/lib/containers/storage/overlay-containers/%s/userdata/config.json",
		 id);
	return file_fields(m, rel, FILE_OCI);
}

/* podman names a pod's infra container "<first 12 hex of the pod id>-infra"
 * and gives it the pod's name as hostname. */
static bool is_infra_name(const char *name, const char *pod_id)
{
	if (!name || strlen(name) != 18 || strcmp(name + 12, "-infra") != 0 || !is_hex_str(name, 12))
		return false;
	return !pod_id || strncmp(name, pod_id, 12) == 0;
}

static const char *podman_pod_name(struct runtime_meta *m, const char *pod_id)
{
	for (size_t i = 0; i < m->npm; i++)
		if (is_infra_name(m->pm[i].name, pod_id))
			return podman_config(m, m->pm[i].id)->hostname;
	return NULL;
}

static void lookup_podman(struct runtime_meta *m, const struct cg_node *node, struct meta_info *info)
{
	const struct pm_ent *pe = pm_find(m, node->container_id);
	const struct fields *cfg = podman_config(m, node->container_id);
	if (pe) {
		info->name = dup_or_null(pe->name);
		info->image = dup_or_null(pe->image);
	}
	if (str_is(cfg->ctype, "sandbox") || (pe && is_infra_name(pe->name, node->pod_uid))) {
		info->is_sandbox = true;
		info->pod = dup_or_null(cfg->hostname);
	} else if (is_id64(cfg->sandbox_id)) {
		info->pod = dup_or_null(podman_config(m, cfg->sandbox_id)->hostname);
	} else if (node->pod_uid) {
		info->pod = dup_or_null(podman_pod_name(m, node->pod_uid));
	}
}

static void lookup_docker(struct runtime_meta *m, const struct cg_node *node, struct meta_info *info)
{
	char rel[160];
	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json", node->container_id);
	const struct fields *f = file_fields(m, rel, FILE_DOCKER);
	info->image = dup_or_null(f->image);
	/* dockershim: the Kubernetes labels name the container and its pod */
	info->pod = dup_or_null(f->pod_name);
	info->k8s_namespace = dup_or_null(f->pod_ns);
	if (str_is(f->ctype, "podsandbox")) {
		info->is_sandbox = true;
		if (f->pod_name)
			info->name = xasprintf("%s (sandbox)", f->pod_name);
	}
	if (!info->name)
		info->name = dup_or_null(f->ctr_name ? f->ctr_name : f->name);
}

static const struct fields *cri_bundle(struct runtime_meta *m, const struct cg_node *node)
{
	char rel[200];
	if (node->runtime == RUNTIME_CONTAINERD) {
		snprintf(rel, sizeof(rel),
			 "run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json",
			 node->container_id);
		return file_fields(m, rel, FILE_OCI);
	}
	snprintf(rel, sizeof(rel), "run/containers/storage/overlay-containers/%s/userdata/config.json",
		 node->container_id);
	const struct fields *f = file_fields(m, rel, FILE_OCI);
	if (f->ctype)
		return f;
	snprintf(rel, sizeof(rel), "var/lib/containers/storage/overlay-containers/%s/userdata/config.json",
		 node->container_id);
	return file_fields(m, rel, FILE_OCI);
}

/* containerd and CRI-O under kubelet: kubelet's log link names the app
 * containers; sandboxes have none, and are also marked in their bundle. */
static void lookup_cri(struct runtime_meta *m, const struct cg_node *node, struct meta_info *info)
{
	const struct klog_ent *le = klog_find(m, node->container_id);
	const struct fields *b = cri_bundle(m, node);
	const struct kpod_ent *pe = kpod_find(m, node->pod_uid);
	info->image = dup_or_null(b->image);
	if (le) {
		info->name = xstrdup(le->ctr);
		info->pod = xstrdup(le->pod);
		info->k8s_namespace = xstrdup(le->ns);
		return;
	}
	info->pod = dup_or_null(b->pod_name ? b->pod_name : pe ? pe->pod : NULL);
	info->k8s_namespace = dup_or_null(b->pod_ns ? b->pod_ns : pe ? pe->ns : NULL);
	/* kubelet logs every app container, so inside a known pod a container
	 * without a log link and without a CRI type is the sandbox */
	info->is_sandbox = str_is(b->ctype, "sandbox") || (!b->ctype && pe);
	if (info->is_sandbox && info->pod)
		info->name = xasprintf("%s (sandbox)", info->pod);
	else if (!info->is_sandbox)
		info->name = dup_or_null(b->ctr_name);
}

static void lookup_pod(struct runtime_meta *m, const struct cg_node *node, struct meta_info *info)
{
	if (node->runtime == RUNTIME_PODMAN) {
		info->pod = dup_or_null(podman_pod_name(m, node->pod_uid));
		info->name = dup_or_null(info->pod);
		return;
	}
	const struct kpod_ent *pe = kpod_find(m, node->pod_uid);
	if (pe) {
		info->pod = xstrdup(pe->pod);
		info->k8s_namespace = xstrdup(pe->ns);
		info->name = xasprintf("%s/%s", pe->ns, pe->pod);
	}
}

void runtime_meta_lookup(struct runtime_meta *m, const struct cg_node *node, int32_t pid,
			 struct meta_info *info)
{
	memset(info, 0, sizeof(*info));
	/* ids become path components below: only runtimes' hex ids qualify */
	bool has_id = node->runtime == RUNTIME_LXC ? node->container_id && node->container_id[0]
						   : is_id64(node->container_id);
	switch (node->kind) {
	case GROUP_POD:
		if (node->pod_uid)
			lookup_pod(m, node, info);
		break;
	case GROUP_CONTAINER:
	case GROUP_SANDBOX:
		if (!has_id)
			break;
		switch (node->runtime) {
		case RUNTIME_DOCKER:
			lookup_docker(m, node, info);
			break;
		case RUNTIME_PODMAN:
			lookup_podman(m, node, info);
			break;
		case RUNTIME_CONTAINERD:
		case RUNTIME_CRIO:
			lookup_cri(m, node, info);
			break;
		default: /* LXC: the id is the container's name */
			info->name = xstrdup(node->container_id);
			break;
		}
		if (!info->name)
			info->name = dup_or_null(container_hostname(m, node->container_id, pid));
		if (!info->name)
			info->name = xstrndup(node->container_id, 12);
		break;
	case GROUP_SERVICE:
		info->name = dup_or_null(node->unit);
		break;
	default:
		break;
	}
	if (!info->name && node->kind == GROUP_POD && node->pod_uid)
		info->name = xstrndup(node->pod_uid, node->runtime == RUNTIME_PODMAN ? 12 : 36);
	if (!info->name)
		info->name = xstrdup(node->path ? node->path : "/");
}

void meta_info_clear(struct meta_info *info)
{
	free(info->name);
	free(info->image);
	free(info->pod);
	free(info->k8s_namespace);
	memset(info, 0, sizeof(*info));
}
