// SPDX-License-Identifier: MIT
/*
 * vfctl setup rebuilds the initramfs with the tool the root has, on fixture
 * roots (tests/fixtures/setup/initramfs laid over setup/fresh):
 * - Debian's initramfs-tools (fresh): update-initramfs, also after the VF
 *   udev rules, which its udev hook copies into the image;
 * - Fedora's dracut, and a Debian host where dracut replaced
 *   initramfs-tools (tests/fixtures/setup/initramfs/README.md: what dpkg
 *   leaves behind): dracut --force --regenerate-all, also with a stray
 *   update-initramfs dpkg knows of no package for;
 * - Arch's mkinitcpio: mkinitcpio -P;
 * - no tool at all: nothing to run, the plan says so.
 * dracut's udev-rules module and mkinitcpio's udev hook copy fixed lists
 * of rules by name, so only initramfs-tools' image holds vfctl's rules.
 * dracut copies /etc/modprobe.d only into a host-only image, mkinitcpio
 * only with its modconf hook: a drop-in names i915's options for them,
 * read back by sourcing it with bash as both tools do.
 * Each: the plan names the tool and its command, apply runs it, undo runs
 * it again and gives back the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "setup/setup.h"
#include "setup_fixture.h"

/* Only the steps that touch the initramfs: i915's options and the VFs. */
static const char *const skip = "cmdline,firmware,vfio,kvmfr";

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no \"%s\" in:\n%s", want, text);
}

/* The tree of @name (NULL: fresh), with udev rules rather than sysfsutils. */
static void make(struct tree *t, const char *name)
{
	if (name)
		tree_initramfs(t, name);
	else
		tree_ready(t);
	sh("rm '%s/etc/init.d/sysfsutils'", t->root);
}

/*
 * The drop-in that puts i915's options into the image where the tool does
 * not copy /etc/modprobe.d itself: dracut only in host-only mode (its
 * default is generic), mkinitcpio only with the modconf hook. NULL:
 * initramfs-tools, whose mkinitramfs copies every modprobe.d file.
 */
static const char *const carry_path[] = {
	[HOST_INITRAMFS_DRACUT] = "/etc/dracut.conf.d/90-vfctl-i915-sriov.conf",
	[HOST_INITRAMFS_MKINITCPIO] = "/etc/mkinitcpio.conf.d/90-vfctl-i915-sriov.conf",
};
static const char *const carry_line[] = {
	[HOST_INITRAMFS_DRACUT] = "install_items+=\" /etc/modprobe.d/i915-sriov.conf \"\n",
	[HOST_INITRAMFS_MKINITCPIO] = "FILES+=(/etc/modprobe.d/i915-sriov.conf)\n",
};

static void rebuilds_with(const char *name, enum host_initramfs_tool tool, const char *cmd,
			  bool rules_in_image)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	struct setup_result res;
	const struct setup_step *o, *v;
	char *before, *after, want[512];

	make(&t, name);
	before = snap(&t);
	plan(&t, &p, skip);
	assert_int_equal(p.distro.initramfs, tool);
	o = step(&p, "options");
	assert_int_equal(o->state, SETUP_TODO);
	assert_int_equal(o->ncmd, 1);
	assert_string_equal(o->cmd[0].run, cmd);
	assert_string_equal(o->cmd[0].undo, cmd);
	/* the plan says which tool runs, and how */
	snprintf(want, sizeof(want), "%s rebuilds the initramfs: %s",
		 host_initramfs_tool_name(tool), cmd);
	assert_has(o->reason, want);
	assert_string_equal(o->file[0].path, "/etc/modprobe.d/i915-sriov.conf");
	if (tool == HOST_INITRAMFS_TOOLS) {
		assert_int_equal(o->nfile, 1);
	} else {
		assert_int_equal(o->nfile, 2);
		assert_string_equal(o->file[1].path, carry_path[tool]);
		assert_has(o->file[1].new, carry_line[tool]);
	}
	v = step(&p, "vfs");
	assert_int_equal(v->state, SETUP_TODO);
	assert_int_equal(v->ncmd, rules_in_image ? 1 : 0);
	if (rules_in_image) {
		assert_string_equal(v->cmd[0].run, cmd);
		assert_has(v->reason, want);
	}
	apply_ok(&p, &run);
	if (tool != HOST_INITRAMFS_TOOLS) {
		/* both tools source their drop-ins as bash: what it then names */
		char shcmd[1200], got[256] = "";
		FILE *f;

		snprintf(shcmd, sizeof(shcmd),
			 "bash -c 'install_items=\"\"; FILES=(); . \"$0\" && "
			 "echo $install_items \"${FILES[@]}\"' '%s%s'",
			 t.root, carry_path[tool]);
		f = popen(shcmd, "r");
		assert_non_null(f);
		assert_non_null(fgets(got, sizeof(got), f));
		assert_int_equal(pclose(f), 0);
		assert_string_equal(got, "/etc/modprobe.d/i915-sriov.conf\n");
	}
	snprintf(want, sizeof(want), rules_in_image ? "%s\n%s\n" : "%s\n", cmd, cmd);
	assert_string_equal(r.log, want);
	r.log[0] = '\0';
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	assert_string_equal(r.log, want);
	after = snap(&t);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tree_free(&t);
}

static void test_initramfs_tools(void **state)
{
	(void)state;
	rebuilds_with(NULL, HOST_INITRAMFS_TOOLS, "update-initramfs -u -k all", true);
}

static void test_dracut_fedora(void **state)
{
	(void)state;
	rebuilds_with("fedora-dracut", HOST_INITRAMFS_DRACUT, "dracut --force --regenerate-all",
		      false);
}

static void test_dracut_replaced_initramfs_tools(void **state)
{
	(void)state;
	rebuilds_with("debian-dracut", HOST_INITRAMFS_DRACUT, "dracut --force --regenerate-all",
		      false);
}

/*
 * The doctor's tool and setup's are one (host_initramfs_detect()): an
 * update-initramfs that no installed package ships does not outrank the
 * dracut dpkg says is installed.
 */
static void test_dracut_per_dpkg_despite_a_stray_update_initramfs(void **state)
{
	struct tree t;
	struct setup_plan p;

	(void)state;
	make(&t, "debian-dracut");
	sh("touch '%s/usr/sbin/update-initramfs'", t.root);
	plan(&t, &p, skip);
	assert_int_equal(p.distro.initramfs, HOST_INITRAMFS_DRACUT);
	assert_string_equal(step(&p, "options")->cmd[0].run, "dracut --force --regenerate-all");
	setup_plan_free(&p);
	tree_free(&t);
}

static void test_mkinitcpio_arch(void **state)
{
	(void)state;
	rebuilds_with("arch-mkinitcpio", HOST_INITRAMFS_MKINITCPIO, "mkinitcpio -P", false);
}

/* No tool: the options are written, nothing is run, and the plan says why. */
static void test_no_initramfs_tool(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *o;

	(void)state;
	make(&t, NULL);
	sh("rm '%s/usr/sbin/update-initramfs'", t.root);
	plan(&t, &p, skip);
	assert_int_equal(p.distro.initramfs, HOST_INITRAMFS_UNKNOWN);
	o = step(&p, "options");
	assert_int_equal(o->state, SETUP_TODO);
	assert_int_equal(o->nfile, 1);
	assert_int_equal(o->ncmd, 0);
	assert_has(o->reason, "no initramfs tool here");
	assert_int_equal(step(&p, "vfs")->ncmd, 0);
	apply_ok(&p, &run);
	assert_string_equal(r.log, "");
	tree_free(&t);
}

static void make_dracut(struct tree *t)
{
	make(t, "fedora-dracut");
}

static void skip_opts(const struct tree *t, struct setup_opts *o)
{
	(void)t;
	o->skip = skip;
}

/* The drop-in is journaled like any file: a failure or a planted symlink
 * at each write leaves a whole journal, and undo the tree as it was. */
static void test_dracut_failures(void **state)
{
	static const struct scen sc = { make_dracut, skip_opts, NULL };
	int writes, cmds;

	(void)state;
	count_changes(&sc, &writes, &cmds);
	assert_int_equal(cmds, 1);
	for (int k = 1; k <= writes; k++) {
		fail_at(&sc, false, k, false);
		fail_at(&sc, false, k, true);
	}
	fail_at(&sc, true, 1, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initramfs_tools),
		cmocka_unit_test(test_dracut_fedora),
		cmocka_unit_test(test_dracut_replaced_initramfs_tools),
		cmocka_unit_test(test_dracut_per_dpkg_despite_a_stray_update_initramfs),
		cmocka_unit_test(test_mkinitcpio_arch),
		cmocka_unit_test(test_no_initramfs_tool),
		cmocka_unit_test(test_dracut_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
