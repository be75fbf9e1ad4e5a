// SPDX-License-Identifier: MIT
/*
 * lib/host/host_atomic: the one writer of every file vfctl writes. The
 * stricter rule of each former writer holds for all: a symlinked directory
 * on the way under the root is refused (setup's), the mode is set
 * explicitly unless kept (vfs persist's and -o's), the owner is kept, the
 * file is replaced by a rename and nothing is left beside it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/host_atomic.h"
#include "setup_fixture_sh.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/atomic.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int drop_dir(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static const struct host_write_how plain = { .mode = 0644, .uid = (uid_t)-1, .gid = (gid_t)-1 };

/* Nothing but the expected names in @d (no temporary file left). */
static void assert_listing(const char *d, const char *want)
{
	char *got = sh_out("ls -A '%s' | tr '\\n' ' '", d);

	assert_string_equal(got, want);
	free(got);
}

static void a_symlinked_directory_under_the_root_is_refused(void **state)
{
	char root[300], p[400];
	struct stat st;

	(void)state;
	snprintf(root, sizeof(root), "%s/root", dir);
	sh("mkdir -p '%s/etc' '%s/elsewhere' && ln -s '%s/elsewhere' '%s/etc/tmpfiles.d'", root,
	   dir, dir, root);
	assert_int_equal(host_write_at(root, "/etc/tmpfiles.d/x.conf", "x\n", 2, &plain), -ELOOP);
	assert_listing(dir, "elsewhere root ");
	snprintf(p, sizeof(p), "%s/elsewhere", dir);
	assert_listing(p, "");
	/* nor when asked to create the missing ones */
	{
		struct host_mkdirs made = { .n = 0 };
		struct host_write_how how = plain;

		how.made = &made;
		assert_int_equal(host_write_at(root, "/etc/tmpfiles.d/new/x.conf", "x\n", 2, &how),
				 -ELOOP);
		assert_int_equal(made.n, 0);
		assert_listing(p, "");
		/* missing directories are made, listed, and hold the file */
		assert_int_equal(host_write_at(root, "/var/lib/vfctl/x", "y\n", 2, &how), 0);
		assert_int_equal(made.n, 3);
		assert_string_equal(made.path[0], "/var");
		assert_string_equal(made.path[2], "/var/lib/vfctl");
		snprintf(p, sizeof(p), "%s/var/lib/vfctl", root);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode, S_IFDIR | 0755);
	}
	/* the root prefix itself is the caller's: a link there is fine */
	snprintf(p, sizeof(p), "%s/rootlink", dir);
	assert_int_equal(symlink(root, p), 0);
	assert_int_equal(host_write_at(p, "/etc/x", "z\n", 2, &plain), 0);
}

static void merged_usr_links_at_the_top_are_followed(void **state)
{
	char root[300], p[400];

	(void)state;
	snprintf(root, sizeof(root), "%s/root", dir);
	sh("mkdir -p '%s/usr/lib/modprobe.d' '%s/other' && ln -s usr/lib '%s/lib' && "
	   "ln -s other '%s/sbin'",
	   root, root, root, root);
	assert_int_equal(host_write_at(root, "/lib/modprobe.d/a.conf", "a\n", 2, &plain), 0);
	snprintf(p, sizeof(p), "%s/usr/lib/modprobe.d/a.conf", root);
	assert_int_equal(access(p, F_OK), 0);
	/* a top-level name that does not point into /usr is a planted link */
	assert_int_equal(host_write_at(root, "/sbin/a", "a\n", 2, &plain), -ELOOP);
}

static void mode_and_owner(void **state)
{
	char p[400];
	struct stat st0, st;
	struct host_write_how keep = plain;

	(void)state;
	keep.keep_mode = true;
	snprintf(p, sizeof(p), "%s/f", dir);
	sh("printf old > '%s' && chmod 600 '%s'", p, p);
	if (!geteuid())
		assert_int_equal(chown(p, 1000, 1000), 0);
	assert_int_equal(stat(p, &st0), 0);
	/* kept (setup's files), then set (vfctl's -o outputs, vfs persist) */
	assert_int_equal(host_write_at(dir, "/f", "new1", 4, &keep), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0600);
	assert_int_not_equal(st.st_ino, st0.st_ino);
	assert_int_equal(st.st_uid, st0.st_uid);
	assert_int_equal(host_write_atomic(p, "new2", 4, 0644), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	/* the owner of the file the user had, not the process's */
	assert_int_equal(st.st_uid, st0.st_uid);
	assert_int_equal(st.st_gid, st0.st_gid);
	assert_listing(dir, "f ");
}

static void targets_that_are_not_regular_files(void **state)
{
	char p[400], victim[400];

	(void)state;
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(p, sizeof(p), "%s/t", dir);
	sh("echo mine > '%s' && ln -s '%s' '%s' && mkdir '%s/d'", victim, victim, p, dir);
	assert_int_equal(host_write_atomic(p, "x", 1, 0644), -ELOOP);
	sh("grep -qx mine '%s'", victim);
	snprintf(p, sizeof(p), "%s/d", dir);
	assert_int_equal(host_write_atomic(p, "x", 1, 0644), -EISDIR);
	assert_int_equal(host_write_at(dir, "/d/../victim", "x", 1, &plain), -EINVAL);
	assert_int_equal(host_write_at(dir, "relative", "x", 1, &plain), -EINVAL);
	assert_listing(dir, "d t victim ");
}

/* A bare name goes to the current directory, as the user means it. */
static void a_bare_name_is_in_the_current_directory(void **state)
{
	char cwd[512];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(host_write_atomic("out.xml", "<x/>", 4, 0644), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_listing(dir, "out.xml ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, make_dir, drop_dir)
		T(a_symlinked_directory_under_the_root_is_refused),
		T(merged_usr_links_at_the_top_are_followed),
		T(mode_and_owner),
		T(targets_that_are_not_regular_files),
		T(a_bare_name_is_in_the_current_directory),
#undef T
	};

	return cmocka_run_group_tests_name("host_atomic", tests, NULL, NULL);
}
