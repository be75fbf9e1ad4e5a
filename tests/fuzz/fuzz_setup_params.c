// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: vfctl setup's reading and editing of a kernel command
 * line (lib/setup/setup_params.c), whose words come from the host's files
 * (/etc/kernel/cmdline, GRUB's variables, BLS options lines).
 *
 * Properties besides memory safety: a line merged with the setup's
 * parameters keeps every one of them as the reader judges it (so a second
 * plan has nothing to do), merging it again changes nothing, the
 * replacement of a word never exceeds its buffer, and a word that undoes
 * the setup, once fixed, no longer does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_steps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const wanted[] = {
	"intel_iommu=on",      "iommu=pt", "?i915.enable_guc=3", "?i915.max_vfs=7",
	"module_blacklist=xe",
};

#define WANTED "intel_iommu=on iommu=pt ?i915.enable_guc=3 ?i915.max_vfs=7 module_blacklist=xe"

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
		again = setup_params_merge(merged, strlen(merged), WANTED);
		if (again && strcmp(again, merged))
			abort();
		free(again);
	}
	free(merged);
	free(line);
	return 0;
}
