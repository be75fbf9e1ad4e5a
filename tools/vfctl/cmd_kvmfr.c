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
	fprintf(out, "usage: vfctl kvmfr size WIDTHxHEIGHT [WIDTHxHEIGHT...] [--hdr] [--json]\n"
		     "\n"
		     "The shared memory Looking Glass needs for the largest of the given modes:\n"
		     "two frames of 4 bytes per pixel (8 with --hdr) plus 10 MiB, rounded up to\n"
		     "a power of two. Use it as kvmfr's static_size_mb and as the IVSHMEM size.\n");
}

static int kvmfr_size(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hdr", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct vm_resolution r, best = { 0 };
	bool hdr = false, json = false;
	uint64_t need, mib;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
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
			usage(stderr);
			return VFCTL_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return VFCTL_USAGE;
	}
	for (; optind < argc; optind++) {
		if (vm_resolution_parse(argv[optind], &r)) {
			vfctl_error(json, "write it as WIDTHxHEIGHT, e.g. 2560x1440",
				    "'%s' is not a resolution", argv[optind]);
			return VFCTL_USAGE;
		}
		if ((uint64_t)r.width * r.height > (uint64_t)best.width * best.height)
			best = r;
	}

	need = vm_shm_need_bytes(best.width, best.height, hdr);
	mib = vm_shm_size_mib(best.width, best.height, hdr);
	if (mib > VM_SHM_KVMFR_MAX_MIB) {
		vfctl_error(json, "use a lower resolution, or SDR instead of HDR",
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

static int kvmfr_run(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "size"))
		return kvmfr_size(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return VFCTL_OK;
	}
	usage(stderr);
	return VFCTL_USAGE;
}

const struct vfctl_cmd vfctl_cmd_kvmfr = {
	.name = "kvmfr",
	.summary = "the Looking Glass shared-memory size for a resolution",
	.run = kvmfr_run,
};
