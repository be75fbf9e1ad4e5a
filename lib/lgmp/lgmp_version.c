// SPDX-License-Identifier: MIT
/*
 * Words for a refused protocol version. A user who updated one side of
 * Looking Glass and not the other needs both numbers and which release each
 * belongs to, not "invalid version".
 */
#include <stdio.h>

#include "lgmp/kvmfr_abi.h"
#include "lgmp/kvmfr_client.h"
#include "lgmp/lgmp_client.h"

static const char *lgmp_release(unsigned int v)
{
	if (v == LGMP_VERSION)
		return " (Looking Glass B7)";
	if (v == LGMP_V10_VERSION)
		return " (Looking Glass development branch)";
	return "";
}

static const char *kvmfr_release(unsigned int v)
{
	if (v == KVMFR_VERSION)
		return " (Looking Glass B7)";
	if (v == KVMFR_VERSION_DEVEL)
		return " (Looking Glass development branch)";
	return "";
}

const char *lgmp_version_refusal(char *buf, size_t size, uint32_t found)
{
	snprintf(buf, size,
		 "LGMP protocol %u%s is not supported: this consumer speaks "
		 "LGMP %u%s",
		 found, lgmp_release(found), LGMP_VERSION,
		 lgmp_release(LGMP_VERSION));
	return buf;
}

const char *kvmfr_version_refusal(char *buf, size_t size, uint32_t found)
{
	snprintf(buf, size,
		 "KVMFR version %u%s is not supported: this consumer speaks "
		 "KVMFR %u%s",
		 found, kvmfr_release(found), KVMFR_VERSION,
		 kvmfr_release(KVMFR_VERSION));
	return buf;
}
