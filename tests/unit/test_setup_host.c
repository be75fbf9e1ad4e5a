// SPDX-License-Identifier: MIT
/*
 * vfctl setup takes its facts from the root it sets up, never from the
 * machine running it:
 * - the kernel: a tree without /proc (a mounted disk, an image) is set up
 *   for the kernel it boots by default, laid out as Debian's own packages
 *   lay it out (/vmlinuz -> boot/vmlinuz-REL, modules in /usr/lib/modules
 *   behind the /lib link), and its headers are named as its distribution
 *   names them;
 * - the command line GRUB boots: /etc/default/grub and grub.d/NAME.cfg read
 *   by grub-mkconfig's own lines (taken from this machine's grub-common at
 *   run time and run on the tree), what 10_linux hands the default entry
 *   parsed as the doctor parses /proc/cmdline: a later duplicate wins, a
 *   grub.d file's assignment wins over /etc/default/grub's;
 * - a user's own tmpfiles.d line or udev rule that creates the VFs: vfctl's
 *   no-autoprobe comes before it (Debian's systemd-tmpfiles, run on the tree,
 *   lists the files in the order it applies them and writes the lines), or
 *   the step needs the user, naming the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/host_cmdline.h"
#include "setup/setup.h"
#include "setup/setup_verify.h"
#include "setup_fixture.h"

#define DKMS_SRC "/usr/src/i915-sriov-dkms-2025.07.22"

/* The plan of @t with the driver's source tree given (inside the root). */
static void plan_dkms(const struct tree *t, struct setup_plan *p)
{
	struct setup_opts o = { .root = t->root, .dkms_src = DKMS_SRC };
	assert_int_equal(setup_plan_build(&o, p), 0);
}

/*
 * A Debian 12 tree as mmdebstrap makes it: merged /usr, two kernels, the
 * /vmlinuz link on the newer one (linux-update-symlinks), no /proc, no
 * dkms and no headers yet; the driver's source in /usr/src.
 */
static void debian_tree(struct tree *t)
{
	tree_make(t, "fresh");
	sh("cd '%s' && rm -r proc lib/firmware/i915 && mkdir -p usr/lib/firmware/i915 && "
	   "touch usr/lib/firmware/i915/tgl_guc_70.bin && rm -r lib && ln -s usr/lib lib && "
	   "mkdir -p usr/lib/modules/6.1.0-49-amd64 usr/lib/modules/6.1.0-50-amd64 boot "
	   "'.%s' && touch boot/vmlinuz-6.1.0-49-amd64 boot/vmlinuz-6.1.0-50-amd64 && "
	   "ln -s boot/vmlinuz-6.1.0-50-amd64 vmlinuz && "
	   "ln -s boot/vmlinuz-6.1.0-49-amd64 vmlinuz.old && "
	   "printf 'PACKAGE_NAME=\"i915-sriov-dkms\"\\nPACKAGE_VERSION=\"2025.07.22\"\\n' "
	   "> '.%s/dkms.conf'",
	   t->root, DKMS_SRC, DKMS_SRC);
}

static void test_tree_kernel_headers(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *s;

	(void)state;
	debian_tree(&t);
	plan_dkms(&t, &p);
	assert_string_equal(p.release, "6.1.0-50-amd64");
	s = step(&p, "dkms");
	assert_int_equal(s->state, SETUP_TODO);
	assert_int_equal(s->ncmd, 4);
	assert_string_equal(s->cmd[0].run,
			    "DEBIAN_FRONTEND=noninteractive apt-get -y install dkms");
	/* the tree's kernel, never $(uname -r): in the chroot that is the
	 * machine's own */
	assert_string_equal(s->cmd[1].run, "DEBIAN_FRONTEND=noninteractive apt-get -y install "
					   "linux-headers-6.1.0-50-amd64");
	assert_string_equal(s->cmd[2].run, "dkms add '" DKMS_SRC "'");
	assert_string_equal(s->cmd[3].run, "dkms install i915-sriov-dkms/2025.07.22 -k "
					   "'6.1.0-50-amd64'");
	for (unsigned int i = 0; i < s->ncmd; i++)
		assert_null(strstr(s->cmd[i].run, "uname"));
	setup_plan_free(&p);

	/* the headers there: nothing to install for them */
	sh("mkdir -p '%s/usr/lib/modules/6.1.0-50-amd64/build'", t.root);
	plan_dkms(&t, &p);
	s = step(&p, "dkms");
	assert_int_equal(s->ncmd, 3);
	assert_string_equal(s->cmd[1].run, "dkms add '" DKMS_SRC "'");
	setup_plan_free(&p);

	/* without the /vmlinuz links: the newest release with its image */
	sh("cd '%s' && rm vmlinuz vmlinuz.old && mkdir usr/lib/modules/6.1.0-9-amd64 "
	   "usr/lib/modules/6.1.0-51-amd64 && touch boot/vmlinuz-6.1.0-9-amd64",
	   t.root);
	plan_dkms(&t, &p);
	/* 51 has no image (a removed kernel's leftovers), 9 < 50 by version */
	assert_string_equal(p.release, "6.1.0-50-amd64");
	setup_plan_free(&p);

	/* no kernel at all: the user is told, nothing names a kernel */
	sh("cd '%s' && rm -r usr/lib/modules boot/vmlinuz-*", t.root);
	plan_dkms(&t, &p);
	assert_string_equal(p.release, "");
	s = step(&p, "dkms");
	assert_int_equal(s->state, SETUP_USER);
	assert_int_equal(s->ncmd, 0);
	assert_non_null(strstr(s->reason, "no kernel to build for"));
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * Proxmox VE: its os-release is Debian's, so VERSION_ID is Debian's: 12
 * (PVE 8) and later have proxmox-headers-REL, 11 (PVE 7) pve-headers-REL.
 */
static void test_tree_proxmox_headers(void **state)
{
	static const struct {
		const char *version_id, *release, *pkg;
	} cases[] = {
		{ "12", "6.8.12-4-pve", "proxmox-headers-6.8.12-4-pve" },
		{ "13", "6.14.8-2-pve", "proxmox-headers-6.14.8-2-pve" },
		{ "11", "5.15.158-2-pve", "pve-headers-5.15.158-2-pve" },
	};
	struct tree t;
	struct setup_plan p;
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		debian_tree(&t);
		sh("cd '%s' && mkdir -p etc/pve usr/lib/modules/%s && touch boot/vmlinuz-%s && "
		   "ln -sf boot/vmlinuz-%s vmlinuz && "
		   "printf 'ID=debian\\nVERSION_ID=\"%s\"\\n' > etc/os-release",
		   t.root, cases[i].release, cases[i].release, cases[i].release,
		   cases[i].version_id);
		plan_dkms(&t, &p);
		assert_string_equal(p.release, cases[i].release);
		snprintf(want, sizeof(want), "DEBIAN_FRONTEND=noninteractive apt-get -y install %s",
			 cases[i].pkg);
		assert_string_equal(step(&p, "dkms")->cmd[1].run, want);
		setup_plan_free(&p);
		tree_free(&t);
	}
}

/* A live root (its /proc): the running kernel, the release the doctor reads. */
static void test_live_root_running_kernel(void **state)
{
	struct tree t;
	struct setup_plan p;

	(void)state;
	debian_tree(&t);
	sh("mkdir -p '%s/proc/sys/kernel' && echo 6.1.0-49-amd64 > "
	   "'%s/proc/sys/kernel/osrelease'",
	   t.root, t.root);
	plan_dkms(&t, &p);
	assert_string_equal(p.release, "6.1.0-49-amd64");
	assert_string_equal(step(&p, "dkms")->cmd[1].run,
			    "DEBIAN_FRONTEND=noninteractive apt-get -y install "
			    "linux-headers-6.1.0-49-amd64");
	setup_plan_free(&p);
	/* a release that is no kernel's (a quote would break the command):
	 * the default boot kernel instead */
	sh("echo \"6.1'x\" > '%s/proc/sys/kernel/osrelease'", t.root);
	plan_dkms(&t, &p);
	assert_string_equal(p.release, "6.1.0-50-amd64");
	setup_plan_free(&p);
	tree_free(&t);
}

static const char *const only_cmdline = "options,vfs,vfio,kvmfr";

/*
 * What the default GRUB entry boots with: grub-mkconfig's own lines that
 * source /etc/default/grub and grub.d/NAME.cfg (sysconfdir pointed at the
 * tree), then 10_linux's "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}".
 * NULL (the reason printed) without Debian's grub-mkconfig.
 */
static char *grub_booted(const struct tree *t)
{
	char cmd[2048], *buf = calloc(1, 4096);
	FILE *f;
	size_t n;
	assert_non_null(buf);
	if (access("/usr/sbin/grub-mkconfig", R_OK) || access("/etc/grub.d/10_linux", R_OK) ||
	    system("grep -q '${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}' "
		   "/etc/grub.d/10_linux")) {
		print_message("skip: no grub-common (grub-mkconfig, 10_linux) to read the files\n");
		free(buf);
		return NULL;
	}
	snprintf(cmd, sizeof(cmd),
		 "sysconfdir='%s/etc'; eval \"$(sed -n '/default\\/grub ; then/,/^done/p' "
		 "/usr/sbin/grub-mkconfig)\"; echo \"${GRUB_CMDLINE_LINUX} "
		 "${GRUB_CMDLINE_LINUX_DEFAULT}\"",
		 t->root);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(buf, 1, 4095, f);
	buf[n] = '\0';
	assert_int_equal(pclose(f), 0);
	return buf;
}

/* The value the kernel keeps of @key from GRUB's default entry, or "-". */
static void assert_booted(const char *line, const char *key, const char *want)
{
	struct host_cmdline c;
	const struct host_cmdline_param *p;
	assert_int_equal(host_cmdline_parse(line, strlen(line), &c), 0);
	p = host_cmdline_find(&c, key);
	if (!p || !p->value || strcmp(p->value, want))
		fail_msg("%s: %s, wanted %s, in: %s", key, p && p->value ? p->value : "-", want,
			 line);
	host_cmdline_free(&c);
}

/*
 * The GRUB fixture with @setup (shell run in the root) planned: the step
 * writes @path, apply, GRUB's default entry gets the parameters (checked
 * with @check), a second plan is done, undo gives the bytes back.
 */
static void grub_case(const char *setup, const char *path, void (*check)(const char *line))
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *s;
	char *before, *after, *line;
	tree_ready(&t);
	sh("cd '%s' && %s", t.root, setup);
	before = snap(&t);
	plan(&t, &p, only_cmdline);
	s = step(&p, "cmdline");
	if (!path) {
		assert_int_equal(s->state, SETUP_DONE);
		assert_int_equal(s->nfile, 0);
		setup_plan_free(&p);
		tree_free(&t);
		free(before);
		return;
	}
	assert_int_equal(s->state, SETUP_TODO);
	assert_int_equal(s->nfile, 1);
	assert_string_equal(s->file[0].path, path);
	apply_ok(&p, &run);
	line = grub_booted(&t);
	if (line) {
		check(line);
		free(line);
	}
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_DONE);
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	after = snap(&t);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tree_free(&t);
}

static void iommu_on(const char *line)
{
	assert_booted(line, "intel_iommu", "on");
	assert_booted(line, "iommu", "pt");
}

static void iommu_on_guc_3(const char *line)
{
	iommu_on(line);
	assert_booted(line, "i915.enable_guc", "3");
	assert_booted(line, "i915.max_vfs", "7");
}

static void blacklist_kept(const char *line)
{
	iommu_on(line);
	assert_booted(line, "module_blacklist", "nouveau,xe");
}

static void iommu_tokens(const char *line)
{
	assert_booted(line, "intel_iommu", "on,sm_on");
}

#define GRUB_SET(var, value) "sed -i 's/^" var "=.*/" var "=\"" value "\"/' etc/default/grub"

static void test_grub_cloud_image_grub_d(void **state)
{
	(void)state;
	/* Ubuntu's cloud images: grub.d sets the _DEFAULT variable again */
	grub_case("mkdir -p etc/default/grub.d && printf 'GRUB_CMDLINE_LINUX_DEFAULT="
		  "\"console=tty1 console=ttyS0\"\\n' > "
		  "etc/default/grub.d/50-cloudimg-settings.cfg",
		  "/etc/default/grub.d/50-cloudimg-settings.cfg", iommu_on);
	/* one that extends the value before it: the value is the sum */
	grub_case(
		"mkdir -p etc/default/grub.d && " GRUB_SET(
			"GRUB_CMDLINE_LINUX_DEFAULT",
			"quiet intel_iommu=on iommu=pt") " && "
							 "printf 'GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT "
							 "intel_iommu=off\"\\n' > etc/default/grub.d/90-user.cfg",
		"/etc/default/grub.d/90-user.cfg", iommu_on);
	/* a file the glob does not take (no .cfg) changes nothing */
	grub_case("mkdir -p etc/default/grub.d && printf 'GRUB_CMDLINE_LINUX_DEFAULT=\"x\"\\n' "
		  "> etc/default/grub.d/README",
		  "/etc/default/grub", iommu_on);
}

static void test_grub_later_duplicate(void **state)
{
	(void)state;
	/* the user's later intel_iommu=off and i915.enable_guc=0 win at boot */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX_DEFAULT", "quiet intel_iommu=on iommu=pt "
							 "intel_iommu=off i915.enable_guc=0 "
							 "i915.max_vfs=2"),
		  "/etc/default/grub", iommu_on_guc_3);
	/* GRUB_CMDLINE_LINUX comes first: _DEFAULT's value wins over it */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=on iommu=pt") " && " GRUB_SET(
			  "GRUB_CMDLINE_LINUX_DEFAULT", "quiet intel_iommu=off"),
		  "/etc/default/grub", iommu_on);
	/* all in GRUB_CMDLINE_LINUX already: nothing to do */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=on iommu=pt i915.enable_guc=3"), NULL,
		  NULL);
	/* intel_iommu's tokens: off (in _LINUX) undone, the user's sm_on kept */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=off iommu=pt") " && " GRUB_SET(
			  "GRUB_CMDLINE_LINUX_DEFAULT", "quiet intel_iommu=sm_on"),
		  "/etc/default/grub", iommu_tokens);
	/* a kernel with xe: xe joins the user's module_blacklist list */
	grub_case("mkdir -p lib/modules/6.1.0-57-amd64/kernel/drivers/gpu/drm/xe && " GRUB_SET(
			  "GRUB_CMDLINE_LINUX", "module_blacklist=nouveau intel_iommu=on iommu=pt"),
		  "/etc/default/grub", blacklist_kept);
}

static void passthrough_back_on(const char *line)
{
	assert_booted(line, "intel_iommu", "on");
	assert_booted(line, "iommu.passthrough", "1");
}

static void passthrough_tokens(const char *line)
{
	assert_booted(line, "intel_iommu", "on");
	assert_booted(line, "iommu", "pt,nomerge");
}

static void passthrough_last_soft(const char *line)
{
	assert_booted(line, "iommu", "pt,soft");
}

/*
 * The reader knows what the kernel and kmod treat alike, so a re-run
 * neither doubles a parameter the user spelled another way nor misses one
 * that undoes it: every iommu= token and iommu.passthrough= set the same
 * passthrough switch (the last wins), and modprobe.blacklist=xe keeps xe
 * off the iGPU as module_blacklist=xe does (kmod, udev's autoload).
 */
static void test_grub_same_effect(void **state)
{
	(void)state;
	/* passthrough spelled iommu.passthrough=1, or with other iommu= tokens */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=on iommu.passthrough=1"), NULL, NULL);
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=on iommu=pt,nomerge"), NULL, NULL);
	/* the user's later iommu.passthrough=0 turns iommu=pt off again */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX", "intel_iommu=on iommu=pt") " && " GRUB_SET(
			  "GRUB_CMDLINE_LINUX_DEFAULT", "quiet iommu.passthrough=0"),
		  "/etc/default/grub", passthrough_back_on);
	/* nopt turned pt, the user's other token kept */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX_DEFAULT", "quiet intel_iommu=on iommu=nopt,nomerge"),
		  "/etc/default/grub", passthrough_tokens);
	/* two occurrences that turn it off: the last one is changed */
	grub_case(GRUB_SET("GRUB_CMDLINE_LINUX_DEFAULT",
			   "quiet intel_iommu=on iommu=nopt iommu=nopt,soft"),
		  "/etc/default/grub", passthrough_last_soft);
	/* a kernel with xe that modprobe.blacklist already keeps off */
	grub_case("mkdir -p lib/modules/6.1.0-57-amd64/kernel/drivers/gpu/drm/xe && " GRUB_SET(
			  "GRUB_CMDLINE_LINUX", "modprobe.blacklist=xe intel_iommu=on iommu=pt"),
		  NULL, NULL);
}

/*
 * Words that undo the setup and that vfctl does not edit: i915 kept from
 * loading (module_blacklist's last list, any modprobe.blacklist, any
 * initcall_blacklist naming i915_init) or the iGPU's DMAR unit left off
 * (igfx_off on any intel_iommu=). The step is the user's, the word named,
 * nothing written; a module_blacklist=i915 an later list replaces is not.
 */
static void test_grub_against(void **state)
{
	static const struct {
		const char *var, *value, *named;
	} cases[] = {
		{ "GRUB_CMDLINE_LINUX", "modprobe.blacklist=nouveau,i915",
		  "modprobe.blacklist=nouveau,i915 keeps i915" },
		{ "GRUB_CMDLINE_LINUX_DEFAULT", "quiet module_blacklist=xe,i915",
		  "module_blacklist=xe,i915 keeps i915" },
		{ "GRUB_CMDLINE_LINUX", "initcall_blacklist=sysfb_init,i915_init",
		  "initcall_blacklist=sysfb_init,i915_init keeps i915's init" },
		{ "GRUB_CMDLINE_LINUX_DEFAULT", "quiet intel_iommu=on,igfx_off iommu=pt",
		  "intel_iommu=on,igfx_off leaves the iGPU's DMAR unit" },
		{ "GRUB_CMDLINE_LINUX", "module_blacklist=i915 module_blacklist=nouveau", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tree t;
		struct setup_plan p;
		const struct setup_step *s;

		tree_ready(&t);
		sh("cd '%s' && sed -i 's/^%s=.*/%s=\"%s\"/' etc/default/grub", t.root, cases[i].var,
		   cases[i].var, cases[i].value);
		plan(&t, &p, only_cmdline);
		s = step(&p, "cmdline");
		if (cases[i].named) {
			assert_int_equal(s->state, SETUP_USER);
			assert_int_equal(s->nfile + s->ncmd, 0);
			if (!strstr(s->reason, cases[i].named))
				fail_msg("no \"%s\" in: %s", cases[i].named, s->reason);
		} else {
			assert_int_equal(s->state, SETUP_TODO);
		}
		setup_plan_free(&p);
		tree_free(&t);
	}
}

/* The status of finding @id in @r. */
static enum host_status status_of(const struct host_report *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].id, id))
			return r->f[i].status;
	fail_msg("no finding %s", id);
	return HOST_FAIL;
}

/* verify reads the booted line as the plan reads the files it wrote. */
static void test_verify_reads_cmdline_as_plan(void **state)
{
	static const struct {
		const char *booted;
		enum host_status want;
	} cases[] = {
		{ "intel_iommu=on iommu=pt", HOST_PASS },
		{ "intel_iommu=on iommu=pt,nomerge", HOST_PASS },
		{ "intel_iommu=on iommu=nopt iommu.passthrough=1", HOST_PASS },
		{ "intel_iommu=on iommu=pt iommu.passthrough=0", HOST_FAIL },
		{ "intel_iommu=on", HOST_FAIL },
	};
	struct tree t;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);

	(void)state;
	tree_ready(&t);
	plan_apply(&t, only_cmdline, &run);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct setup_plan p;
		struct host_report rep = { 0 };

		sh("printf 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-57-amd64 root=UUID=0b1d %s\n' "
		   "> '%s/proc/cmdline'",
		   cases[i].booted, t.root);
		plan(&t, &p, only_cmdline);
		assert_int_equal(step(&p, "cmdline")->state, SETUP_DONE);
		assert_int_equal(setup_verify(&p, &rep), 0);
		if (status_of(&rep, "setup.cmdline") != cases[i].want)
			fail_msg("booted with %s: setup.cmdline is not %s", cases[i].booted,
				 cases[i].want == HOST_PASS ? "pass" : "fail");
		host_report_free(&rep);
		setup_plan_free(&p);
	}
	tree_free(&t);
}

#define AUTOPROBE_TMPFILES "/etc/tmpfiles.d/00-vfctl-vfio-autoprobe.conf"
#define PF_SYS "sys/bus/pci/devices/0000:00:02.0"
#define USER_TMPFILES_LINE "w /sys/bus/pci/devices/0000:00:02.0/sriov_numvfs - - - - 2\n"

static bool have_tmpfiles(void)
{
	if (!system("systemd-tmpfiles --help >/dev/null 2>&1"))
		return true;
	print_message("skip: no systemd-tmpfiles (Debian's systemd) to apply the files\n");
	return false;
}

/*
 * systemd-tmpfiles on the tree: the "w" lines in the order it applies them
 * (--cat-config lists the files so, and 252 writes them line by line in
 * that order), one per line of @order; then --create writes them.
 */
static void tmpfiles_apply(const struct tree *t, char *order, size_t size)
{
	char cmd[1400];
	FILE *f;
	size_t n;
	snprintf(cmd, sizeof(cmd),
		 "systemd-tmpfiles --root='%s' --cat-config --no-pager | "
		 "sed -n 's/^w[^ ]* [^ ]*\\/\\([a-z_]*\\) .*/\\1/p'",
		 t->root);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(order, 1, size - 1, f);
	order[n] = '\0';
	assert_int_equal(pclose(f), 0);
	/* the fixture's own sriov_numvfs is put back after */
	sh("cd '%s' && cp -p " PF_SYS "/sriov_numvfs '%s/numvfs.saved' && : > " PF_SYS
	   "/sriov_numvfs && : > " PF_SYS "/sriov_drivers_autoprobe && "
	   "systemd-tmpfiles --root='%s' --create",
	   t->root, t->dir, t->root);
}

static void tmpfiles_restore(const struct tree *t)
{
	sh("cd '%s' && rm " PF_SYS "/sriov_drivers_autoprobe && cp -p '%s/numvfs.saved' " PF_SYS
	   "/sriov_numvfs && rm '%s/numvfs.saved'",
	   t->root, t->dir, t->dir);
}

static void test_user_vfs_in_tmpfiles(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *v;
	char *before, *after, order[512];
	bool found = false;

	(void)state;
	tree_ready(&t);
	sh("mkdir -p '%s/etc/tmpfiles.d' && printf '" USER_TMPFILES_LINE "' > "
	   "'%s/etc/tmpfiles.d/i915-sriov.conf'",
	   t.root, t.root);
	before = snap(&t);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	assert_non_null(strstr(v->reason, "your own line 1 of /etc/tmpfiles.d/i915-sriov.conf"));
	for (unsigned int i = 0; i < v->nfile; i++) {
		if (!strcmp(v->file[i].path, AUTOPROBE_TMPFILES)) {
			found = true;
			assert_non_null(strstr(v->file[i].new,
					       "\nw /sys/bus/pci/devices/0000:00:02.0/"
					       "sriov_drivers_autoprobe - - - - 0\n"));
		}
		/* sysfsutils runs later (after sysinit.target): no autoprobe there */
		if (!strcmp(v->file[i].path, "/etc/sysfs.conf")) {
			assert_null(strstr(v->file[i].new, "sriov_drivers_autoprobe"));
			assert_non_null(strstr(v->file[i].new, "driver_override = vfio-pci"));
		}
	}
	assert_true(found);
	apply_ok(&p, &run);
	if (have_tmpfiles()) {
		char *nv;

		/* no-autoprobe first, then the user's VFs */
		tmpfiles_apply(&t, order, sizeof(order));
		assert_string_equal(order, "sriov_drivers_autoprobe\nsriov_numvfs\n");
		/* both lines are the tool's to write (no newline added) */
		nv = read_in(&t, "/" PF_SYS "/sriov_numvfs");
		assert_string_equal(nv, "2");
		free(nv);
		nv = read_in(&t, "/" PF_SYS "/sriov_drivers_autoprobe");
		assert_string_equal(nv, "0");
		free(nv);
		tmpfiles_restore(&t);
	}
	plan(&t, &p, NULL);
	assert_int_equal(setup_plan_todo(&p), 0);
	setup_plan_free(&p);
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	after = snap(&t);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tree_free(&t);

	/* without sysfsutils: the same tmpfiles file, no udev no-autoprobe rule */
	tree_ready(&t);
	sh("rm '%s/etc/init.d/sysfsutils' && mkdir -p '%s/usr/lib/tmpfiles.d' && "
	   "printf '" USER_TMPFILES_LINE "' > '%s/usr/lib/tmpfiles.d/i915-sriov.conf'",
	   t.root, t.root, t.root);
	plan(&t, &p, NULL);
	/* a vendor's file in /usr/lib counts: vfctl makes no second setting */
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	found = false;
	for (unsigned int i = 0; i < v->nfile; i++) {
		found |= !strcmp(v->file[i].path, AUTOPROBE_TMPFILES);
		assert_string_not_equal(v->file[i].path, "/etc/udev/rules.d/59-vfctl-vfio.rules");
	}
	assert_true(found);
	setup_plan_free(&p);

	/* masked by the same name in /etc: not applied, vfctl creates the VFs */
	sh("mkdir -p '%s/etc/tmpfiles.d' && ln -s /dev/null '%s/etc/tmpfiles.d/i915-sriov.conf'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_TODO);
	v = step(&p, "vfio");
	for (unsigned int i = 0; i < v->nfile; i++)
		assert_string_not_equal(v->file[i].path, AUTOPROBE_TMPFILES);
	setup_plan_free(&p);
	tree_free(&t);

	/* a name no vfctl file sorts before: the user renames it */
	tree_ready(&t);
	sh("mkdir -p '%s/etc/tmpfiles.d' && printf '" USER_TMPFILES_LINE "' > "
	   "'%s/etc/tmpfiles.d/00-sriov.conf'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_USER);
	assert_non_null(strstr(v->reason, "line 1 of /etc/tmpfiles.d/00-sriov.conf"));
	assert_non_null(strstr(v->reason, "rename it"));
	assert_int_equal(v->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

static void test_user_vfs_in_udev(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *v;

	(void)state;
	/* sysfsutils runs after the bind event that rule runs on */
	tree_ready(&t);
	sh("mkdir -p '%s/etc/udev/rules.d' && printf 'ACTION==\"add\", SUBSYSTEM==\"pci\", "
	   "KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"2\"\\n' > "
	   "'%s/etc/udev/rules.d/50-sriov.rules'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_USER);
	assert_non_null(strstr(v->reason, "line 1 of /etc/udev/rules.d/50-sriov.rules"));
	assert_int_equal(v->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);

	/* vfctl's udev rules: one on the add and bind events after 59 is ordered */
	tree_ready(&t);
	sh("rm '%s/etc/init.d/sysfsutils' && mkdir -p '%s/etc/udev/rules.d' && "
	   "printf '# mine\\nACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
	   "DRIVER==\"i915\", ATTR{sriov_numvfs}=\"2\"\\n' > '%s/etc/udev/rules.d/70-sriov.rules'",
	   t.root, t.root, t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_TODO);
	assert_string_equal(v->file[1].path, "/etc/udev/rules.d/59-vfctl-vfio.rules");
	setup_plan_free(&p);
	/* before 59, or on another event: the user's */
	sh("cd '%s/etc/udev/rules.d' && mv 70-sriov.rules 58-sriov.rules", t.root);
	plan(&t, &p, NULL);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_USER);
	assert_non_null(strstr(v->reason, "line 2 of /etc/udev/rules.d/58-sriov.rules"));
	assert_non_null(strstr(v->reason, "file-name order"));
	setup_plan_free(&p);
	sh("cd '%s/etc/udev/rules.d' && sed 's/add|bind/change/' 58-sriov.rules > 70-sriov.rules && "
	   "rm 58-sriov.rules",
	   t.root);
	plan(&t, &p, NULL);
	v = step(&p, "vfio");
	assert_int_equal(v->state, SETUP_USER);
	assert_non_null(strstr(v->reason, "another event"));
	setup_plan_free(&p);
	tree_free(&t);

	/* a vendor rule in /usr/lib that picks the PF by its driver */
	tree_ready(&t);
	sh("mkdir -p '%s/usr/lib/udev/rules.d' && printf 'ACTION==\"add|bind\", SUBSYSTEM==\"pci\", "
	   "DRIVER==\"i915\", ATTR{sriov_numvfs}=\"2\"\\n' > "
	   "'%s/usr/lib/udev/rules.d/99-i915-vfs.rules'",
	   t.root, t.root);
	plan(&t, &p, NULL);
	assert_int_equal(step(&p, "vfs")->state, SETUP_DONE);
	assert_int_equal(step(&p, "vfio")->state, SETUP_USER);
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * A user's udev rule creates the VFs on every boot only when it runs on
 * both events the root's udev may see for the PF: "bind" when i915 binds
 * after the initramfs, the coldplug "add" (systemd-udev-trigger.service:
 * udevadm trigger --action=add) when the initramfs bound it. A rule on
 * one of them is the user's to fix; the vfs step says which boots it misses.
 */
static void test_user_vfs_udev_events(void **state)
{
	static const struct {
		const char *keys; /* before SUBSYSTEM== */
		enum setup_state want;
		const char *why; /* in the reason, or NULL */
	} cases[] = {
		{ "ACTION==\"bind\", ", SETUP_USER,
		  "only on the \"bind\" event: when the initramfs" },
		{ "ACTION==\"add\", DRIVER==\"i915\", ", SETUP_USER,
		  "only on the \"add\" event: when i915 binds after the initramfs, \"add\" comes "
		  "before it (its DRIVER key does not match yet)" },
		{ "ACTION==\"add\", ", SETUP_USER,
		  "(the kernel refuses sriov_numvfs with no driver)" },
		{ "ACTION==\"add|bind\", DRIVER==\"i915\", ", SETUP_DONE, NULL },
		{ "ACTION==\"bind|add\", ", SETUP_DONE, NULL },
		{ "ACTION!=\"remove\", DRIVER==\"i915\", ", SETUP_DONE, NULL },
		{ "DRIVERS==\"i915\", ", SETUP_DONE, NULL },
		{ "ACTION==\"b*\", ", SETUP_USER, "only on the \"bind\" event" },
		{ "ACTION==\"add\", ACTION!=\"add\", ", SETUP_USER,
		  "on neither \"add\" nor \"bind\"" },
		{ "ACTION==\"change\", ", SETUP_USER, "on neither" },
	};
	struct tree t;
	struct setup_plan p;
	const struct setup_step *v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree_ready(&t);
		sh("rm '%s/etc/init.d/sysfsutils' && mkdir -p '%s/etc/udev/rules.d' && "
		   "printf '%sSUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		   "ATTR{sriov_numvfs}=\"2\"\\n' > '%s/etc/udev/rules.d/70-sriov.rules'",
		   t.root, t.root, cases[i].keys, t.root);
		plan(&t, &p, NULL);
		v = step(&p, "vfs");
		if (v->state != cases[i].want)
			fail_msg("%s: state %d, not %d: %s", cases[i].keys, v->state, cases[i].want,
				 v->reason);
		if (cases[i].why && !strstr(v->reason, cases[i].why))
			fail_msg("%s: %s", cases[i].keys, v->reason);
		if (cases[i].why)
			assert_non_null(
				strstr(v->reason, "line 1 of /etc/udev/rules.d/70-sriov.rules"));
		assert_int_equal(v->nfile, 0);
		setup_plan_free(&p);
		tree_free(&t);
	}
}

/*
 * The user's rule as udev reads it (host_udev.h), in the shapes of
 * tests/fixtures/udev (README.md there): real.rules 2, a "==" match of
 * sriov_numvfs before its assignment, and 6, a rule continued on the next
 * line (a '#' line inside it skipped); blanks around an operator. "line N"
 * is the line the rule starts on.
 */
static void test_user_vfs_udev_syntax(void **state)
{
	static const struct {
		const char *rules;
		enum setup_state want;
		const char *why; /* in the reason, or NULL */
	} cases[] = {
		{ "ACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", DRIVER==\"i915\", "
		  "ATTR{sriov_numvfs}==\"0\", ATTR{sriov_numvfs}=\"2\"\n",
		  SETUP_USER,
		  "line 1 of /etc/udev/rules.d/70-sriov.rules creates the VFs only on "
		  "the \"bind\" event" },
		{ "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		  "ATTR{sriov_numvfs} = \"2\"\n",
		  SETUP_USER, "only on the \"add\" event" },
		{ "# mine\nACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", \\\n"
		  "    DRIVER==\"i915\", ATTR{sriov_numvfs}=\"2\"\n",
		  SETUP_DONE, NULL },
		{ "# mine\nACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", \\\n"
		  "    DRIVER==\"i915\", ATTR{sriov_numvfs}=\"2\"\n",
		  SETUP_USER,
		  "line 2 of /etc/udev/rules.d/70-sriov.rules creates the VFs only on "
		  "the \"bind\" event" },
		{ "ACTION==\"add\", SUBSYSTEM==\"pci\", \\\n# ACTION==\"bind\", \\\n"
		  "    KERNEL==\"0000:00:02.0\", DRIVER==\"i915\", ATTR{sriov_numvfs}=\"2\"\n",
		  SETUP_USER, "only on the \"add\" event" },
	};
	struct tree t;
	struct setup_plan p;
	const struct setup_step *v;
	char path[600];
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree_ready(&t);
		sh("rm '%s/etc/init.d/sysfsutils' && mkdir -p '%s/etc/udev/rules.d'", t.root,
		   t.root);
		snprintf(path, sizeof(path), "%s/etc/udev/rules.d/70-sriov.rules", t.root);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(cases[i].rules, f);
		fclose(f);
		plan(&t, &p, NULL);
		v = step(&p, "vfs");
		if (v->state != cases[i].want)
			fail_msg("%s: state %d, not %d: %s", cases[i].rules, v->state,
				 cases[i].want, v->reason);
		if (cases[i].why && !strstr(v->reason, cases[i].why))
			fail_msg("%s: %s", cases[i].rules, v->reason);
		/* the user's rule is the setting: vfctl writes no second one */
		assert_int_equal(v->nfile, 0);
		setup_plan_free(&p);
		tree_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_kernel_headers),
		cmocka_unit_test(test_tree_proxmox_headers),
		cmocka_unit_test(test_live_root_running_kernel),
		cmocka_unit_test(test_grub_cloud_image_grub_d),
		cmocka_unit_test(test_grub_later_duplicate),
		cmocka_unit_test(test_grub_same_effect),
		cmocka_unit_test(test_grub_against),
		cmocka_unit_test(test_verify_reads_cmdline_as_plan),
		cmocka_unit_test(test_user_vfs_in_tmpfiles),
		cmocka_unit_test(test_user_vfs_in_udev),
		cmocka_unit_test(test_user_vfs_udev_events),
		cmocka_unit_test(test_user_vfs_udev_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
