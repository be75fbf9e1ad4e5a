// SPDX-License-Identifier: MIT
/*
 * vfctl doctor: every step of the setup guide checked on this host (or on
 * a tree under --root). It only prints what lib/host found; it never
 * writes. The JSON is the shared document (vfctl_out.h) with the keys
 *   "root": DIR, "supported": bool
 * Exit: 0 nothing failed, 1 a check failed, 2 usage, 3 no supported iGPU.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/host_doctor.h"
#include "tools/vfctl/vfctl.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vfctl doctor [--root DIR] [--dmesg FILE] [--pf BDF]\n"
		"                    [--resolution WxH[@HZ]]... [--hdr] [--verbose] [--json]\n"
		"\n"
		"Checks every step of the iGPU SR-IOV setup: CPU and iGPU, VT-d/VMX and\n"
		"IOMMU groups, BIOS SR-IOV and MMIO, kernel command line and config,\n"
		"GuC/HuC/DMC firmware, the DKMS i915 driver, the VFs, and kvmfr for\n"
		"Looking Glass. Each finding has a status (pass, warn, fail, skip), the\n"
		"evidence read, and the exact fix. Nothing is written.\n"
		"\n"
		"  --root DIR        read DIR/sys, DIR/proc, ... instead of the live system\n"
		"  --dmesg FILE      a saved kernel log instead of /dev/kmsg\n"
		"  --pf BDF          the PF address, 00:02.0 or 0000:00:02.0 (default " HOST_PF_BDF
		")\n"
		"  --resolution WxH[@HZ]  a Looking Glass mode kvmfr must hold (1920x1080);\n"
		"                    repeated, the largest; 320x200 to 16384x16384, 1 to 1000 Hz\n"
		"  --hdr             the guest renders HDR (twice the memory)\n"
		"  --verbose         evidence of passing checks too\n"
		"\n"
		"exit: 0 nothing failed, 1 a check failed, 2 usage, 3 no supported iGPU\n");
}

static void print_block(const char *label, const char *text)
{
	const char *s = text;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		int n = nl ? (int)(nl - s) : (int)strlen(s);

		printf("         %s %.*s\n", label, n, s);
		label = s == text ? "    " : label;
		s = nl ? nl + 1 : NULL;
	}
}

static void print_table(const struct host_report *r, bool verbose)
{
	static const char *const tag[] = { "[pass]", "[WARN]", "[FAIL]", "[skip]" };
	static const char *const status[] = { "pass", "warn", "fail", "skip" };
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct host_finding *f = &r->f[i];
		bool detail = verbose || f->status == HOST_FAIL || f->status == HOST_WARN;

		printf("%s%s%s %-24s %s\n", vfctl_paint(status[f->status]), tag[f->status],
		       vfctl_paint(NULL), f->id, f->message);
		if (detail && f->evidence[0])
			print_block("read:", f->evidence);
		if (detail && f->hint[0])
			print_block("fix: ", f->hint);
	}
	printf("\n");
	vfctl_summary(stdout, NULL);
}

/* The findings go through the shared emitter: one shape for every command. */
static void record(const struct host_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct host_finding *f = &r->f[i];

		vfctl_finding(f->id, host_status_name(f->status), f->message, f->evidence, f->hint);
	}
}

static struct json_object *report_json(const struct host_report *r, const char *root)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "root", json_object_new_string(root));
	json_object_object_add(o, "supported", json_object_new_boolean(!r->unsupported));
	return o;
}

static const struct option doctor_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "dmesg", required_argument, NULL, 'd' },
	{ "pf", required_argument, NULL, 'p' },
	{ "resolution", required_argument, NULL, 'R' },
	{ "hdr", no_argument, NULL, 'H' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char doctor_shortopts[] = "hv";

static const struct vfctl_value doctor_values[] = {
	{ "root", VFCTL_VALUE_DIR },
	{ "dmesg", VFCTL_VALUE_FILE },
	{ NULL },
};

static int doctor(int argc, char **argv)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	bool json = vfctl_out_json(), verbose = false; /* as the document (vfctl_out.h) */
	char err[ARGS_ERR_MAX], pf[ARGS_PCI_STR];
	struct args_res res, best = { 0 };
	int c, ret;

	while ((c = getopt_long(argc, argv, doctor_shortopts, doctor_longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o.root = optarg;
			break;
		case 'd':
			o.dmesg = optarg;
			break;
		case 'p':
			if (args_pci_canonical(optarg, pf, sizeof(pf), err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, HOST_PF_BDF, NULL), "%s", err);
				return VFCTL_USAGE;
			}
			o.pf = pf;
			break;
		case 'R':
			/* the same grammar as vm and kvmfr; repeated, the largest must fit */
			if (args_res_parse(optarg, &res, err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "2560x1440@60", NULL), "%s", err);
				return VFCTL_USAGE;
			}
			if (args_res_larger(&res, &best))
				best = res;
			o.width = best.width;
			o.height = best.height;
			break;
		case 'H':
			o.hdr = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, usage);
		}
	}
	if (optind != argc) {
		vfctl_error(vfctl_fix(argv[optind], NULL, NULL), "doctor takes no argument '%s'",
			    argv[optind]);
		return VFCTL_USAGE;
	}
	if (o.root && access(o.root, R_OK | X_OK)) {
		vfctl_error("pass a directory that mirrors /sys, /proc, /etc, /boot, /dev",
			    "cannot read --root %s", o.root);
		return VFCTL_ENV;
	}
	if (o.dmesg && access(o.dmesg, R_OK)) {
		vfctl_error("save it with: dmesg > dmesg.txt", "cannot read --dmesg %s", o.dmesg);
		return VFCTL_ENV;
	}
	ret = host_doctor_run(&o, &r);
	if (ret) {
		vfctl_error(NULL, "out of memory");
		return VFCTL_FAILED;
	}
	record(&r);
	if (json)
		vfctl_json_print(report_json(&r, o.root ? o.root : "/"));
	else
		print_table(&r, verbose);
	ret = r.unsupported		       ? VFCTL_ENV :
	      host_report_count(&r, HOST_FAIL) ? VFCTL_FAILED :
						 VFCTL_OK;
	host_report_free(&r);
	return ret;
}

const struct vfctl_cmd vfctl_cmd_doctor = {
	.name = "doctor",
	.summary = "check every step of the SR-IOV setup on this host",
	.run = doctor,
	.opts = doctor_longopts,
	.shortopts = doctor_shortopts,
	.values = doctor_values,
};
