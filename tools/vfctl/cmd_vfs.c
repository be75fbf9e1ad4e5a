// SPDX-License-Identifier: MIT
/*
 * vfctl vfs (status, enable, disable, persist) and vfctl vfio (bind,
 * unbind): the VF lifecycle over lib/host/host_vfs.h. `status` never
 * writes. JSON of status:
 *   { "pf", "pf_driver", "sriov", "dkms", "totalvfs", "numvfs",
 *     "persisted" (N or null), "persist_source",
 *     "vfs": [ { "vf", "bdf", "driver", "iommu_group", "in_use_by" } ] }
 * Errors exit 1 (refused/failed), 2 (invalid request), 3 (system lacks it).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_pci.h"
#include "host/host_vfs.h"
#include "tools/vfctl/vfctl.h"

struct common {
	const char *root;
	const char *pf; /* sysfs form, in pf_buf */
	bool json;
	char pf_buf[ARGS_PCI_STR];
};

/* An address in any form lspci prints, rewritten as sysfs names it. */
static int pci_arg(const char *s, const char *fallback, char *buf)
{
	char err[ARGS_ERR_MAX];

	if (!args_pci_canonical(s, buf, ARGS_PCI_STR, err, sizeof(err)))
		return 0;
	vfctl_error(vfctl_fix(s, fallback, NULL), "%s", err);
	return -1;
}

/* Every vfs and vfio subcommand takes these. */
static const struct option common_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "pf", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct vfctl_value common_values[] = {
	{ "root", VFCTL_VALUE_DIR },
	{ NULL },
};

static int parse_common(int argc, char **argv, struct common *c, void (*usage)(FILE *))
{
	int o;

	c->root = "/";
	c->pf = HOST_PF_BDF;
	c->json = vfctl_out_json(); /* --json anywhere decides (vfctl_out.h) */
	snprintf(c->pf_buf, sizeof(c->pf_buf), "%s", HOST_PF_BDF);
	while ((o = getopt_long(argc, argv, "h", common_longopts, NULL)) != -1) {
		switch (o) {
		case 'r':
			c->root = optarg;
			break;
		case 'p':
			if (pci_arg(optarg, HOST_PF_BDF, c->pf_buf))
				return -2;
			break;
		case 'j':
			c->json = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			vfctl_bad_usage(argc, argv, usage);
			return -2;
		}
	}
	c->pf = c->pf_buf;
	return 0;
}

static int report(const struct common *c, int ret, const struct host_err *e, const char *done)
{
	if (ret) {
		const char *hint = e->hint[0] ? e->hint :
						"run 'vfctl doctor' to see which step is missing";

		/* What a half-done change left behind, when it could not be undone. */
		if (e->state[0])
			vfctl_error(hint, "%s Now: %s.", e->msg, e->state);
		else
			vfctl_error(hint, "%s", e->msg);
		return e->kind ? (int)e->kind : VFCTL_FAILED;
	}
	if (c->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "ok", json_object_new_boolean(1));
		json_object_object_add(o, "done", json_object_new_string(done));
		vfctl_json_print(o);
	} else {
		printf("%s\n", done);
	}
	return VFCTL_OK;
}

static int vfs_status(int argc, char **argv);
static int vfs_enable(int argc, char **argv);
static int vfs_disable(int argc, char **argv);
static int vfs_persist(int argc, char **argv);
static int vfio_bind(int argc, char **argv);
static int vfio_unbind(int argc, char **argv);

#define BDF_HELP "BDF: 00:02.0 or 0000:00:02.0, as lspci prints it.\n"

#define VFS_SUB(n, fn, syn, text)                                                       \
	{                                                                               \
		.name = n, .run = fn, .opts = common_longopts, .values = common_values, \
		.synopsis = syn, .help = text, .notes = BDF_HELP                        \
	}

static const struct vfctl_sub vfs_subs[] = {
	VFS_SUB("status", vfs_status, "vfctl vfs status  [--root DIR] [--pf BDF] [--json]",
		"the PF's driver, sriov_totalvfs/numvfs, each VF's driver and IOMMU\n"
		"group, whether a VM holds it, and the boot setting (never writes)\n"),
	VFS_SUB("enable", vfs_enable, "vfctl vfs enable N [--root DIR] [--pf BDF] [--json]",
		"set N VFs (1..7, at most sriov_totalvfs); from M VFs it goes through 0,\n"
		"and refuses while a VM holds a VF\n"),
	VFS_SUB("disable", vfs_disable, "vfctl vfs disable [--root DIR] [--pf BDF] [--json]",
		"remove all VFs, unless a VM holds one\n"),
	VFS_SUB("persist", vfs_persist, "vfctl vfs persist N [--root DIR] [--pf BDF] [--json]",
		"enable N VFs at boot (" HOST_TMPFILES_CONF "; 0 removes it)\n"),
	{ NULL },
};

static const struct vfctl_sub vfio_subs[] = {
	VFS_SUB("bind", vfio_bind, "vfctl vfio bind   VF|all [--root DIR] [--pf BDF] [--json]",
		"hand a VF (00:02.1 or 0000:00:02.1) to vfio-pci for a VM: driver_override,\n"
		"unbind, drivers_probe (what virsh nodedev-detach does); PFs refused\n"),
	VFS_SUB("unbind", vfio_unbind, "vfctl vfio unbind VF|all [--root DIR] [--pf BDF] [--json]",
		"give it back to its own driver; refused while a VM holds it\n"),
	{ NULL },
};

static void vfs_usage(FILE *out)
{
	vfctl_sub_usage(out, &vfctl_cmd_vfs);
}

static void vfio_usage(FILE *out)
{
	vfctl_sub_usage(out, &vfctl_cmd_vfio);
}

static void print_status(const struct common *c, const struct host_vfs_status *st)
{
	unsigned int i;

	if (c->json) {
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();

		json_object_object_add(o, "pf", json_object_new_string(c->pf));
		json_object_object_add(o, "pf_driver", json_object_new_string(st->pf_driver));
		json_object_object_add(o, "sriov", json_object_new_boolean(st->sriov));
		json_object_object_add(o, "dkms", json_object_new_boolean(st->dkms));
		json_object_object_add(o, "totalvfs", json_object_new_int((int)st->total));
		json_object_object_add(o, "numvfs", json_object_new_int((int)st->num));
		json_object_object_add(o, "persisted",
				       st->persisted < 0 ? NULL :
							   json_object_new_int(st->persisted));
		json_object_object_add(o, "persist_source",
				       st->persisted < 0 ? NULL :
							   json_object_new_string(st->persist_src));
		for (i = 0; i < st->nvf; i++) {
			const struct host_vf *vf = &st->vf[i];
			struct json_object *v = json_object_new_object();

			json_object_object_add(v, "vf", json_object_new_int((int)vf->n));
			json_object_object_add(v, "bdf", json_object_new_string(vf->bdf));
			json_object_object_add(v, "driver", json_object_new_string(vf->driver));
			json_object_object_add(v, "iommu_group", json_object_new_int(vf->group));
			json_object_object_add(v, "in_use_by",
					       vf->user ? json_object_new_int((int)vf->user) :
							  NULL);
			json_object_array_add(a, v);
		}
		json_object_object_add(o, "vfs", a);
		vfctl_json_print(o);
		return;
	}
	printf("PF %s  driver %s%s  SR-IOV %s  VFs %u of %u\n", c->pf,
	       st->pf_driver[0] ? st->pf_driver : "none",
	       !strcmp(st->pf_driver, "i915") ? (st->dkms ? " (DKMS)" : " (stock)") : "",
	       st->sriov ? "yes" : "no", st->num, st->total);
	if (st->persisted >= 0)
		printf("at boot: %d VFs (%s)\n", st->persisted, st->persist_src);
	else
		printf("at boot: not set (vfctl vfs persist N)\n");
	if (st->nvf)
		printf("\n%-4s %-14s %-10s %6s  %s\n", "VF", "address", "driver", "group",
		       "in use");
	for (i = 0; i < st->nvf; i++) {
		const struct host_vf *vf = &st->vf[i];
		char user[96] = "-";

		if (vf->user)
			snprintf(user, sizeof(user), "pid %d (%s)", (int)vf->user, vf->user_comm);
		printf("VF%-2u %-14s %-10s %6d  %s\n", vf->n, vf->bdf,
		       vf->driver[0] ? vf->driver : "none", vf->group, user);
	}
}

/* What a vfs subcommand takes after its options. */
enum vfs_operand {
	NO_COUNT,
	ENABLE_COUNT, /* 1..255: any SR-IOV PF's sriov_totalvfs is the limit */
	PERSIST_COUNT, /* 0..7: for the iGPU; 0 removes the boot setting */
};

/*
 * The options and the operand of a vfs subcommand, @argv from its name on.
 * Return: -1 to go on, or the exit code.
 */
static int vfs_args(int argc, char **argv, enum vfs_operand want, struct common *c, unsigned int *n)
{
	const char *sub = argv[0];
	unsigned long min = want == ENABLE_COUNT, v;
	unsigned long lim = want == ENABLE_COUNT ? 255 : HOST_IGPU_MAX_VFS;
	char err[ARGS_ERR_MAX], max[4];
	int ret;

	ret = parse_common(argc, argv, c, vfs_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	argc -= optind;
	argv += optind;
	if (want == NO_COUNT) {
		if (!argc)
			return -1;
		vfctl_error(vfctl_fix(argv[0], NULL, NULL), "'vfs %s' takes no argument '%s'", sub,
			    argv[0]);
		return VFCTL_USAGE;
	}
	snprintf(max, sizeof(max), "%u", HOST_IGPU_MAX_VFS);
	if (argc != 1) {
		vfctl_error(vfctl_fix(NULL, NULL, max),
			    "'vfs %s' needs one number of VFs, %lu to %lu", sub, min, lim);
		return VFCTL_USAGE;
	}
	if (args_uint_parse(argv[0], "a number of VFs", min, lim, &v, err, sizeof(err))) {
		if (want == ENABLE_COUNT)
			vfctl_error(vfctl_fix(argv[0], max, NULL), "%s", err);
		else
			vfctl_error(vfctl_fix(argv[0], max, NULL),
				    "%s (the iGPU has at most %u VFs)", err, HOST_IGPU_MAX_VFS);
		return VFCTL_USAGE;
	}
	*n = (unsigned int)v;
	return -1;
}

static int vfs_status(int argc, char **argv)
{
	struct host_vfs_status st;
	struct common c;
	int ret;

	ret = vfs_args(argc, argv, NO_COUNT, &c, NULL);
	if (ret >= 0)
		return ret;
	if (host_vfs_status(c.root, c.pf, &st)) {
		vfctl_error("vfctl doctor explains what is missing", "there is no PCI device %s",
			    c.pf);
		return VFCTL_ENV;
	}
	print_status(&c, &st);
	return VFCTL_OK;
}

static int vfs_enable(int argc, char **argv)
{
	struct host_err e = { 0 };
	struct common c;
	unsigned int n;
	char done[128];
	int ret;

	ret = vfs_args(argc, argv, ENABLE_COUNT, &c, &n);
	if (ret >= 0)
		return ret;
	ret = host_vfs_enable(c.root, c.pf, n, NULL, &e);
	snprintf(done, sizeof(done), "%u VFs enabled on %s.", n, c.pf);
	return report(&c, ret, &e, done);
}

static int vfs_disable(int argc, char **argv)
{
	struct host_err e = { 0 };
	struct common c;
	char done[128];
	int ret;

	ret = vfs_args(argc, argv, NO_COUNT, &c, NULL);
	if (ret >= 0)
		return ret;
	ret = host_vfs_disable(c.root, c.pf, NULL, &e);
	snprintf(done, sizeof(done), "VFs disabled on %s.", c.pf);
	return report(&c, ret, &e, done);
}

static int vfs_persist(int argc, char **argv)
{
	struct host_err e = { 0 };
	struct common c;
	unsigned int n;
	char done[128];
	int ret;

	ret = vfs_args(argc, argv, PERSIST_COUNT, &c, &n);
	if (ret >= 0)
		return ret;
	ret = host_vfs_persist(c.root, c.pf, n, &e);
	if (n)
		snprintf(done, sizeof(done), "%u VFs will be enabled at boot (%s).", n,
			 HOST_TMPFILES_CONF);
	else
		snprintf(done, sizeof(done), "Removed %s.", HOST_TMPFILES_CONF);
	return report(&c, ret, &e, done);
}

/* vfio bind and unbind, @argv from the subcommand's name on. */
static int vfio(int argc, char **argv, bool bind)
{
	struct host_vfs_status st;
	struct host_err e = { 0 };
	struct common c;
	const char *sub, *target;
	char done[128], vf[ARGS_PCI_STR];
	unsigned int i;
	int ret = 0;

	sub = argv[0];
	ret = parse_common(argc, argv, &c, vfio_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	if (argc - optind != 1) {
		vfctl_error(vfctl_fix(NULL, NULL, "0000:00:02.1"),
			    "'vfio %s' needs one VF address or 'all'", sub);
		return VFCTL_USAGE;
	}
	target = argv[optind];
	if (strcmp(target, "all")) {
		if (pci_arg(target, "0000:00:02.1", vf))
			return VFCTL_USAGE;
		target = vf;
		ret = bind ? host_vfio_bind(c.root, target, NULL, &e) :
			     host_vfio_unbind(c.root, target, NULL, &e);
		snprintf(done, sizeof(done), "%s %s.", target,
			 bind ? "is bound to vfio-pci" : "is back with its own driver");
		return report(&c, ret, &e, done);
	}
	if (host_vfs_status(c.root, c.pf, &st) || !st.nvf) {
		vfctl_error("vfctl vfs enable N first", "%s has no VFs", c.pf);
		return VFCTL_ENV;
	}
	for (i = 0; i < st.nvf && !ret; i++)
		ret = bind ? host_vfio_bind(c.root, st.vf[i].bdf, NULL, &e) :
			     host_vfio_unbind(c.root, st.vf[i].bdf, NULL, &e);
	/* The VFs before the failing one did change: say which are where. */
	if (ret && i > 1)
		host_vfs_describe(c.root, c.pf, e.state, sizeof(e.state));
	snprintf(done, sizeof(done), "%u VFs %s.", st.nvf,
		 bind ? "are bound to vfio-pci" : "are back with their own driver");
	return report(&c, ret, &e, done);
}

static int vfio_bind(int argc, char **argv)
{
	return vfio(argc, argv, true);
}

static int vfio_unbind(int argc, char **argv)
{
	return vfio(argc, argv, false);
}

const struct vfctl_cmd vfctl_cmd_vfs = {
	.name = "vfs",
	.summary = "VF status, enable N, disable, persist N at boot",
	.subs = vfs_subs,
	.usage = vfs_usage,
	.example = "status",
};

const struct vfctl_cmd vfctl_cmd_vfio = {
	.name = "vfio",
	.summary = "bind or unbind VFs to vfio-pci for VMs",
	.subs = vfio_subs,
	.usage = vfio_usage,
	.example = "bind all",
};
