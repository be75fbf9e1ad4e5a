// SPDX-License-Identifier: MIT
/*
 * The VF lifecycle against fixture trees, with a model of the kernel's
 * sysfs store handlers behind every write (host_sysfs_model.c): the rules
 * (through 0, within sriov_totalvfs, never under a VM), the order of the
 * writes, and the cause named for every errno the kernel can return.
 */
#include <errno.h>
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

#include "host/host_fs.h"
#include "host/host_pci.h"
#include "host/host_vfs.h"
#include "host_fixture.h"
#include "host_sysfs_model.h"
#include "host_tree_lint.h"

#define PF "0000:00:02.0"
#define NUMVFS "/sys/bus/pci/devices/0000:00:02.0/sriov_numvfs"

struct ctx {
	struct host_fixture fx;
	struct host_sysfs_model m;
	struct host_io io;
	struct host_err e;
};

static struct ctx *setup(const char *name)
{
	struct ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	assert_int_equal(host_fixture_make(name, &c->fx), 0);
	c->m.root = c->fx.root;
	c->io = host_sysfs_model_io(&c->m);
	return c;
}

static void teardown(struct ctx *c)
{
	host_fixture_free(&c->fx);
	free(c);
}

/* What the model left is a tree a kernel could show (host_tree_lint.c). */
static void assert_real(struct ctx *c)
{
	static char out[8192];

	if (host_tree_lint(c->fx.root, out, sizeof(out)))
		fail_msg("the model left a tree no kernel shows:\n%s", out);
}

static unsigned int numvfs(struct ctx *c)
{
	uint64_t v = 99;

	assert_int_equal(host_read_u64(c->fx.root, NUMVFS, &v), 0);
	return (unsigned int)v;
}

static void test_status(void **state)
{
	struct ctx *c = setup("base");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_string_equal(st.pf_driver, "i915");
	assert_true(st.sriov && st.dkms);
	assert_int_equal(st.total, 7);
	assert_int_equal(st.num, 7);
	assert_int_equal(st.nvf, 7);
	assert_string_equal(st.vf[0].bdf, "0000:00:02.1");
	assert_string_equal(st.vf[0].driver, "vfio-pci");
	assert_int_equal(st.vf[0].group, 15);
	assert_int_equal(st.vf[0].user, 0);
	assert_string_equal(st.vf[6].driver, "i915");
	assert_int_equal(st.persisted, 7);
	assert_string_equal(st.persist_src, HOST_TMPFILES_CONF);
	assert_false(st.persist_conflict);
	teardown(c);
}

/* Without an IOMMU a VF has no group: -1, as host_vf says, not an errno. */
static void test_status_without_iommu(void **state)
{
	struct ctx *c = setup("no-vtd");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_int_equal(st.nvf, 7);
	assert_int_equal(st.vf[0].group, -1);
	assert_int_equal(st.vf[6].group, -1);
	teardown(c);
}

/* sriov_drivers_autoprobe 0: the kernel creates the VFs but binds no driver. */
static void test_enable_without_autoprobe(void **state)
{
	struct ctx *c = setup("no-mmio");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_write(c->fx.root,
				    "/sys/bus/pci/devices/" PF "/sriov_drivers_autoprobe", "0\n"),
			 0);
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 2, &c->io, &c->e), 0);
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_int_equal(st.nvf, 2);
	assert_string_equal(st.vf[1].driver, "");
	assert_real(c);
	teardown(c);
}

static void test_enable_goes_through_zero(void **state)
{
	struct ctx *c = setup("base");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 3, &c->io, &c->e), 0);
	assert_string_equal(c->m.log, NUMVFS "=0\n" NUMVFS "=3\n");
	assert_int_equal(numvfs(c), 3);
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_int_equal(st.nvf, 3);
	assert_real(c);
	/* the same number again writes nothing */
	c->m.log[0] = '\0';
	c->m.writes = 0;
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 3, &c->io, &c->e), 0);
	assert_int_equal(c->m.writes, 0);
	teardown(c);
}

/* Without our rule, the PCI core itself refuses M -> N: the model says so. */
static void test_model_refuses_m_to_n(void **state)
{
	struct ctx *c = setup("base");

	(void)state;
	assert_int_equal(c->io.write(c->io.priv, c->fx.root, NUMVFS, "3"), -EBUSY);
	assert_int_equal(numvfs(c), 7);
	teardown(c);
}

static void test_enable_from_zero(void **state)
{
	struct ctx *c = setup("no-mmio");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 7, &c->io, &c->e), 0);
	assert_string_equal(c->m.log, NUMVFS "=7\n");
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_int_equal(st.nvf, 7);
	assert_string_equal(st.vf[6].bdf, "0000:00:02.7");
	/* new VFs get an IOMMU group each, and probe to i915 */
	assert_true(st.vf[6].group >= 0);
	assert_string_equal(st.vf[6].driver, "i915");
	assert_real(c);
	teardown(c);
}

static void test_enable_above_total(void **state)
{
	struct ctx *c = setup("max-vfs-2");

	(void)state;
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 3, &c->io, &c->e), -ERANGE);
	assert_int_equal(c->e.kind, HOST_ERR_USAGE);
	assert_non_null(strstr(c->e.msg, "offers 2"));
	assert_non_null(strstr(c->e.hint, "max_vfs"));
	assert_int_equal(c->m.writes, 0);
	teardown(c);
}

/* Every errno the PF driver can return, mapped to its cause. */
static void test_kernel_errors(void **state)
{
	static const struct {
		int err;
		enum host_err_kind kind;
		const char *msg, *hint;
	} t[] = {
		{ -ENOMEM, HOST_ERR_FAILED, "MMIO", "Above 4G Decoding" },
		{ -ENOENT, HOST_ERR_ENV, "stock i915", "i915-sriov-dkms" },
		{ -ERANGE, HOST_ERR_USAGE, "i915.max_vfs", "i915.max_vfs=7" },
		{ -EBUSY, HOST_ERR_FAILED, "busy", "vfctl vfs disable" },
		{ -EPERM, HOST_ERR_FAILED, "assigned to a guest", "shut down" },
		{ -EACCES, HOST_ERR_ENV, "root", "root" },
		{ -EIO, HOST_ERR_FAILED, "Input/output error", "dmesg" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ctx *c = setup("no-mmio");

		c->m.enable_err = t[i].err;
		assert_int_equal(host_vfs_enable(c->fx.root, PF, 7, &c->io, &c->e), t[i].err);
		assert_int_equal(c->e.kind, t[i].kind);
		if (!strstr(c->e.msg, t[i].msg) || !strstr(c->e.hint, t[i].hint))
			fail_msg("%d: '%s' / '%s'", t[i].err, c->e.msg, c->e.hint);
		assert_int_equal(numvfs(c), 0);
		teardown(c);
	}
}

static void test_refused_before_writing(void **state)
{
	static const struct {
		const char *fixture;
		int err;
		enum host_err_kind kind;
		const char *msg;
	} t[] = {
		{ "stock-i915", -ENOENT, HOST_ERR_ENV, "stock module" },
		{ "pf-vfio", -ENOENT, HOST_ERR_ENV, "vfio-pci" },
		{ "no-sriov-bios", -ENODEV, HOST_ERR_ENV, "no SR-IOV" },
		{ "xe-bound", -ENOENT, HOST_ERR_ENV, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ctx *c = setup(t[i].fixture);
		int ret = host_vfs_enable(c->fx.root, PF, 2, &c->io, &c->e);

		/* xe passes our checks; the PCI core (model) answers ENOENT */
		if (!t[i].msg) {
			assert_int_equal(ret, -ENOENT);
			assert_int_equal(c->m.writes, 1);
		} else {
			if (ret != t[i].err || !strstr(c->e.msg, t[i].msg))
				fail_msg("%s: %d '%s'", t[i].fixture, ret, c->e.msg);
			assert_int_equal(c->m.writes, 0);
		}
		assert_int_equal(c->e.kind, t[i].kind);
		teardown(c);
	}
}

static void test_in_use_refused(void **state)
{
	struct ctx *c = setup("vf-in-use");
	char comm[64];

	(void)state;
	assert_int_equal(host_vfio_user(c->fx.root, "0000:00:02.1", comm, sizeof(comm)), 4242);
	assert_string_equal(comm, "qemu-system-x86");
	assert_int_equal(host_vfio_user(c->fx.root, "0000:00:02.2", NULL, 0), 0);
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 3, &c->io, &c->e), -EBUSY);
	assert_non_null(strstr(c->e.msg, "VF1 (0000:00:02.1) is in use"));
	assert_non_null(strstr(c->e.hint, "4242"));
	assert_int_equal(host_vfs_disable(c->fx.root, PF, &c->io, &c->e), -EBUSY);
	assert_int_equal(host_vfio_unbind(c->fx.root, "0000:00:02.1", &c->io, &c->e), -EBUSY);
	assert_int_equal(c->m.writes, 0);
	assert_int_equal(numvfs(c), 7);
	teardown(c);
}

static void test_disable(void **state)
{
	struct ctx *c = setup("base");
	struct host_vfs_status st;

	(void)state;
	assert_int_equal(host_vfs_disable(c->fx.root, PF, &c->io, &c->e), 0);
	assert_string_equal(c->m.log, NUMVFS "=0\n");
	assert_int_equal(host_vfs_status(c->fx.root, PF, &st), 0);
	assert_int_equal(st.num, 0);
	assert_int_equal(st.nvf, 0);
	/* the VFs are gone, not only their links */
	assert_false(host_exists(c->fx.root, "/sys/devices/pci0000:00/0000:00:02.1"));
	assert_real(c);
	c->m.writes = 0;
	assert_int_equal(host_vfs_disable(c->fx.root, PF, &c->io, &c->e), 0);
	assert_int_equal(c->m.writes, 0);
	assert_int_equal(host_vfs_enable(c->fx.root, PF, 0, &c->io, &c->e), 0);
	assert_int_equal(c->m.writes, 0);
	teardown(c);

	c = setup("base");
	c->m.disable_err = -EPERM;
	assert_int_equal(host_vfs_disable(c->fx.root, PF, &c->io, &c->e), -EPERM);
	assert_non_null(strstr(c->e.msg, "assigned to a guest"));
	teardown(c);
}

/* A write that "succeeds" without effect is caught by the read-back. */
static int lying_write(void *priv, const char *root, const char *path, const char *text)
{
	(void)priv, (void)root, (void)path, (void)text;
	return 0;
}

static void test_readback(void **state)
{
	struct ctx *c = setup("base");
	struct host_io io = { .write = lying_write };

	(void)state;
	assert_int_equal(host_vfs_disable(c->fx.root, PF, &io, &c->e), -EIO);
	assert_non_null(strstr(c->e.msg, "reads 7 after writing 0"));
	teardown(c);
}

static void test_persist(void **state)
{
	struct ctx *c = setup("base");
	char *text, src[256];
	bool conflict;

	(void)state;
	assert_int_equal(host_vfs_persist(c->fx.root, PF, 4, &c->e), 0);
	assert_int_equal(host_read(c->fx.root, HOST_TMPFILES_CONF, &text, NULL), 0);
	assert_non_null(strstr(text,
			       "\nw /sys/devices/pci0000:00/0000:00:02.0/sriov_numvfs - - - - "
			       "4\n"));
	free(text);
	assert_int_equal(host_vfs_persisted(c->fx.root, PF, src, sizeof(src), &conflict), 4);
	assert_false(conflict);
	assert_int_equal(host_vfs_persist(c->fx.root, PF, 8, &c->e), -ERANGE);
	assert_int_equal(c->e.kind, HOST_ERR_USAGE);
	assert_int_equal(host_vfs_persist(c->fx.root, PF, 0, &c->e), 0);
	assert_false(host_exists(c->fx.root, HOST_TMPFILES_CONF));
	assert_int_equal(host_vfs_persisted(c->fx.root, PF, NULL, 0, NULL), -1);
	teardown(c);

	/* the guide's sysfs.conf is read too; two sources that disagree are flagged */
	c = setup("max-vfs-2");
	assert_int_equal(host_vfs_persisted(c->fx.root, PF, src, sizeof(src), &conflict), 7);
	assert_string_equal(src, "/etc/sysfs.conf");
	assert_int_equal(host_vfs_persist(c->fx.root, PF, 2, &c->e), 0);
	assert_int_equal(host_vfs_persisted(c->fx.root, PF, src, sizeof(src), &conflict), 7);
	assert_true(conflict);
	teardown(c);
}

static void put_file(struct ctx *c, const char *path, const char *text)
{
	char p[600];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", c->fx.root, path);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* @text as the tree's /etc/sysfs.conf, and what the host then persists. */
static int sysfs_conf(struct ctx *c, const char *text)
{
	put_file(c, "/etc/sysfs.conf", text);
	return host_vfs_persisted(c->fx.root, PF, NULL, 0, NULL);
}

/*
 * sysfs.conf as sysfsutils' boot script applies it (host_sysfs_conf.h):
 * a mode line is a chmod, a comment's numbers are no value, a value the
 * kernel refuses changes nothing, any path reaching the PF's attribute
 * counts (the bus link, a glob, the DRM card's device link), another
 * device's does not, and after a syntax error nothing more is applied,
 * /etc/sysfs.d included.
 */
static void test_persist_sysfs_conf(void **state)
{
	struct ctx *c = setup("base");
	char p[600];

	(void)state;
	/* the base tree persists through tmpfiles: take that away */
	snprintf(p, sizeof(p), "%s/etc/tmpfiles.d/i915-sriov-numvfs.conf", c->fx.root);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(sysfs_conf(c, "devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7\n"), 7);
	assert_int_equal(sysfs_conf(c,
				    "devices/pci0000:00/0000:00:02.0/sriov_numvfs = 2 # of 7\n"
				    "mode devices/pci0000:00/0000:00:02.0/sriov_numvfs = 0664\n"),
			 2);
	assert_int_equal(
		sysfs_conf(c, "mode devices/pci0000:00/0000:00:02.0/sriov_numvfs = 0664\n"), -1);
	assert_int_equal(sysfs_conf(c, "devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7\r\n"), -1);
	assert_int_equal(sysfs_conf(c, "bus/pci/devices/" PF "/sriov_numvfs = 0x3\n"), 3);
	assert_int_equal(sysfs_conf(c, "devices/pci0000:00/0000:00:0?.0/sriov_numvfs = 4\n"), 4);
	assert_int_equal(sysfs_conf(c, "bus/pci/devices/0000:00:02.1/sriov_numvfs = 4\n"), -1);
	assert_int_equal(sysfs_conf(c, "bus/pci/devices/" PF "/sriov_numvfs = 5\n"
				       "this line = is wrong\n"
				       "bus/pci/devices/" PF "/sriov_numvfs = 6\n"),
			 5);
	assert_int_equal(mkdir(strcat(strcpy(p, c->fx.root), "/etc/sysfs.d"), 0755), 0);
	put_file(c, "/etc/sysfs.d/vfs.conf", "bus/pci/devices/" PF "/sriov_numvfs = 6\n");
	assert_int_equal(sysfs_conf(c, "kernel/mm/transparent_hugepage/enabled = never\n"), 6);
	assert_int_equal(sysfs_conf(c, "kernel/mm/transparent_hugepage/enabled never always\n"),
			 -1);
	teardown(c);
}

static void test_vfio_bind(void **state)
{
	struct ctx *c = setup("base");
	char drv[64];

	(void)state;
	assert_int_equal(host_vfio_bind(c->fx.root, "0000:00:02.3", &c->io, &c->e), 0);
	assert_string_equal(c->m.log,
			    "/sys/bus/pci/devices/0000:00:02.3/driver_override=vfio-pci\n"
			    "/sys/bus/pci/devices/0000:00:02.3/driver/unbind=0000:00:02.3\n"
			    "/sys/bus/pci/drivers_probe=0000:00:02.3\n");
	assert_int_equal(host_pci_driver(c->fx.root, "0000:00:02.3", drv, sizeof(drv)), 0);
	assert_string_equal(drv, "vfio-pci");
	assert_real(c);
	c->m.writes = 0;
	assert_int_equal(host_vfio_bind(c->fx.root, "0000:00:02.1", &c->io, &c->e), 0);
	assert_int_equal(c->m.writes, 0);
	assert_int_equal(host_vfio_bind(c->fx.root, PF, &c->io, &c->e), -EINVAL);
	assert_int_equal(c->e.kind, HOST_ERR_USAGE);
	assert_int_equal(host_vfio_bind(c->fx.root, "0000:00:02.9", &c->io, &c->e), -EINVAL);
	assert_int_equal(host_vfio_bind(c->fx.root, "0000:00:03.0", &c->io, &c->e), -ENODEV);
	assert_int_equal(c->m.writes, 0);

	/* back: override cleared, unbound from vfio-pci, probed by i915 */
	c->m.log[0] = '\0';
	assert_int_equal(host_vfio_unbind(c->fx.root, "0000:00:02.3", &c->io, &c->e), 0);
	assert_string_equal(c->m.log, "/sys/bus/pci/devices/0000:00:02.3/driver_override=\n"
				      "/sys/bus/pci/drivers/vfio-pci/unbind=0000:00:02.3\n"
				      "/sys/bus/pci/drivers_probe=0000:00:02.3\n");
	assert_int_equal(host_pci_driver(c->fx.root, "0000:00:02.3", drv, sizeof(drv)), 0);
	assert_string_equal(drv, "i915");
	assert_real(c);
	teardown(c);

	c = setup("base");
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/bus/pci/drivers/vfio-pci'", c->fx.root);
		assert_int_equal(system(cmd), 0);
	}
	assert_int_equal(host_vfio_bind(c->fx.root, "0000:00:02.3", &c->io, &c->e), -ENOENT);
	assert_int_equal(c->e.kind, HOST_ERR_ENV);
	assert_string_equal(c->e.hint, "modprobe vfio-pci");
	teardown(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_without_iommu),
		cmocka_unit_test(test_enable_without_autoprobe),
		cmocka_unit_test(test_enable_goes_through_zero),
		cmocka_unit_test(test_model_refuses_m_to_n),
		cmocka_unit_test(test_enable_from_zero),
		cmocka_unit_test(test_enable_above_total),
		cmocka_unit_test(test_kernel_errors),
		cmocka_unit_test(test_refused_before_writing),
		cmocka_unit_test(test_in_use_refused),
		cmocka_unit_test(test_disable),
		cmocka_unit_test(test_readback),
		cmocka_unit_test(test_persist),
		cmocka_unit_test(test_persist_sysfs_conf),
		cmocka_unit_test(test_vfio_bind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
