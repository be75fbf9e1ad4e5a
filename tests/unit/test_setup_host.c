// SPDX-License-Identifier: MIT
/*
 * vfctl setup takes its facts from the root it sets up, never from the
 * machine running it:
 * - the kernel: a tree without /proc (a mounted disk, an image) is set up
 *   for the kernel it boots by default, laid out as Debian's own packages
 *   lay it out (/vmlinuz -> boot/vmlinuz-REL, modules in /usr/lib/modules
 *   behind the /lib link), and its headers are named as its distribution
 *   names them.
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

#define DKMS_SRC "/usr/src/i915-sriov-dkms-2025.07.22"

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_kernel_headers),
		cmocka_unit_test(test_tree_proxmox_headers),
		cmocka_unit_test(test_live_root_running_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
