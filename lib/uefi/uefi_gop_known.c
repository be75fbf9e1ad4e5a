// SPDX-License-Identifier: MIT
/*
 * Known-good GOP driver hashes (research notes, section 4 and 7). A match
 * is reassurance, not a requirement: vendors ship other builds.
 */
#include <strings.h>

#include "uefi/uefi_gop.h"

static const struct {
	const char *sha256;
	const char *name;
} known[] = {
	{ "131c32cadb6716dba59d13891bb70213c6ee931dd1e8b1a5593dee6f3a4c2cbd",
	  "Intel GOP for desktop UHD 730/770 (i915-sriov-dkms README)" },
	{ "fa12486d93bee383ad4d3719015efad09fc03352382f17c63df10b626755954b",
	  "Intel GOP for ADL-N (i915-sriov-dkms README)" },
	{ "56f78b7e9ef8eea2593999752d8b5f74b19f79666de92e5816d7a6a29412548b",
	  "QemuVideoDxe from Debian ovmf 2022.11 (test oracle)" },
};

const char *uefi_gop_known(const char *sha256)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcasecmp(known[i].sha256, sha256))
			return known[i].name;
	return NULL;
}
