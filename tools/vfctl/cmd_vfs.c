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
	const char *pf;
	bool json;
};

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
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'r':
			c->root = optarg;
			break;
		case 'p':
			c->pf = optarg;
			break;
		case 'j':
			c->json = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return -2;
		}
	}
	if (!host_pci_bdf_valid(c->pf)) {
		vfctl_error(c->json, "e.g. --pf 0000:00:02.0", "bad PCI address '%s'", c->pf);
		return -2;
	}
	return 0;
}

static int report(const struct common *c, int ret, const struct host_err *e, const char *done)
{
	if (ret) {
		/* What a half-done change left behind, when it could not be undone. */
		if (e->state[0])
			vfctl_error(c->json, e->hint[0] ? e->hint : NULL, "%s Now: %s.", e->msg,
				    e->state);
		else
			vfctl_error(c->json, e->hint[0] ? e->hint : NULL, "%s", e->msg);
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

static void vfs_usage(FILE *out)
{
	fprintf(out, "usage: vfctl vfs status  [--root DIR] [--pf BDF] [--json]\n"
		     "       vfctl vfs enable N [--root DIR] [--pf BDF] [--json]\n"
		     "       vfctl vfs disable [--root DIR] [--pf BDF] [--json]\n"
		     "       vfctl vfs persist N [--root DIR] [--pf BDF] [--json]\n"
		     "\n"
		     "status   the PF's driver, sriov_totalvfs/numvfs, each VF's driver and IOMMU\n"
		     "         group, whether a VM holds it, and the boot setting (never writes)\n"
		     "enable   set N VFs (1..sriov_totalvfs); from M VFs it goes through 0, and\n"
		     "         refuses while a VM holds a VF\n"
		     "disable  remove all VFs, unless a VM holds one\n"
		     "persist  enable N VFs at boot (" HOST_TMPFILES_CONF "; 0 removes it)\n");
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

static bool parse_n(const char *s, unsigned int *n)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return false;
	v = strtoul(s, &end, 10);
	if (*end || v > 255)
		return false;
	*n = (unsigned int)v;
	return true;
}

static int vfs(int argc, char **argv)
{
	struct host_vfs_status st;
	struct host_err e = { 0 };
	struct common c;
	const char *sub;
	char done[128];
	unsigned int n = 0;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		vfs_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? VFCTL_USAGE : VFCTL_OK;
	}
	sub = argv[1];
	ret = parse_common(argc - 1, argv + 1, &c, vfs_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	argc -= optind + 1;
	argv += optind + 1;
	if (!strcmp(sub, "enable") || !strcmp(sub, "persist")) {
		if (argc != 1 || !parse_n(argv[0], &n)) {
			vfctl_error(c.json, "e.g. vfctl vfs enable 7",
				    "'vfs %s' needs a number of VFs", sub);
			return VFCTL_USAGE;
		}
	} else if (argc) {
		vfs_usage(stderr);
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
		vfctl_error(c.json, "vfctl vfs --help", "unknown 'vfs %s'", sub);
		return VFCTL_USAGE;
	}
	return report(&c, ret, &e, done);
}

static void vfio_usage(FILE *out)
{
	fprintf(out,
		"usage: vfctl vfio bind   VF|all [--root DIR] [--pf BDF] [--json]\n"
		"       vfctl vfio unbind VF|all [--root DIR] [--pf BDF] [--json]\n"
		"\n"
		"bind    hand a VF (e.g. 0000:00:02.1) to vfio-pci for a VM: driver_override,\n"
		"        unbind, drivers_probe (what virsh nodedev-detach does); PFs refused\n"
		"unbind  give it back to its own driver; refused while a VM holds it\n"
		"all     every VF of the PF\n");
}

static int vfio(int argc, char **argv)
{
	struct host_vfs_status st;
	struct host_err e = { 0 };
	struct common c;
	const char *sub, *target;
	char done[128];
	unsigned int i;
	bool bind;
	int ret = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		vfio_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? VFCTL_USAGE : VFCTL_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "bind") && strcmp(sub, "unbind")) {
		vfctl_error(false, "vfctl vfio --help", "unknown 'vfio %s'", sub);
		return VFCTL_USAGE;
	}
	bind = !strcmp(sub, "bind");
	ret = parse_common(argc - 1, argv + 1, &c, vfio_usage);
	if (ret)
		return ret == -1 ? VFCTL_OK : VFCTL_USAGE;
	if (argc - optind - 1 != 1) {
		vfio_usage(stderr);
		return VFCTL_USAGE;
	}
	target = argv[optind + 1];
	if (strcmp(target, "all")) {
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
