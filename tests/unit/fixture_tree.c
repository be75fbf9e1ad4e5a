// SPDX-License-Identifier: MIT
/*
 * Composition of fixture trees (see fixture_tree.h and
 * tests/fixtures/README.md). Every write into the scratch tree goes through
 * directory descriptors opened with O_NOFOLLOW, and an overlay replaces a
 * link rather than writing through it, so a link in a base can never lead
 * a later layer out of the tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fixture_tree.h"

#define MAX_DEPTH 8 /* layers in one stack */
#define MAX_REMOVE 96
#define MAX_NODES 16
#define NAME_LEN 128
#define PATH_LEN 256
#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

struct node {
	char path[PATH_LEN];
	char mode[8]; /* octal, or "-": no device here */
	char group[32];
};

/* One tree of a stack, as its .fixture describes it. */
struct layer {
	char name[NAME_LEN];
	char base[NAME_LEN];
	char remove[MAX_REMOVE][PATH_LEN];
	size_t nremove;
	struct node node[MAX_NODES];
	size_t nnode;
};

const char *fixture_dir(void)
{
	const char *d = getenv("FIXTURE_DIR");

	return d && *d ? d : "tests/fixtures";
}

__attribute__((format(printf, 2, 3))) static int fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fixture %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* A relative path that stays below where it starts: no "", ".", "..", "/x". */
static bool path_ok(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/' || strlen(p) >= PATH_LEN)
		return false;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/' && !*++c)
			return false;
	}
	return true;
}

/* A relative link target that climbs above the top of the tree. An absolute
 * one names a path inside the tree, as the tools read it under --root. */
static bool link_escapes(const char *rel, const char *target)
{
	const char *c;
	long depth = 0;

	if (target[0] == '/')
		return false;
	for (c = rel; *c; c++)
		depth += *c == '/';
	for (c = target; *c;) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			depth--;
		else if (n && !(n == 1 && c[0] == '.'))
			depth++;
		if (depth < 0)
			return true;
		c += n + (c[n] == '/');
	}
	return false;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_node(struct layer *l, const char *v)
{
	struct node x = { 0 };
	size_t i;

	if (sscanf(v, "%255s %7s %31s", x.path, x.mode, x.group) < 2 || !path_ok(x.path) ||
	    (strcmp(x.mode, "-") && (!x.group[0] || strspn(x.mode, "01234567") != strlen(x.mode))))
		return fail(l->name, "node = \"%s\": PATH MODE GROUP or PATH -", v);
	for (i = 0; i < l->nnode; i++)
		if (!strcmp(l->node[i].path, x.path))
			return fail(l->name, "node %s listed twice", x.path);
	if (l->nnode == MAX_NODES)
		return fail(l->name, "more than %d nodes", MAX_NODES);
	l->node[l->nnode++] = x;
	return 0;
}

static int parse_line(struct layer *l, char *line, bool *has_base)
{
	char *eq = strchr(line, '='), *key, *v;

	if (!eq)
		return fail(l->name, ".fixture: \"%s\" is not KEY = VALUE", line);
	*eq = '\0';
	key = trim(line);
	v = trim(eq + 1);
	if (!strcmp(key, "base")) {
		if (*has_base)
			return fail(l->name, ".fixture names two bases");
		if (strcmp(v, "none") && !path_ok(v))
			return fail(l->name, "base \"%s\" is not a tree's name", v);
		snprintf(l->base, sizeof(l->base), "%s", v);
		*has_base = true;
		return 0;
	}
	if (!strcmp(key, "remove")) {
		if (!path_ok(v))
			return fail(l->name, "remove = \"%s\" is not a plain path inside the tree",
				    v);
		if (l->nremove == MAX_REMOVE)
			return fail(l->name, "more than %d removals", MAX_REMOVE);
		snprintf(l->remove[l->nremove++], PATH_LEN, "%s", v);
		return 0;
	}
	if (!strcmp(key, "node"))
		return parse_node(l, v);
	return fail(l->name, ".fixture: unknown key \"%s\"", key);
}

static int read_layer(const char *name, struct layer *l)
{
	char path[512], line[512];
	bool has_base = false;
	int err = 0;
	FILE *f;

	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s/.fixture", fixture_dir(), name);
	f = fopen(path, "r");
	if (!f)
		return fail(name, "no tree here (%s: %s)", path, strerror(errno));
	while (!err && fgets(line, sizeof(line), f)) {
		char *s = trim(line);

		if (*s && *s != '#')
			err = parse_line(l, s, &has_base);
	}
	fclose(f);
	if (!err && !has_base)
		err = fail(name, ".fixture names no base (\"base = none\" for a tree on its own)");
	return err;
}

/* The stack below @name, its own tree last: layers[0] is the one on its own. */
static int read_stack(const char *name, struct layer *layers, size_t *n)
{
	struct layer tmp;
	size_t i, k;

	if (!path_ok(name) || strlen(name) >= NAME_LEN)
		return fail(name, "not a tree's name");
	for (k = 0;; k++) {
		for (i = 0; i < k; i++)
			if (!strcmp(layers[i].name, name))
				return fail(layers[0].name, "its bases form a cycle at %s", name);
		if (k == MAX_DEPTH)
			return fail(layers[0].name, "more than %d layers", MAX_DEPTH);
		if (read_layer(name, &layers[k]))
			return -1;
		if (!strcmp(layers[k].base, "none"))
			break;
		name = layers[k].base;
	}
	*n = k + 1;
	for (i = 0; i < *n / 2; i++) {
		tmp = layers[i];
		layers[i] = layers[*n - 1 - i];
		layers[*n - 1 - i] = tmp;
	}
	return 0;
}

/* Remove @name in @dfd and all below it, following no link. */
static int rm_at(int dfd, const char *name)
{
	struct dirent *e;
	struct stat st;
	int fd, err = 0;
	DIR *d;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dfd, name, 0);
	fd = openat(dfd, name, DIR_FLAGS);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			err |= rm_at(dirfd(d), e->d_name);
	closedir(d);
	return err || unlinkat(dfd, name, AT_REMOVEDIR) ? -1 : 0;
}

int fixture_remove(const char *path)
{
	return rm_at(AT_FDCWD, path);
}

/* The directory holding @path's last component, reached without a link;
 * @leaf points into @path at that component. */
static int open_parent(int top, const char *path, const char **leaf)
{
	char comp[PATH_LEN];
	const char *c = path, *slash;
	int fd = dup(top), next;

	while (fd >= 0 && (slash = strchr(c, '/'))) {
		snprintf(comp, sizeof(comp), "%.*s", (int)(slash - c), c);
		next = openat(fd, comp, DIR_FLAGS);
		close(fd);
		fd = next;
		c = slash + 1;
	}
	*leaf = c;
	return fd;
}

static void close_pair(int a, int b)
{
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
}

struct job {
	const char *name; /* the layer being laid */
	char rel[PATH_LEN]; /* where in the tree */
};

static int copy_dir(struct job *j, int sfd, int dfd, bool top);

static int copy_file(struct job *j, int sfd, int dfd, const char *n, const struct stat *st)
{
	char buf[8192];
	ssize_t got = 0;
	int in, out, err = 0;

	in = openat(sfd, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	out = openat(dfd, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	while (in >= 0 && out >= 0 && (got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)got) != got)
			err = -1;
	if (in < 0 || out < 0 || got < 0 || err || fchmod(out, st->st_mode & 07777))
		err = fail(j->name, "cannot copy %s: %s", j->rel, strerror(errno));
	close_pair(in, out);
	return err;
}

static int copy_link(struct job *j, int sfd, int dfd, const char *n)
{
	char target[PATH_LEN];
	ssize_t len = readlinkat(sfd, n, target, sizeof(target) - 1);

	if (len < 0)
		return fail(j->name, "cannot read the link %s: %s", j->rel, strerror(errno));
	target[len] = '\0';
	if (link_escapes(j->rel, target))
		return fail(j->name, "the link %s -> %s leaves the tree", j->rel, target);
	if (symlinkat(target, dfd, n))
		return fail(j->name, "cannot make the link %s: %s", j->rel, strerror(errno));
	return 0;
}

static int copy_subdir(struct job *j, int sfd, int dfd, const char *n, const struct stat *st)
{
	int s = openat(sfd, n, DIR_FLAGS), d = -1, err;

	if (!mkdirat(dfd, n, 0700) || errno == EEXIST)
		d = openat(dfd, n, DIR_FLAGS);
	err = s < 0 || d < 0 ? fail(j->name, "cannot open %s: %s", j->rel, strerror(errno)) :
			       copy_dir(j, s, d, false);
	/* the directory's mode is the layer's, as cp -a leaves it */
	if (!err && fchmod(d, st->st_mode & 07777))
		err = fail(j->name, "cannot set the mode of %s: %s", j->rel, strerror(errno));
	close_pair(s, d);
	return err;
}

/* Lay @n of @sfd over @dfd: a file or link replaces what the base had there
 * (never written through), a directory merges with the base's. */
static int copy_entry(struct job *j, int sfd, int dfd, const char *n)
{
	struct stat st, had;
	bool exists;

	if (fstatat(sfd, n, &st, AT_SYMLINK_NOFOLLOW))
		return fail(j->name, "cannot read %s: %s", j->rel, strerror(errno));
	exists = !fstatat(dfd, n, &had, AT_SYMLINK_NOFOLLOW);
	if (exists && S_ISDIR(st.st_mode) != S_ISDIR(had.st_mode))
		return fail(j->name, "%s is a %s where its base has a %s", j->rel,
			    S_ISDIR(st.st_mode) ? "directory" : "file or link",
			    S_ISDIR(had.st_mode) ? "directory" : "file or link");
	if (S_ISDIR(st.st_mode))
		return copy_subdir(j, sfd, dfd, n, &st);
	if (exists && unlinkat(dfd, n, 0))
		return fail(j->name, "cannot replace %s: %s", j->rel, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return copy_link(j, sfd, dfd, n);
	if (S_ISREG(st.st_mode))
		return copy_file(j, sfd, dfd, n, &st);
	return fail(j->name, "%s is not a file, a directory or a link", j->rel);
}

/* At the top of a layer, dot files are the fixture's own (.fixture,
 * .description, .expect, ...), not part of the tree. */
static int copy_dir(struct job *j, int sfd, int dfd, bool top)
{
	size_t len = strlen(j->rel), nl;
	struct dirent *e;
	int fd = dup(sfd), err = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return fail(j->name, "cannot list %s: %s", len ? j->rel : ".", strerror(errno));
	}
	while (!err && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (top && e->d_name[0] == '.'))
			continue;
		nl = strlen(e->d_name);
		if (len + 1 + nl >= sizeof(j->rel)) {
			err = fail(j->name, "a path below %s is too long", j->rel);
			break;
		}
		if (len)
			j->rel[len] = '/';
		memcpy(j->rel + len + !!len, e->d_name, nl + 1);
		err = copy_entry(j, sfd, dfd, e->d_name);
		j->rel[len] = '\0';
	}
	closedir(d);
	return err;
}

static int apply_removals(const struct layer *l, int src, int dest)
{
	const char *leaf;
	struct stat st;
	size_t i;
	int pfd, err = 0;

	for (i = 0; i < l->nremove && !err; i++) {
		const char *r = l->remove[i];

		if (!fstatat(src, r, &st, AT_SYMLINK_NOFOLLOW) && !S_ISDIR(st.st_mode))
			return fail(l->name, "%s is both removed and overlaid", r);
		pfd = open_parent(dest, r, &leaf);
		if (pfd < 0 || fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW))
			err = fail(l->name,
				   "removes %s, which its base does not have (or only "
				   "behind a link)",
				   r);
		else if (rm_at(pfd, leaf))
			err = fail(l->name, "cannot remove %s: %s", r, strerror(errno));
		if (pfd >= 0)
			close(pfd);
	}
	return err;
}

static int lay(const struct layer *l, int dest)
{
	char path[512];
	struct job j = { .name = l->name };
	int src, err;

	snprintf(path, sizeof(path), "%s/%s", fixture_dir(), l->name);
	src = open(path, DIR_FLAGS);
	if (src < 0)
		return fail(l->name, "cannot open %s: %s", path, strerror(errno));
	err = apply_removals(l, src, dest);
	if (!err)
		err = copy_dir(&j, src, dest, true);
	close(src);
	return err;
}

/* The gid of group @name in the composed tree's etc/group, or 0. */
static gid_t group_gid(int dest, const char *name)
{
	char line[256];
	const char *leaf;
	size_t n = strlen(name);
	int pfd = open_parent(dest, "etc/group", &leaf);
	int fd = pfd >= 0 ? openat(pfd, leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	long gid = -1;

	if (pfd >= 0)
		close(pfd);
	if (!f && fd >= 0)
		close(fd);
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, n) && line[n] == ':') {
			char *p = strchr(line + n + 1, ':');

			gid = p ? strtol(p + 1, NULL, 10) : -1;
			break;
		}
	}
	if (f)
		fclose(f);
	return gid >= 0 ? (gid_t)gid : 0;
}

/* Character devices as 1:3 (/dev/null): opening one never reaches hardware.
 * A later layer's line for a path replaces an earlier one's. */
static bool make_nodes(const struct layer *layers, size_t n, int dest)
{
	const struct node *all[MAX_DEPTH * MAX_NODES];
	size_t cnt = 0, i, k, m;
	bool ok = true;

	for (k = 0; k < n; k++)
		for (m = 0; m < layers[k].nnode; m++) {
			for (i = 0; i < cnt && strcmp(all[i]->path, layers[k].node[m].path); i++)
				;
			all[i] = &layers[k].node[m];
			cnt += i == cnt;
		}
	for (i = 0; i < cnt; i++) {
		const char *leaf;
		int pfd;

		if (!strcmp(all[i]->mode, "-"))
			continue;
		pfd = open_parent(dest, all[i]->path, &leaf);
		if (pfd < 0) {
			ok = false;
			continue;
		}
		unlinkat(pfd, leaf, 0);
		if (mknodat(pfd, leaf, S_IFCHR | 0600, makedev(1, 3)) ||
		    fchownat(pfd, leaf, 0, group_gid(dest, all[i]->group), AT_SYMLINK_NOFOLLOW) ||
		    fchmodat(pfd, leaf, (mode_t)strtoul(all[i]->mode, NULL, 8), 0)) {
			ok = false;
			unlinkat(pfd, leaf, 0);
		}
		close(pfd);
	}
	return ok;
}

int fixture_compose(const char *name, const char *dest, bool *nodes)
{
	struct layer *layers = calloc(MAX_DEPTH, sizeof(*layers));
	size_t n = 0, k;
	int fd = -1, err;

	*nodes = false;
	if (!layers)
		return fail(name, "out of memory");
	err = read_stack(name, layers, &n);
	if (!err) {
		fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			err = fail(name, "cannot open %s: %s", dest, strerror(errno));
	}
	for (k = 0; !err && k < n; k++)
		err = lay(&layers[k], fd);
	if (!err)
		*nodes = make_nodes(layers, n, fd);
	if (fd >= 0)
		close(fd);
	free(layers);
	return err;
}

int fixture_tree_make(const char *name, struct fixture_tree *t)
{
	const char *tmp = getenv("TMPDIR");

	memset(t, 0, sizeof(*t));
	snprintf(t->root, sizeof(t->root), "%s/fixture-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t->root)) {
		fprintf(stderr, "fixture %s: mkdtemp %s: %s\n", name, t->root, strerror(errno));
		t->root[0] = '\0';
		return -1;
	}
	if (fixture_compose(name, t->root, &t->nodes)) {
		fixture_tree_free(t);
		return -1;
	}
	return 0;
}

void fixture_tree_free(struct fixture_tree *t)
{
	/* only a directory fixture_tree_make() made */
	if (t->root[0] && strstr(t->root, "/fixture-") && fixture_remove(t->root))
		fprintf(stderr, "fixture: cannot remove %s\n", t->root);
	t->root[0] = '\0';
}

int fixture_put(const char *root, const char *rel, const char *text, enum fixture_put_mode mode)
{
	char path[4096 + PATH_LEN], *slash;
	FILE *f;
	int ret;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, rel) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	if (mode == FIXTURE_PUT_REPLACE && unlink(path) && errno != ENOENT)
		return -1;
	f = fopen(path, "w");
	if (!f)
		return -1;
	ret = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f))
		ret = -1;
	return ret;
}
