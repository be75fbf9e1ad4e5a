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
	vfctl_error(false, vfctl_fix(s, fallback, NULL), "%s", err);
	return -1;
}

static int parse_common(int argc, char **argv, struct common *c, void (*usage)(FILE *))
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "pf", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	c->root = "/";
	c->pf = HOST_PF_BDF;
	c->json = false;
	snprintf(c->pf_buf, sizeof(c->pf_buf), "%s", HOST_PF_BDF);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
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
			vfctl_error(c->json, hint, "%s Now: %s.", e->msg, e->state);
		else
			vfctl_error(c->json, hint, "%s", e->msg);
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

/* One line of synopsis and the description, per subcommand. */
struct sub_help {
	const char *name, *synopsis, *text;
};

static const struct sub_help vfs_help[] = {
	{ "status", "vfctl vfs status  [--root DIR] [--pf BDF] [--json]",
	  "the PF's driver, sriov_totalvfs/numvfs, each VF's driver and IOMMU\n"
	  "group, whether a VM holds it, and the boot setting (never writes)\n" },
	{ "enable", "vfctl vfs enable N [--root DIR] [--pf BDF] [--json]",
	  "set N VFs (1..7, at most sriov_totalvfs); from M VFs it goes through 0,\n"
	  "and refuses while a VM holds a VF\n" },
	{ "disable", "vfctl vfs disable [--root DIR] [--pf BDF] [--json]",
	  "remove all VFs, unless a VM holds one\n" },
	{ "persist", "vfctl vfs persist N [--root DIR] [--pf BDF] [--json]",
	  "enable N VFs at boot (" HOST_TMPFILES_CONF "; 0 removes it)\n" },
	{ NULL, NULL, NULL },
};

static const struct sub_help vfio_help[] = {
	{ "bind", "vfctl vfio bind   VF|all [--root DIR] [--pf BDF] [--json]",
	  "hand a VF (00:02.1 or 0000:00:02.1) to vfio-pci for a VM: driver_override,\n"
	  "unbind, drivers_probe (what virsh nodedev-detach does); PFs refused\n" },
	{ "unbind", "vfctl vfio unbind VF|all [--root DIR] [--pf BDF] [--json]",
	  "give it back to its own driver; refused while a VM holds it\n" },
	{ NULL, NULL, NULL },
};

/* The subcommand being run, for its own --help. */
static const char *cur_sub;

static void sub_usage(FILE *out, const struct sub_help *h)
{
	size_t i;

	for (i = 0; h[i].name; i++)
		if (cur_sub && !strcmp(cur_sub, h[i].name)) {
			fprintf(out, "usage: %s\n\n%s", h[i].synopsis, h[i].text);
			fprintf(out, "\nBDF: 00:02.0 or 0000:00:02.0, as lspci prints it.\n");
			return;
		}
	for (i = 0; h[i].name; i++)
		fprintf(out, "%s %s\n", i ? "      " : "usage:", h[i].synopsis);
	fprintf(out, "\n");
	for (i = 0; h[i].name; i++)
		fprintf(out, "%-8s %.*s\n", h[i].name, (int)strcspn(h[i].text, "\n"), h[i].text);
	fprintf(out, "\nBDF: 00:02.0 or 0000:00:02.0, as lspci prints it. 'vfctl %s SUB --help'\n"
		     "describes one subcommand.\n",
		h == vfs_help ? "vfs" : "vfio");
}

static void vfs_usage(FILE *out)
{
	sub_usage(out, vfs_help);
}

static void vfio_usage(FILE *out)
{
	sub_usage(out, vfio_help);
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

static int vfs(int argc, char **argv)
{
	struct host_vfs_status st;
	struct host_err e = { 0 };
	struct common c;
	const char *sub;
	char done[128], name[32];
	unsigned int n = 0;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		vfs_usage(argc < 2 ? stderr : stdout);
		if (argc < 2)
			vfctl_error(false, "vfctl vfs status",
				    "'vfctl vfs' needs a subcommand: status, enable N, disable or persist N");
		return argc < 2 ? VFCTL_USAGE : VFCTL_OK;
	}
	sub = argv[1];
	cur_sub = sub;
	snprintf(name, sizeof(name), "vfs %.16s", sub);
	vfctl_out_command(name);
	ret = parse_common(argc - 1, argv + 1, &c, vfs_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	argc -= optind + 1;
	argv += optind + 1;
	if (!strcmp(sub, "enable") || !strcmp(sub, "persist")) {
		/*
		 * enable 0 is disable; persist 0 removes the boot setting. enable
		 * works on any SR-IOV PF (--pf): its sriov_totalvfs is the limit,
		 * which lib/host names; persist is for the iGPU, at most 7.
		 */
		bool enable = !strcmp(sub, "enable");
		unsigned long min = enable, lim = enable ? 255 : HOST_IGPU_MAX_VFS, v;
		char err[ARGS_ERR_MAX];
		char max[4];

		snprintf(max, sizeof(max), "%u", HOST_IGPU_MAX_VFS);
		if (argc != 1) {
			vfctl_error(c.json, vfctl_fix(NULL, NULL, max),
				    "'vfs %s' needs one number of VFs, %lu to %lu", sub, min, lim);
			return VFCTL_USAGE;
		}
		if (args_uint_parse(argv[0], "a number of VFs", min, lim, &v, err, sizeof(err))) {
			if (enable)
				vfctl_error(c.json, vfctl_fix(argv[0], max, NULL), "%s", err);
			else
				vfctl_error(c.json, vfctl_fix(argv[0], max, NULL),
					    "%s (the iGPU has at most %u VFs)", err, HOST_IGPU_MAX_VFS);
			return VFCTL_USAGE;
		}
		n = (unsigned int)v;
	} else if (argc) {
		vfctl_error(c.json, vfctl_fix(argv[0], NULL, NULL), "'vfs %s' takes no argument '%s'",
			    sub, argv[0]);
		return VFCTL_USAGE;
	}

	if (!strcmp(sub, "status")) {
		ret = host_vfs_status(c.root, c.pf, &st);
		if (ret) {
			vfctl_error(c.json, "vfctl doctor explains what is missing",
				    "there is no PCI device %s", c.pf);
			return VFCTL_ENV;
		}
		print_status(&c, &st);
		return VFCTL_OK;
	}
	if (!strcmp(sub, "enable")) {
		ret = host_vfs_enable(c.root, c.pf, n, NULL, &e);
		snprintf(done, sizeof(done), "%u VFs enabled on %s.", n, c.pf);
	} else if (!strcmp(sub, "disable")) {
		ret = host_vfs_disable(c.root, c.pf, NULL, &e);
		snprintf(done, sizeof(done), "VFs disabled on %s.", c.pf);
	} else if (!strcmp(sub, "persist")) {
		ret = host_vfs_persist(c.root, c.pf, n, &e);
		if (n)
			snprintf(done, sizeof(done), "%u VFs will be enabled at boot (%s).", n,
				 HOST_TMPFILES_CONF);
		else
			snprintf(done, sizeof(done), "Removed %s.", HOST_TMPFILES_CONF);
	} else {
		vfctl_error(c.json, "the subcommands are status, enable N, disable and persist N (vfctl vfs --help)",
			    "unknown 'vfs %s'", sub);
		return VFCTL_USAGE;
	}
	return report(&c, ret, &e, done);
}

static int vfio(int argc, char **argv)
{
	struct host_vfs_status st;
	struct host_err e = { 0 };
	struct common c;
	const char *sub, *target;
	char done[128], vf[ARGS_PCI_STR], name[32];
	unsigned int i;
	bool bind;
	int ret = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		vfio_usage(argc < 2 ? stderr : stdout);
		if (argc < 2)
			vfctl_error(false, "vfctl vfio bind all",
				    "'vfctl vfio' needs a subcommand: bind or unbind");
		return argc < 2 ? VFCTL_USAGE : VFCTL_OK;
	}
	sub = argv[1];
	cur_sub = sub;
	snprintf(name, sizeof(name), "vfio %.16s", sub);
	vfctl_out_command(name);
	if (strcmp(sub, "bind") && strcmp(sub, "unbind")) {
		vfctl_error(false, vfctl_fix(sub, "bind", NULL), "unknown 'vfio %s': use bind or unbind",
			    sub);
		return VFCTL_USAGE;
	}
	bind = !strcmp(sub, "bind");
	ret = parse_common(argc - 1, argv + 1, &c, vfio_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	if (argc - optind - 1 != 1) {
		vfctl_error(c.json, vfctl_fix(NULL, NULL, "0000:00:02.1"),
			    "'vfio %s' needs one VF address or 'all'", sub);
		return VFCTL_USAGE;
	}
	target = argv[optind + 1];
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
		vfctl_error(c.json, "vfctl vfs enable N first", "%s has no VFs", c.pf);
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

const struct vfctl_cmd vfctl_cmd_vfs = {
	.name = "vfs",
	.summary = "VF status, enable N, disable, persist N at boot",
	.run = vfs,
};

const struct vfctl_cmd vfctl_cmd_vfio = {
	.name = "vfio",
	.summary = "bind or unbind VFs to vfio-pci for VMs",
	.run = vfio,
};
