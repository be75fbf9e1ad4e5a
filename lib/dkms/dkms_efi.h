/* SPDX-License-Identifier: MIT */
/*
 * Secure Boot and the Machine Owner Key list, read from the EFI variables
 * the kernel exposes (what mokutil --sb-state and --test-key read), under a
 * root prefix.
 */
#ifndef DKMS_EFI_H
#define DKMS_EFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dkms_sb {
	DKMS_SB_NOT_EFI, /* no /sys/firmware/efi: legacy BIOS boot */
	DKMS_SB_UNKNOWN, /* EFI, but the variables are not readable */
	DKMS_SB_OFF, /* SecureBoot 0 or the firmware in setup mode */
	DKMS_SB_SHIM_OFF, /* SecureBoot 1, validation disabled in shim */
	DKMS_SB_ON, /* the kernel only loads signed modules */
};

enum dkms_mok {
	DKMS_MOK_UNKNOWN, /* MokListRT not readable */
	DKMS_MOK_ENROLLED, /* the certificate is in MokListRT */
	DKMS_MOK_PENDING, /* imported (MokNew), not yet confirmed at boot */
	DKMS_MOK_NOT_ENROLLED, /* in neither */
};

/**
 * dkms_efi_secure_boot - the Secure Boot state of the booted system
 * @root: prefix
 */
enum dkms_sb dkms_efi_secure_boot(const char *root);

/**
 * dkms_efi_mok_state - whether a DER certificate is enrolled as a MOK
 * @root: prefix
 * @cert: DER bytes (dkms's mok.pub)
 * @cert_len: their length
 */
enum dkms_mok dkms_efi_mok_state(const char *root, const uint8_t *cert, size_t cert_len);

const char *dkms_sb_name(enum dkms_sb s);
const char *dkms_mok_name(enum dkms_mok m);

#endif
