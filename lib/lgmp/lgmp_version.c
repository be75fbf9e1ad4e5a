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

static const char *refusal(char *buf, size_t size, const char *what, const char *short_name,
			   uint32_t found, uint32_t spoken, const char *(*release)(unsigned int))
{
	snprintf(buf, size, "%s %u%s is not supported: this consumer speaks %s %u%s", what, found,
		 release(found), short_name, spoken, release(spoken));
	return buf;
}

const char *lgmp_version_refusal(char *buf, size_t size, uint32_t found)
{
	return refusal(buf, size, "LGMP protocol", "LGMP", found, LGMP_VERSION, lgmp_release);
}

const char *kvmfr_version_refusal(char *buf, size_t size, uint32_t found)
{
	return refusal(buf, size, "KVMFR version", "KVMFR", found, KVMFR_VERSION, kvmfr_release);
}
