// SPDX-License-Identifier: MIT
/*
 * Faults in the VF lifecycle: every sysfs write of `vfs enable`, `vfs
 * disable`, `vfio bind` and `vfio unbind` fails in turn (the store handler
 * refuses once, or from then on), and every file operation of `vfs
 * persist` fails in turn. Each case must leave the host as it was found,
 * or report in host_err.state exactly which VFs are in which state; and
 * the same command run again, once the kernel behaves, must reach the
 * state a run without faults reaches.
 *
 * The host's state is read here by hand (links and files of the tree),
 * not through lib/host, so that the library does not judge itself.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/host_vfs.h"
#include "host_fixture.h"
#include "host_sysfs_model.h"

#define PF "0000:00:02.0"
#define DEVS "/sys/bus/pci/devices/"

/* --- file-operation faults for persist: the linker routes these here --- */

ssize_t __real_write(int fd, const void *buf, size_t len);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __real_renameat(int fromfd, const char *from, int tofd, const char *to);
ssize_t __wrap_write(int fd, const void *buf, size_t len);
int __wrap_fsync(int fd);
int __wrap_rename(const char *from, const char *to);
int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to);

static unsigned int file_calls, file_fail_at;

static bool file_fault(void)
{
	return ++file_calls == file_fail_at;
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	if (file_fault()) {
		/* Half of it reaches the disk, then the disk is full. */
		if (len > 1)
			__real_write(fd, buf, len / 2);
		errno = ENOSPC;
		return -1;
	}
	return __real_write(fd, buf, len);
}

int __wrap_fsync(int fd)
{
	struct stat st;

	/* the directory's sync comes after the rename: the file is replaced
	 * by then, whatever it returns; not one of the faults */
	if (!fstat(fd, &st) && S_ISDIR(st.st_mode))
		return __real_fsync(fd);
	if (file_fault()) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
	if (file_fault()) {
		errno = EIO;
		return -1;
	}
	return __real_rename(from, to);
}

/* host_write_at() renames within the directory it opened */
int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to)
{
	if (file_fault()) {
		errno = EIO;
		return -1;
	}
	return __real_renameat(fromfd, from, tofd, to);
}

/* --- the host's state, read by hand --- */

static void cat(const char *root, const char *path, char *out, size_t size)
{
	char p[PATH_MAX];
	FILE *f;
	size_t n = 0;

	snprintf(p, sizeof(p), "%s%s", root, path);
	f = fopen(p, "r");
	if (f) {
		n = fread(out, 1, size - 1, f);
		fclose(f);
	}
	out[n] = '\0';
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
}

static void link_base(const char *root, const char *path, char *out, size_t size)
{
	char p[PATH_MAX], t[PATH_MAX];
	ssize_t n;

	snprintf(p, sizeof(p), "%s%s", root, path);
	n = readlink(p, t, sizeof(t) - 1);
	if (n < 0) {
		snprintf(out, size, "-");
		return;
	}
	t[n] = '\0';
	snprintf(out, size, "%.63s", strrchr(t, '/') ? strrchr(t, '/') + 1 : t);
}

/* numvfs, each VF that exists with its driver and override, the boot file */
static void state(const char *root, char *out, size_t size)
{
	char v[256], p[320], drv[64], ovr[64];
	size_t len;
	unsigned int i;

	cat(root, DEVS PF "/sriov_numvfs", v, sizeof(v));
	len = (size_t)snprintf(out, size, "numvfs=%s", v);
	for (i = 0; i < 7; i++) {
		snprintf(p, sizeof(p), DEVS PF "/virtfn%u", i);
		link_base(root, p, v, sizeof(v));
		if (!strcmp(v, "-"))
			continue;
		snprintf(p, sizeof(p), DEVS "%s/driver", v);
		link_base(root, p, drv, sizeof(drv));
		snprintf(p, sizeof(p), DEVS "%s/driver_override", v);
		cat(root, p, ovr, sizeof(ovr));
		len += (size_t)snprintf(out + len, size - len, " %s:%s/%s", v, drv, ovr);
	}
	cat(root, HOST_TMPFILES_CONF, v, sizeof(v));
	snprintf(out + len, size - len, " boot=[%s]", v);
}

/* --- the operations --- */

enum op { ENABLE, DISABLE, BIND, UNBIND, PERSIST };

struct op_case {
	const char *name, *fixture;
	enum op op;
	unsigned int n;
	const char *bdf;
	int err; /* what the kernel refuses with */
};

static int run(const struct op_case *t, const char *root, const struct host_io *io,
	       struct host_err *e)
{
	switch (t->op) {
	case ENABLE:
		return host_vfs_enable(root, PF, t->n, io, e);
	case DISABLE:
		return host_vfs_disable(root, PF, io, e);
	case BIND:
		return host_vfio_bind(root, t->bdf, io, e);
	case UNBIND:
		return host_vfio_unbind(root, t->bdf, io, e);
	case PERSIST:
		return host_vfs_persist(root, PF, t->n, e);
	}
	return -EINVAL;
}

static const struct op_case cases[] = {
	{ "enable 3 from 7", "base", ENABLE, 3, NULL, -ENOMEM },
	{ "enable 7 from 0", "no-mmio", ENABLE, 7, NULL, -ENOMEM },
	{ "disable", "base", DISABLE, 0, NULL, -EPERM },
	{ "vfio bind", "base", BIND, 0, "0000:00:02.3", -EIO },
	{ "vfio unbind", "base", UNBIND, 0, "0000:00:02.1", -EIO },
	{ "persist 4 over 7", "base", PERSIST, 4, NULL, 0 },
	{ "persist 3 new", "no-mmio", PERSIST, 3, NULL, 0 },
};

struct run_result {
	char before[1024], after[1024];
	int ret;
	struct host_err e;
	unsigned int writes;
};

static void run_case(const struct op_case *t, unsigned int fail_at, bool rest, struct run_result *r,
		     const char *done)
{
	struct host_fixture fx;
	struct host_sysfs_model m = { 0 };
	struct host_io io;

	assert_int_equal(host_fixture_make(t->fixture, &fx), 0);
	m.root = fx.root;
	io = host_sysfs_model_io(&m);
	state(fx.root, r->before, sizeof(r->before));
	file_calls = 0;
	if (t->op == PERSIST) {
		file_fail_at = fail_at;
	} else {
		m.fail_at = fail_at;
		m.fail_err = t->err;
		m.fail_rest = rest;
	}
	r->ret = run(t, fx.root, &io, &r->e);
	file_fail_at = 0;
	r->writes = t->op == PERSIST ? file_calls : m.writes;
	state(fx.root, r->after, sizeof(r->after));
	{
		/* no temporary file left behind */
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "ls -A '%s/etc/tmpfiles.d' 2>/dev/null | grep -q tmp",
			 fx.root);
		if (!system(cmd))
			fail_msg("%s, fault at %u: a temporary file is left", t->name, fail_at);
	}

	if (fail_at && done) {
		struct host_err e2;
		char again[1024];

		m.fail_at = 0;
		if (run(t, fx.root, &io, &e2))
			fail_msg("%s, fault at %u%s: the second run fails: %s", t->name, fail_at,
				 rest ? " and after" : "", e2.msg);
		state(fx.root, again, sizeof(again));
		if (strcmp(again, done))
			fail_msg("%s, fault at %u%s: the second run leaves\n  %s\nnot\n  %s",
				 t->name, fail_at, rest ? " and after" : "", again, done);
	}
	host_fixture_free(&fx);
}

/* One fault at write k, for every k a clean run makes; once, then from k on. */
static void test_each_write_fails(void **s)
{
	size_t i;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct op_case *t = &cases[i];
		struct run_result clean, r;
		unsigned int k, rest;

		run_case(t, 0, false, &clean, NULL);
		assert_int_equal(clean.ret, 0);
		assert_true(clean.writes > 0);
		assert_string_not_equal(clean.after, clean.before);
		for (k = 1; k <= clean.writes; k++) {
			for (rest = 0; rest <= (t->op == PERSIST ? 0u : 1u); rest++) {
				run_case(t, k, rest, &r, clean.after);
				if (!r.ret)
					fail_msg("%s, fault at %u: reported success", t->name, k);
				if (!r.e.msg[0])
					fail_msg("%s, fault at %u: no message", t->name, k);
				if (!r.e.state[0] && strcmp(r.after, r.before))
					fail_msg(
						"%s, fault at %u%s: says nothing, but the host went "
						"from\n  %s\nto\n  %s\n(%s)",
						t->name, k, rest ? " and after" : "", r.before,
						r.after, r.e.msg);
				/* A single refusal is always undone. */
				if (!rest && r.e.state[0])
					fail_msg("%s, fault at %u: not undone: %s", t->name, k,
						 r.e.state);
				if (r.e.state[0] && !strcmp(r.after, r.before))
					fail_msg("%s, fault at %u: reports a change (%s) but the "
						 "host is as found",
						 t->name, k, r.e.state);
				printf("# %s, fault at %u%s: %s%s%s\n", t->name, k,
				       rest ? " and after" : "", r.e.msg,
				       r.e.state[0] ? " Now: " : "", r.e.state);
			}
		}
	}
}

/* The state reported is the state there is: check it against the tree. */
static void test_reported_state_is_true(void **s)
{
	static const struct op_case en = { "enable", "base", ENABLE, 3, NULL, -ENOMEM };
	static const struct op_case bind = { "bind", "base", BIND, 0, "0000:00:02.3", -EIO };
	struct run_result r;

	(void)s;
	/* 0 VFs after the disable half, and the restore of 7 refused too. */
	run_case(&en, 2, true, &r, NULL);
	assert_int_equal(r.ret, -ENOMEM);
	assert_string_equal(r.e.state, "sriov_numvfs 0 (no VFs)");
	assert_non_null(strstr(r.after, "numvfs=0 boot"));
	/* Unbound from i915 with the override set, and no way back. */
	run_case(&bind, 3, true, &r, NULL);
	assert_string_equal(r.e.state, "0000:00:02.3: no driver, driver_override vfio-pci");
	assert_non_null(strstr(r.after, " 0000:00:02.3:-/vfio-pci "));
}

/* Persist over an old setting: whatever fails, the old file is intact. */
static void test_persist_keeps_old_file(void **s)
{
	struct run_result r;
	unsigned int k;

	(void)s;
	for (k = 1; k <= 3; k++) {
		run_case(&cases[5], k, false, &r, NULL);
		assert_int_not_equal(r.ret, 0);
		assert_string_equal(r.after, r.before);
		assert_non_null(strstr(r.e.msg, "as it was"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_write_fails),
		cmocka_unit_test(test_reported_state_is_true),
		cmocka_unit_test(test_persist_keeps_old_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
