// SPDX-License-Identifier: MIT
/*
 * Secure Boot state and MOK enrolment from the EFI variables (see dkms_efi.h).
 *
 * efivarfs files start with the variable's 32-bit attributes, then its data.
 * The kernel decides whether Secure Boot is on as its EFI stub does:
 * SecureBoot is 1, SetupMode is not 1, and shim's MokSBState (mirrored at
 * run time as MokSBStateRT) does not disable validation. Shim mirrors the
 * MOK list as MokListRT (MokListRT1, 2... when it is too large for one
 * variable); newer kernels also expose it without the attribute word under
 * /sys/firmware/efi/mok-variables. A pending import is MokNew.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkms/dkms_efi.h"
#include "dkms/dkms_esl.h"
#include "dkms/dkms_fs.h"

#define EFIVARS "/sys/firmware/efi/efivars/"
#define GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SHIM_GUID "605dab50-e046-4300-abb6-3dd810dd8b23"

/* The data of an efivarfs variable (after the attributes), or -errno. */
static int efivar(const char *root, const char *name, uint8_t **data, size_t *len)
{
	char path[256];
	char *text;
	size_t n;
	int ret;

	snprintf(path, sizeof(path), EFIVARS "%s", name);
	ret = host_read_max(root, path, DKMS_READ_MAX, &text, &n);
	if (ret)
		return ret;
	if (n < 4) {
		free(text);
		return -EINVAL;
	}
	memmove(text, text + 4, n - 4);
	*data = (uint8_t *)text;
	*len = n - 4;
	return 0;
}

/* A one-byte boolean variable: 1, 0, or -errno when absent or malformed. */
static int efivar_flag(const char *root, const char *name)
{
	uint8_t *d;
	size_t n;
	int ret = efivar(root, name, &d, &n);

	if (ret)
		return ret;
	ret = n >= 1 ? d[0] == 1 : -EINVAL;
	free(d);
	return ret;
}

enum dkms_sb dkms_efi_secure_boot(const char *root)
{
	int sb;

	if (!dkms_exists(root, "/sys/firmware/efi"))
		return DKMS_SB_NOT_EFI;
	sb = efivar_flag(root, "SecureBoot-" GLOBAL_GUID);
	if (sb < 0)
		return DKMS_SB_UNKNOWN;
	if (!sb || efivar_flag(root, "SetupMode-" GLOBAL_GUID) == 1)
		return DKMS_SB_OFF;
	if (efivar_flag(root, "MokSBStateRT-" SHIM_GUID) == 1)
		return DKMS_SB_SHIM_OFF;
	return DKMS_SB_ON;
}

/* Whether the list named @base (and its numbered continuations) holds @cert:
 * 1, 0, or -errno when not even @base is readable. */
static int list_has(const char *root, const char *base, const uint8_t *cert, size_t cert_len)
{
	char name[128], path[256];
	int i, found = -ENOENT;

	/* The attribute-less copy, when the kernel provides it. */
	snprintf(path, sizeof(path), "/sys/firmware/efi/mok-variables/%s", base);
	{
		char *text;
		size_t n;
		bool err;

		if (!host_read_max(root, path, DKMS_READ_MAX, &text, &n)) {
			found = dkms_esl_has_cert((uint8_t *)text, n, cert, cert_len, &err);
			free(text);
			if (found)
				return 1;
		}
	}
	for (i = 0; i < 16; i++) {
		uint8_t *d;
		size_t n;
		bool err;

		if (i)
			snprintf(name, sizeof(name), "%s%d-" SHIM_GUID, base, i);
		else
			snprintf(name, sizeof(name), "%s-" SHIM_GUID, base);
		if (efivar(root, name, &d, &n))
			break;
		found = dkms_esl_has_cert(d, n, cert, cert_len, &err);
		free(d);
		if (found)
			return 1;
	}
	return found;
}

enum dkms_mok dkms_efi_mok_state(const char *root, const uint8_t *cert, size_t cert_len)
{
	int enrolled = list_has(root, "MokListRT", cert, cert_len);

	if (enrolled == 1)
		return DKMS_MOK_ENROLLED;
	if (list_has(root, "MokNew", cert, cert_len) == 1)
		return DKMS_MOK_PENDING;
	return enrolled < 0 ? DKMS_MOK_UNKNOWN : DKMS_MOK_NOT_ENROLLED;
}

const char *dkms_sb_name(enum dkms_sb s)
{
	switch (s) {
	case DKMS_SB_NOT_EFI:
		return "not-efi";
	case DKMS_SB_OFF:
		return "off";
	case DKMS_SB_SHIM_OFF:
		return "shim-validation-off";
	case DKMS_SB_ON:
		return "on";
	default:
		return "unknown";
	}
}

const char *dkms_mok_name(enum dkms_mok m)
{
	switch (m) {
	case DKMS_MOK_ENROLLED:
		return "enrolled";
	case DKMS_MOK_PENDING:
		return "pending";
	case DKMS_MOK_NOT_ENROLLED:
		return "not-enrolled";
	default:
		return "unknown";
	}
}
