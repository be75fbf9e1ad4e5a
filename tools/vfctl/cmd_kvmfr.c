// SPDX-License-Identifier: MIT
/*
 * vfctl kvmfr size: how much shared memory Looking Glass needs.
 *
 * The same formula the doctor and `vfctl vm` use (lib/vm/vm_shm.c): two
 * frames of the largest mode plus 10 MiB, rounded up to a power of two. It
 * prints the value for kvmfr's static_size_mb and the matching QEMU and
 * libvirt settings, so the three stay equal.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"
#include "vm/vm_domain.h"
#include "vm/vm_shm.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: vfctl kvmfr size WIDTHxHEIGHT[@HZ]... [--hdr] [--json]\n"
		     "\n"
		     "Modes from 320x200 to 16384x16384, 1 to 1000 Hz (the rate does not change\n"
		     "the size).\n"
		     "The shared memory Looking Glass needs for the largest of the given modes:\n"
		     "two frames of 4 bytes per pixel (8 with --hdr) plus 10 MiB, rounded up to\n"
		     "a power of two. Use it as kvmfr's static_size_mb and as the IVSHMEM size.\n");
}

static const struct option size_longopts[] = {
	{ "hdr", no_argument, NULL, 'H' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static int kvmfr_size(int argc, char **argv)
{
	struct args_res r, best = { 0 };
	/* --json anywhere decides, as for the document (vfctl_out.h) */
	bool hdr = false, json = vfctl_out_json();
	char err[ARGS_ERR_MAX];
	uint64_t need, mib;
	int c;

	/* "-1x5" is a bad resolution, not an option: say so before getopt does. */
	for (c = 1; c < argc; c++)
		if (argv[c][0] == '-' && (argv[c][1] >= '0' && argv[c][1] <= '9')) {
			args_res_parse(argv[c], &r, err, sizeof(err));
			vfctl_error(vfctl_fix(argv[c], "2560x1440", NULL), "%s", err);
			return VFCTL_USAGE;
		}
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", size_longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			hdr = true;
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
	if (optind == argc) {
		vfctl_error(vfctl_fix(NULL, NULL, "2560x1440"),
			    "'kvmfr size' needs at least one resolution");
		return VFCTL_USAGE;
	}
	for (; optind < argc; optind++) {
		if (args_res_parse(argv[optind], &r, err, sizeof(err))) {
			vfctl_error(vfctl_fix(argv[optind], "2560x1440", NULL), "%s", err);
			return VFCTL_USAGE;
		}
		if (args_res_larger(&r, &best))
			best = r;
	}

	need = vm_shm_need_bytes(best.width, best.height, hdr);
	mib = vm_shm_size_mib(best.width, best.height, hdr);
	if (mib > VM_SHM_KVMFR_MAX_MIB) {
		vfctl_error("give a lower resolution, or leave out --hdr",
			    "%ux%u%s needs %" PRIu64 " MiB, more than kvmfr can map (%u MiB)",
			    best.width, best.height, hdr ? " HDR" : "", mib, VM_SHM_KVMFR_MAX_MIB);
		return VFCTL_FAILED;
	}

	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "width", json_object_new_int((int)best.width));
		json_object_object_add(o, "height", json_object_new_int((int)best.height));
		json_object_object_add(o, "hdr", json_object_new_boolean(hdr));
		json_object_object_add(o, "need_bytes", json_object_new_int64((int64_t)need));
		json_object_object_add(o, "static_size_mb", json_object_new_int64((int64_t)mib));
		vfctl_json_print(o);
		return VFCTL_OK;
	}
	printf("%ux%u %s: %" PRIu64 " bytes needed, %" PRIu64 " MiB\n\n", best.width, best.height,
	       hdr ? "HDR" : "SDR", need, mib);
	printf("  /etc/modprobe.d/kvmfr.conf   options kvmfr static_size_mb=%" PRIu64 "\n", mib);
	printf("  QEMU                         -object memory-backend-file,id=looking-glass,"
	       "mem-path=/dev/kvmfr0,size=%" PRIu64 "M,share=yes\n",
	       mib);
	printf("  libvirt <shmem> (/dev/shm)   <size unit='M'>%" PRIu64 "</size>\n", mib);
	return VFCTL_OK;
}

static const struct vfctl_sub kvmfr_subs[] = {
	{ .name = "size", .run = kvmfr_size, .opts = size_longopts },
	{ NULL },
};

const struct vfctl_cmd vfctl_cmd_kvmfr = {
	.name = "kvmfr",
	.summary = "the Looking Glass shared-memory size for a resolution",
	.subs = kvmfr_subs,
	.usage = usage,
	.example = "size 2560x1440",
};
