// SPDX-License-Identifier: MIT
/*
 * vfctl setup on fixture roots (tests/fixtures/setup): plan on a fresh, a
 * half-done and a finished host; apply twice; undo back to the same bytes;
 * a failure injected at every write and every command; a symlink planted
 * at every target. The diffs are held against diffutils' own `diff -u`.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "setup/setup.h"
#include "setup/setup_diff.h"
#include "setup/setup_fs.h"
#include "setup/setup_journal.h"

#define FIXTURES "tests/fixtures/setup"

struct tree {
	char dir[256];
	char root[300];
};

static void tree_make(struct tree *t, const char *fixture)
{
	char cmd[1024];

	snprintf(t->dir, sizeof(t->dir), "/tmp/vfctl-setup-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->root, sizeof(t->root), "%s/root", t->dir);
	snprintf(cmd, sizeof(cmd), "cp -a '%s/%s' '%s'", FIXTURES, fixture, t->root);
	assert_int_equal(system(cmd), 0);
}

static void tree_free(struct tree *t)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* Every entry under @dir: path, type, mode, owner, contents or link target. */
static void snap_dir(const char *dir, const char *rel, char **out, size_t *len)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char p[1024], r[1024], line[2048];
		struct stat st;
		const char *name = list[i]->d_name;

		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			free(list[i]);
			continue;
		}
		snprintf(p, sizeof(p), "%s/%s", dir, name);
		snprintf(r, sizeof(r), "%s/%s", rel, name);
		free(list[i]);
		assert_int_equal(lstat(p, &st), 0);
		snprintf(line, sizeof(line), "%s %o %u %u", r, st.st_mode, st.st_uid, st.st_gid);
		*out = realloc(*out, *len + strlen(line) + 2);
		strcpy(*out + *len, line);
		*len += strlen(line);
		if (S_ISLNK(st.st_mode)) {
			char target[512];
			ssize_t k = readlink(p, target, sizeof(target) - 1);

			target[k > 0 ? k : 0] = '\0';
			*out = realloc(*out, *len + strlen(target) + 8);
			*len += (size_t)sprintf(*out + *len, " -> %s", target);
		} else if (S_ISREG(st.st_mode)) {
			FILE *f = fopen(p, "rb");

			*out = realloc(*out, *len + (size_t)st.st_size + 4);
			(*out)[(*len)++] = ' ';
			*len += fread(*out + *len, 1, (size_t)st.st_size, f);
			fclose(f);
		}
		(*out)[(*len)++] = '\n';
		(*out)[*len] = '\0';
		if (S_ISDIR(st.st_mode))
			snap_dir(p, r, out, len);
	}
	if (n >= 0)
		free(list);
}

static char *snap(const struct tree *t)
{
	char *out = calloc(1, 1);
	size_t len = 0;

	snap_dir(t->dir, "", &out, &len);
	return out;
}

/* The runner of the tests: records, and fails command number fail_cmd. */
struct rec {
	char log[8192];
	int cmds, writes;
	int fail_cmd, fail_write; /* 1-based; 0 = never */
	struct tree *plant; /* plant a symlink at the path of write fail_write */
};

static int rec_run(void *priv, const char *root, const char *cmd)
{
	struct rec *r = priv;

	(void)root;
	snprintf(r->log + strlen(r->log), sizeof(r->log) - strlen(r->log), "%s\n", cmd);
	return ++r->cmds == r->fail_cmd ? 1 : 0;
}

static int rec_write(void *priv, const char *step, const char *path)
{
	struct rec *r = priv;

	(void)step;
	if (++r->writes != r->fail_write)
		return 0;
	if (r->plant) {
		char p[1024], victim[600];

		snprintf(p, sizeof(p), "%s%s", r->plant->root, path);
		snprintf(victim, sizeof(victim), "%s/victim", r->plant->dir);
		{
			char mk[1200];

			snprintf(mk, sizeof(mk), "mkdir -p \"$(dirname '%s')\"", p);
			assert_int_equal(system(mk), 0);
		}
		unlink(p);
		assert_int_equal(symlink(victim, p), 0);
		return 0; /* the write itself must refuse it */
	}
	return -ENOSPC;
}

static struct setup_runner runner(struct rec *r)
{
	return (struct setup_runner){ .run = rec_run, .before_write = rec_write, .priv = r };
}

static void plan(const struct tree *t, struct setup_plan *p, const char *skip)
{
	struct setup_opts o = { .root = t->root, .skip = skip };

	assert_int_equal(setup_plan_build(&o, p), 0);
}

static const struct setup_step *step(const struct setup_plan *p, const char *id)
{
	for (unsigned int i = 0; i < p->n; i++)
		if (!strcmp(p->step[i].id, id))
			return &p->step[i];
	fail_msg("no step %s", id);
	return NULL;
}

static void test_plan_fresh(void **state)
{
	struct tree t;
	struct setup_plan p;
	char *before, *after;

	(void)state;
	tree_make(&t, "fresh");
	before = snap(&t);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "bios")->state, SETUP_DONE);
	assert_int_equal(step(&p, "cmdline")->state, SETUP_TODO);
	assert_string_equal(step(&p, "cmdline")->file[0].path, "/etc/default/grub");
	assert_string_equal(step(&p, "cmdline")->cmd[0].run, "update-grub");
	assert_int_equal(step(&p, "dkms")->state, SETUP_USER);
	/* VFs need the DKMS driver: blocked by it, named */
	assert_int_equal(step(&p, "vfs")->state, SETUP_BLOCKED);
	assert_string_equal(step(&p, "vfs")->blocked_by, "dkms");
	assert_int_equal(step(&p, "vfio")->state, SETUP_BLOCKED);
	assert_int_equal(step(&p, "kvmfr")->state, SETUP_TODO);
	assert_int_equal(step(&p, "gop")->state, SETUP_SKIPPED);
	setup_plan_free(&p);
	/* plan never writes */
	after = snap(&t);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tree_free(&t);
}

/* The fresh host with the DKMS driver installed: every step can be applied. */
static void tree_ready(struct tree *t)
{
	char p[1400];

	tree_make(t, "fresh");
	snprintf(p, sizeof(p),
		 "mkdir -p '%s/lib/modules/6.1.0-57-amd64/updates/dkms' && "
		 "touch '%s/lib/modules/6.1.0-57-amd64/updates/dkms/i915.ko.xz'",
		 t->root, t->root);
	assert_int_equal(system(p), 0);
}

static void test_apply_twice_undo(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	char *before, *applied, *again, *undone;

	(void)state;
	tree_ready(&t);
	before = snap(&t);
	plan(&t, &p, NULL);
	assert_int_equal(setup_plan_todo(&p), 5);
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	assert_true(res.reboot);
	assert_int_equal(res.steps, 5);
	assert_string_equal(r.log, "update-grub\nupdate-initramfs -u -k all\n");
	setup_plan_free(&p);
	applied = snap(&t);
	assert_string_not_equal(before, applied);
	assert_non_null(strstr(applied, "intel_iommu=on iommu=pt"));

	/* a finished host: all done, and a second apply changes nothing */
	plan(&t, &p, NULL);
	assert_int_equal(setup_plan_todo(&p), 0);
	for (unsigned int i = 0; i < p.n; i++)
		assert_true(p.step[i].state == SETUP_DONE || p.step[i].state == SETUP_SKIPPED);
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	assert_int_equal(res.files + res.cmds, 0);
	setup_plan_free(&p);
	again = snap(&t);
	assert_string_equal(applied, again);

	/* undo: the same bytes, modes and owners; the commands regenerate */
	r.log[0] = '\0';
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	assert_string_equal(r.log, "update-initramfs -u -k all\nupdate-grub\n");
	undone = snap(&t);
	assert_string_equal(before, undone);
	assert_int_equal(setup_undo(t.root, &run, &res), -ENOENT);
	free(before);
	free(applied);
	free(again);
	free(undone);
	tree_free(&t);
}

static void test_plan_half_done(void **state)
{
	struct tree t;
	struct setup_plan p;
	char cmd[1200];

	(void)state;
	tree_ready(&t);
	/* the user did the guide's GRUB edit and sysfs.conf line by hand */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT=\"quiet "
		 "intel_iommu=on iommu=pt\"/' '%s/etc/default/grub' && "
		 "echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 2' >> '%s/etc/sysfs.conf'",
		 t.root, t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "cmdline")->state, SETUP_DONE);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	assert_int_equal(step(&p, "options")->state, SETUP_TODO);
	assert_int_equal(step(&p, "vfio")->state, SETUP_TODO);
	setup_plan_free(&p);
	/* a different number by hand is the user's to settle */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's/sriov_numvfs = 2/sriov_numvfs = 3/' '%s/etc/sysfs.conf'", t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_USER);
	assert_int_equal(step(&p, "vfio")->state, SETUP_BLOCKED);
	setup_plan_free(&p);
	tree_free(&t);
}

/* Journal consistent and undo complete after a failure at write/command k. */
static void fail_at(bool cmd, int k, bool plant)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	struct setup_fs_old j;
	struct setup_journal jj;
	char *before, *undone, victim[600];
	int ret;

	tree_ready(&t);
	snprintf(victim, sizeof(victim), "%s/victim", t.dir);
	{
		FILE *f = fopen(victim, "w");

		fputs("outside\n", f);
		fclose(f);
	}
	before = snap(&t);
	plan(&t, &p, NULL);
	if (cmd)
		r.fail_cmd = k;
	else
		r.fail_write = k;
	r.plant = plant ? &t : NULL;
	ret = setup_apply(&p, &run, &res);
	assert_int_equal(ret, cmd ? -EIO : plant ? -ELOOP : -ENOSPC);
	assert_non_null(res.failed_step);
	assert_true(res.msg[0]);
	setup_plan_free(&p);
	assert_int_equal(setup_fs_read(t.root, SETUP_JOURNAL, &j), 0);
	assert_true(j.exists);
	assert_int_equal(setup_journal_parse(j.text, j.len, &jj), 0);
	assert_false(jj.torn);
	setup_journal_free(&jj);
	free(j.text);
	if (plant) {
		/* nothing went through the link; the link stays the user's */
		char *now;

		assert_int_equal(setup_undo(t.root, &run, &res), -ELOOP);
		now = snap(&t);
		assert_non_null(strstr(now, "/victim 100644 0 0 outside\n"));
		free(now);
		free(before);
		tree_free(&t);
		return;
	}
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	undone = snap(&t);
	assert_string_equal(before, undone);
	free(before);
	free(undone);
	tree_free(&t);
}

static void test_fail_each_write(void **state)
{
	(void)state;
	/* the ready host writes 9 files */
	for (int k = 1; k <= 9; k++)
		fail_at(false, k, false);
}

static void test_fail_each_command(void **state)
{
	(void)state;
	for (int k = 1; k <= 2; k++)
		fail_at(true, k, false);
}

static void test_symlink_each_target(void **state)
{
	(void)state;
	for (int k = 1; k <= 9; k++)
		fail_at(false, k, true);
}

static void test_symlink_before_plan(void **state)
{
	struct tree t;
	struct setup_plan p;
	char path[600];

	(void)state;
	tree_ready(&t);
	snprintf(path, sizeof(path), "%s/etc/default/grub", t.root);
	unlink(path);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "cmdline")->state, SETUP_USER);
	assert_non_null(strstr(step(&p, "cmdline")->reason, "symlink"));
	assert_int_equal(step(&p, "cmdline")->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

/* Our diff against diffutils' diff -u on the same two files. */
static void diff_like_diffutils(const char *a, const char *b)
{
	char dir[] = "/tmp/vfctl-diff-XXXXXX", fa[64], fb[64], cmd[300], want[8192] = "";
	FILE *f;
	char *got;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(fa, sizeof(fa), "%s/a", dir);
	snprintf(fb, sizeof(fb), "%s/b", dir);
	f = fopen(fa, "w");
	fputs(a, f);
	fclose(f);
	f = fopen(fb, "w");
	fputs(b, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "diff -u --label a/etc/x --label b/etc/x %s %s", fa, fb);
	f = popen(cmd, "r");
	n = fread(want, 1, sizeof(want) - 1, f);
	want[n] = '\0';
	pclose(f);
	got = setup_diff("/etc/x", a, strlen(a), b, strlen(b));
	assert_string_equal(got, want);
	free(got);
	unlink(fa);
	unlink(fb);
	rmdir(dir);
}

static void test_diff(void **state)
{
	(void)state;
	diff_like_diffutils("a\nb\nc\n", "a\nB\nc\n");
	diff_like_diffutils("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n",
			    "1\n2\nx\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\ny\n14\n");
	diff_like_diffutils("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
	diff_like_diffutils("a\nb", "a\nb\n");
	diff_like_diffutils("x\n", "");
	diff_like_diffutils("q\nw\ne\nr\nt\ny\n", "w\ne\nX\nr\nt\n");
}

static void test_journal_damage(void **state)
{
	static const char good[] = SETUP_JOURNAL_MAGIC "step 4\nvfio\n"
						       "file 1 644 0 0 9 3\n/etc/x.cffab\n"
						       "cmd 4 0\ntrue\nran 0\n";
	struct setup_journal j;
	char buf[256];

	(void)state;
	assert_int_equal(setup_journal_parse(good, strlen(good), &j), 0);
	assert_int_equal(j.n, 4);
	assert_false(j.torn);
	assert_int_equal(j.rec[1].blen, 3);
	assert_memory_equal(j.rec[1].b, "fab", 3);
	setup_journal_free(&j);
	/* torn at every byte: the complete records before it stay */
	for (size_t n = strlen(SETUP_JOURNAL_MAGIC); n < strlen(good); n++) {
		assert_int_equal(setup_journal_parse(good, n, &j), 0);
		assert_true(j.n <= 4);
		setup_journal_free(&j);
	}
	/* damage before the end is refused */
	snprintf(buf, sizeof(buf), "%s", good);
	buf[strlen(SETUP_JOURNAL_MAGIC) + 1] = 'X';
	assert_int_equal(setup_journal_parse(buf, strlen(buf), &j), -EBADMSG);
	assert_int_equal(setup_journal_parse("nope\n", 5, &j), -EBADMSG);
}

/* Without sysfsutils the VFs come from udev rules, in the order that matters. */
static void test_udev_without_sysfsutils(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *v;
	char path[1400];

	(void)state;
	tree_ready(&t);
	snprintf(path, sizeof(path), "%s/etc/init.d/sysfsutils", t.root);
	assert_int_equal(unlink(path), 0);
	plan(&t, &p, NULL);
	v = step(&p, "vfs");
	assert_int_equal(v->state, SETUP_TODO);
	assert_string_equal(v->file[0].path, "/etc/udev/rules.d/60-vfctl-sriov.rules");
	assert_non_null(strstr(v->file[0].new,
			       "ACTION==\"bind\", SUBSYSTEM==\"pci\", "
			       "KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"2\""));
	v = step(&p, "vfio");
	/* 59 (no autoprobe) runs before 60 (numvfs) on the same bind event */
	assert_string_equal(v->file[1].path, "/etc/udev/rules.d/59-vfctl-vfio.rules");
	assert_non_null(strstr(v->file[1].new, "ATTR{sriov_drivers_autoprobe}=\"0\""));
	assert_string_equal(v->file[2].path, "/etc/udev/rules.d/61-vfctl-vfio.rules");
	assert_non_null(strstr(v->file[2].new, "KERNEL==\"0000:00:02.2\""));
	setup_plan_free(&p);
	tree_free(&t);
}

/* The boot loaders host_distro detects, each through its own tool. */
static void test_boot_loaders(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *c;
	char cmd[1400];

	(void)state;
	/* Proxmox: /etc/kernel/cmdline and proxmox-boot-tool refresh */
	tree_ready(&t);
	snprintf(cmd, sizeof(cmd),
		 "touch '%s/etc/kernel/proxmox-boot-uuids' 2>/dev/null || "
		 "(mkdir -p '%s/etc/kernel' && touch '%s/etc/kernel/proxmox-boot-uuids') && "
		 "echo 'root=ZFS=rpool/ROOT/pve-1 boot=zfs' > '%s/etc/kernel/cmdline'",
		 t.root, t.root, t.root, t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	c = step(&p, "cmdline");
	assert_string_equal(c->file[0].path, "/etc/kernel/cmdline");
	assert_string_equal(c->file[0].new,
			    "root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt\n");
	assert_string_equal(c->cmd[0].run, "proxmox-boot-tool refresh");
	setup_plan_free(&p);
	tree_free(&t);

	/* Pop!_OS: kernelstub keeps the options, and removes them again */
	tree_ready(&t);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/etc/kernelstub' && echo '{\"user\": {\"kernel_options\": "
		 "[\"quiet\", \"iommu=pt\"]}}' > '%s/etc/kernelstub/configuration'",
		 t.root, t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	c = step(&p, "cmdline");
	assert_int_equal(c->nfile, 0);
	assert_string_equal(c->cmd[0].run, "kernelstub -a intel_iommu=on");
	assert_string_equal(c->cmd[0].undo, "kernelstub -d intel_iommu=on");
	setup_plan_free(&p);
	tree_free(&t);

	/* an existing value is replaced, not doubled */
	tree_ready(&t);
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT=\"quiet "
		 "intel_iommu=off splash\"/' '%s/etc/default/grub'",
		 t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	assert_non_null(
		strstr(step(&p, "cmdline")->file[0].new,
		       "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on splash iommu=pt\"\n"));
	setup_plan_free(&p);
	tree_free(&t);
}

/* A missing package is installed without a question, or left to the user
 * when the host's package manager is unknown (nothing to run then). */
static void test_install_unattended(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *f;
	char cmd[1400];

	(void)state;
	tree_ready(&t);
	snprintf(cmd, sizeof(cmd), "rm -r '%s/lib/firmware/i915'", t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	f = step(&p, "firmware");
	assert_int_equal(f->state, SETUP_TODO);
	assert_int_equal(f->ncmd, 1);
	assert_string_equal(f->cmd[0].run, "DEBIAN_FRONTEND=noninteractive apt-get -y install "
					   "firmware-misc-nonfree");
	assert_string_equal(f->cmd[0].undo, "");
	setup_plan_free(&p);
	snprintf(cmd, sizeof(cmd), "rm '%s/etc/os-release'", t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	f = step(&p, "firmware");
	assert_int_equal(f->state, SETUP_USER);
	assert_int_equal(f->ncmd, 0);
	assert_non_null(strstr(f->reason, "install linux-firmware with your package manager"));
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * The attributes of a sysfs.conf in the order sysfsutils writes them (its
 * init script reads "attribute = value" lines top to bottom): the line
 * number of the first one whose attribute ends in @attr, 0 when none.
 */
static int sysfs_first(const char *text, const char *attr)
{
	int n = 0;

	for (const char *l = text; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n')) {
		char line[512], key[400];

		n++;
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
		if (line[0] == '#' || sscanf(line, "%399s =", key) != 1)
			continue;
		if (strlen(key) >= strlen(attr) && !strcmp(key + strlen(key) - strlen(attr), attr))
			return n;
	}
	return 0;
}

static void assert_sysfs_order(const char *text)
{
	int autoprobe = sysfs_first(text, "/sriov_drivers_autoprobe");
	int numvfs = sysfs_first(text, "/sriov_numvfs");
	int override = sysfs_first(text, "/driver_override");

	assert_true(autoprobe > 0 && numvfs > 0 && override > 0);
	if (!(autoprobe < numvfs && numvfs < override))
		fail_msg("sysfsutils would write autoprobe at line %d, numvfs at %d, "
			 "driver_override at %d:\n%s",
			 autoprobe, numvfs, override, text);
}

/* The user's own sriov_numvfs line, the guide's way: vfctl's blocks go
 * around it, so the VFs are created with autoprobe already off. */
static void test_user_numvfs_line_ordered(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	struct setup_opts o = { .vfs = 7 };
	const struct setup_step *v;
	char cmd[1200], *before, *undone;

	(void)state;
	tree_ready(&t);
	o.root = t.root;
	snprintf(cmd, sizeof(cmd),
		 "echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7' >> '%s/etc/sysfs.conf'",
		 t.root);
	assert_int_equal(system(cmd), 0);
	before = snap(&t);
	assert_int_equal(setup_plan_build(&o, &p), 0);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	assert_string_equal(v->file[1].path, "/etc/sysfs.conf");
	assert_sysfs_order(v->file[1].new);
	/* the plan says so, naming the user's line */
	assert_non_null(strstr(v->reason, "your own line 4 of /etc/sysfs.conf"));
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	setup_plan_free(&p);
	assert_int_equal(setup_plan_build(&o, &p), 0);
	assert_int_equal(setup_plan_todo(&p), 0);
	setup_plan_free(&p);
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	undone = snap(&t);
	assert_string_equal(before, undone);
	free(before);
	free(undone);

	/* the line written by hand after an apply: the bindings move after it */
	o.vfs = 0;
	plan(&t, &p, "vfs");
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	setup_plan_free(&p);
	snprintf(cmd, sizeof(cmd),
		 "echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 2' >> '%s/etc/sysfs.conf'",
		 t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	assert_int_equal(v->nfile, 1);
	assert_sysfs_order(v->file[0].new);
	setup_plan_free(&p);
	tree_free(&t);
}

/* sysfsutils reads sysfs.d after sysfs.conf: a VF line there is the user's to move. */
static void test_user_numvfs_in_sysfs_d(void **state)
{
	struct tree t;
	struct setup_plan p;
	char cmd[1200];

	(void)state;
	tree_ready(&t);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/etc/sysfs.d' && echo 'bus/pci/devices/0000:00:02.0/sriov_numvfs "
		 "= 2' > '%s/etc/sysfs.d/igpu.conf'",
		 t.root, t.root);
	assert_int_equal(system(cmd), 0);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfio")->state, SETUP_USER);
	assert_non_null(strstr(step(&p, "vfio")->reason, "/etc/sysfs.d/igpu.conf creates the VFs"));
	assert_int_equal(step(&p, "vfio")->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_fresh),
		cmocka_unit_test(test_apply_twice_undo),
		cmocka_unit_test(test_plan_half_done),
		cmocka_unit_test(test_fail_each_write),
		cmocka_unit_test(test_fail_each_command),
		cmocka_unit_test(test_symlink_each_target),
		cmocka_unit_test(test_symlink_before_plan),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_journal_damage),
		cmocka_unit_test(test_udev_without_sysfsutils),
		cmocka_unit_test(test_boot_loaders),
		cmocka_unit_test(test_install_unattended),
		cmocka_unit_test(test_user_numvfs_line_ordered),
		cmocka_unit_test(test_user_numvfs_in_sysfs_d),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
