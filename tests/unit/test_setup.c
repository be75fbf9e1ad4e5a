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
#include "setup_fixture.h"

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

	(void)state;
	tree_ready(&t);
	/* the user did the guide's GRUB edit and sysfs.conf line by hand */
	sh("sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT=\"quiet "
	   "intel_iommu=on iommu=pt\"/' '%s/etc/default/grub' && "
	   "echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 2' >> '%s/etc/sysfs.conf'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "cmdline")->state, SETUP_DONE);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	assert_int_equal(step(&p, "options")->state, SETUP_TODO);
	assert_int_equal(step(&p, "vfio")->state, SETUP_TODO);
	setup_plan_free(&p);
	/* a different number by hand is the user's to settle */
	sh("sed -i 's/sriov_numvfs = 2/sriov_numvfs = 3/' '%s/etc/sysfs.conf'", t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_USER);
	assert_int_equal(step(&p, "vfio")->state, SETUP_BLOCKED);
	setup_plan_free(&p);
	tree_free(&t);
}

static void test_fail_each_write(void **state)
{
	(void)state;
	/* the ready host writes 9 files */
	for (int k = 1; k <= 9; k++)
		fail_at(NULL, false, k, false);
}

static void test_fail_each_command(void **state)
{
	(void)state;
	for (int k = 1; k <= 2; k++)
		fail_at(NULL, true, k, false);
}

static void test_symlink_each_target(void **state)
{
	(void)state;
	for (int k = 1; k <= 9; k++)
		fail_at(NULL, false, k, true);
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
	/* on "bind" (i915 binds after the initramfs) and on the coldplug "add"
	 * (the initramfs bound it), only once i915 is bound and while the PF
	 * has no VF: a second write of another count fails with EBUSY */
	assert_non_null(strstr(v->file[0].new,
			       "\nACTION==\"add|bind\", SUBSYSTEM==\"pci\", "
			       "KERNEL==\"0000:00:02.0\", DRIVER==\"i915\", "
			       "ATTR{sriov_numvfs}==\"0\", ATTR{sriov_numvfs}=\"2\"\n"));
	v = step(&p, "vfio");
	/* 59 (no autoprobe) runs before 60 (numvfs) on the same events */
	assert_string_equal(v->file[1].path, "/etc/udev/rules.d/59-vfctl-vfio.rules");
	assert_non_null(strstr(v->file[1].new,
			       "\nACTION==\"add|bind\", SUBSYSTEM==\"pci\", "
			       "KERNEL==\"0000:00:02.0\", ATTR{sriov_drivers_autoprobe}==\"1\", "
			       "ATTR{sriov_drivers_autoprobe}=\"0\"\n"));
	assert_string_equal(v->file[2].path, "/etc/udev/rules.d/61-vfctl-vfio.rules");
	assert_non_null(strstr(v->file[2].new, "KERNEL==\"0000:00:02.2\""));
	/* Debian's udev hook copies them into the initramfs: rebuilt after
	 * each step's rules, and again on undo, so no older copy runs there */
	for (unsigned int i = 0; i < 2; i++) {
		v = step(&p, i ? "vfio" : "vfs");
		assert_int_equal(v->ncmd, 1);
		assert_string_equal(v->cmd[0].run, "update-initramfs -u -k all");
		assert_string_equal(v->cmd[0].undo, "update-initramfs -u -k all");
	}
	setup_plan_free(&p);
	/* with sysfsutils nothing of it is in the initramfs */
	tree_free(&t);
	tree_ready(&t);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->ncmd, 0);
	assert_int_equal(step(&p, "vfio")->ncmd, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

/* The boot loaders host_distro detects, each through its own tool. */
static void test_boot_loaders(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *c;

	(void)state;
	/* Proxmox: /etc/kernel/cmdline and proxmox-boot-tool refresh */
	tree_ready(&t);
	sh("touch '%s/etc/kernel/proxmox-boot-uuids' 2>/dev/null || "
	   "(mkdir -p '%s/etc/kernel' && touch '%s/etc/kernel/proxmox-boot-uuids') && "
	   "echo 'root=ZFS=rpool/ROOT/pve-1 boot=zfs' > '%s/etc/kernel/cmdline'",
	   t.root, t.root, t.root, t.root);
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
	sh("mkdir -p '%s/etc/kernelstub' && echo '{\"user\": {\"kernel_options\": "
	   "[\"quiet\", \"iommu=pt\"]}}' > '%s/etc/kernelstub/configuration'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	c = step(&p, "cmdline");
	assert_int_equal(c->nfile, 0);
	assert_string_equal(c->cmd[0].run, "kernelstub -a intel_iommu=on");
	assert_string_equal(c->cmd[0].undo, "kernelstub -d intel_iommu=on");
	setup_plan_free(&p);
	tree_free(&t);

	/* an existing value is replaced, not doubled */
	tree_ready(&t);
	sh("sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT=\"quiet "
	   "intel_iommu=off splash\"/' '%s/etc/default/grub'",
	   t.root);
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

	(void)state;
	tree_ready(&t);
	sh("rm -r '%s/lib/firmware/i915'", t.root);
	plan(&t, &p, NULL);
	f = step(&p, "firmware");
	assert_int_equal(f->state, SETUP_TODO);
	assert_int_equal(f->ncmd, 1);
	assert_string_equal(f->cmd[0].run, "DEBIAN_FRONTEND=noninteractive apt-get -y install "
					   "firmware-misc-nonfree");
	assert_string_equal(f->cmd[0].undo, "");
	setup_plan_free(&p);
	sh("rm '%s/etc/os-release'", t.root);
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
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	struct setup_opts o = { .vfs = 7 };
	const struct setup_step *v;
	char *before;

	(void)state;
	tree_ready(&t);
	o.root = t.root;
	sh("echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7' >> '%s/etc/sysfs.conf'",
	   t.root);
	before = snap(&t);
	assert_int_equal(setup_plan_build(&o, &p), 0);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	assert_string_equal(v->file[1].path, "/etc/sysfs.conf");
	assert_sysfs_order(v->file[1].new);
	/* the plan says so, naming the user's line */
	assert_non_null(strstr(v->reason, "your own line 4 of /etc/sysfs.conf"));
	apply_ok(&p, &run);
	assert_int_equal(setup_plan_build(&o, &p), 0);
	assert_int_equal(setup_plan_todo(&p), 0);
	setup_plan_free(&p);
	undo_exact(&t, &run, before);

	/* the line written by hand after an apply: the bindings move after it */
	o.vfs = 0;
	plan_apply(&t, "vfs", &run);
	sh("echo 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 2' >> '%s/etc/sysfs.conf'",
	   t.root);
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

	(void)state;
	tree_ready(&t);
	sh("mkdir -p '%s/etc/sysfs.d' && echo 'bus/pci/devices/0000:00:02.0/sriov_numvfs "
	   "= 2' > '%s/etc/sysfs.d/igpu.conf'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfio")->state, SETUP_USER);
	assert_non_null(strstr(step(&p, "vfio")->reason, "/etc/sysfs.d/igpu.conf creates the VFs"));
	assert_int_equal(step(&p, "vfio")->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * A qemu.conf that sets cgroup_device_acl twice: libvirt obeys the first
 * assignment, so /dev/kvmfr0 goes into that one and the second stays as it was.
 */
static void test_kvmfr_user_acl_twice(void **state)
{
	static const char conf[] = "cgroup_device_acl = [\n"
				   "    \"/dev/null\", \"/dev/kvm\"\n"
				   "]\n"
				   "cgroup_device_acl = [ \"/dev/null\" ]\n";
	struct tree t;
	struct setup_plan p;
	const struct setup_step *k;
	const char *w = NULL;
	char path[1400];
	FILE *f;
	size_t i;

	(void)state;
	tree_ready(&t);
	snprintf(path, sizeof(path), "%s/etc/libvirt/qemu.conf", t.root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(conf, f);
	fclose(f);
	plan(&t, &p, NULL);
	k = step(&p, "kvmfr");
	assert_int_equal(k->state, SETUP_TODO);
	for (i = 0; i < k->nfile; i++)
		if (!strcmp(k->file[i].path, "/etc/libvirt/qemu.conf"))
			w = k->file[i].new;
	assert_non_null(w);
	assert_string_equal(w, "cgroup_device_acl = [\n"
			       "    \"/dev/null\", \"/dev/kvm\"\n"
			       ", \"/dev/kvmfr0\" ]\n"
			       "cgroup_device_acl = [ \"/dev/null\" ]\n");
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
		cmocka_unit_test(test_kvmfr_user_acl_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
