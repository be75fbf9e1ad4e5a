// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: vfctl setup's reading and editing of a kernel command
 * line (lib/setup/setup_params.c), whose words come from the host's files
 * (/etc/kernel/cmdline, GRUB's variables, BLS options lines).
 *
 * Properties besides memory safety: a line merged with the setup's
 * parameters keeps every one of them as the reader judges it (so a second
 * plan has nothing to do), merging it again changes nothing, the
 * replacement of a word never exceeds its buffer, a word that undoes the
 * setup, once fixed, no longer does, and the merged line read as the
 * doctor reads /proc/cmdline (lib/host/host_cmdline.c, the kernel's
 * next_arg() split) turns the IOMMU on, in passthrough, with xe
 * blacklisted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "setup/setup_steps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const wanted[] = {
	"intel_iommu=on",      "iommu=pt", "?i915.enable_guc=3", "?i915.max_vfs=7",
	"module_blacklist=xe",
};

#define WANTED "intel_iommu=on iommu=pt ?i915.enable_guc=3 ?i915.max_vfs=7 module_blacklist=xe"

/* The merged line as the kernel splits and reads it (the doctor's parser). */
static bool kernel_reads_setup(const char *merged)
{
	struct host_cmdline c;
	bool ok;

	if (host_cmdline_parse(merged, strlen(merged), &c))
		return true; /* out of memory: nothing to judge */
	ok = host_cmdline_intel_iommu(&c) == 1 && host_cmdline_iommu_pt(&c, NULL) == 1 &&
	     host_cmdline_blacklists(&c, "xe");
	host_cmdline_free(&c);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, *merged, *again, repl[640], why[600], key[64], fix[256];
	const char *slot;
	size_t slen;

	if (size > 4096)
		return 0;
	line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	/* a NUL ends the words, as it ends a file's text for the callers */
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (!setup_params_have(line, wanted[i], &slot, &slen) &&
		    !setup_params_replacement(slot, slen, wanted[i], repl, sizeof(repl)) &&
		    strlen(repl) >= sizeof(repl))
			abort();
	if (setup_params_against(line, why, sizeof(why)) &&
	    setup_params_against_fix(line, key, sizeof(key), fix, sizeof(fix)) &&
	    setup_params_against(fix, why, sizeof(why)))
		abort();
	merged = setup_params_merge(line, strlen(line), WANTED);
	if (merged) {
		for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
			if (!setup_params_have(merged, wanted[i], &slot, &slen))
				abort();
		/* quotes join words for the kernel, not yet for the setup */
		if (!strchr(line, '"') && !kernel_reads_setup(merged))
			abort();
		again = setup_params_merge(merged, strlen(merged), WANTED);
		if (again && strcmp(again, merged))
			abort();
		free(again);
	}
	free(merged);
	free(line);
	return 0;
}
