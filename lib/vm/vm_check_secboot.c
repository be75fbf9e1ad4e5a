// SPDX-License-Identifier: MIT
/*
 * `vm check`: the GOP romfile under Secure Boot. OVMF built with Secure
 * Boot verifies option ROM drivers like any other image (edk2 OvmfPkg sets
 * PcdOptionRomImageVerificationPolicy to 0x04: deny on a violation), and it
 * enforces once keys are enrolled: then an unsigned driver, which a GOP
 * taken out of a board's firmware volume is, is not run and the VF has no
 * GOP. Debian's secboot OVMF with the Microsoft-keys VARS template refuses
 * even its own unsigned EFI shell ("Security Violation" on its serial port).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/uefi_le.h"
#include "vm/vm_check_internal.h"

#define PE_DIR_SECURITY 4 /* the Authenticode certificate table */

/* Does a PE image carry a certificate table (an Authenticode signature)? */
static bool pe_signed(const uint8_t *pe, size_t len)
{
	size_t opt, dirs, count_at;
	uint32_t lfanew;
	uint16_t magic;

	if (len < 0x40)
		return false;
	lfanew = uefi_le32(pe + 0x3C);
	opt = (size_t)lfanew + 24; /* "PE\0\0" and the COFF header */
	if (lfanew > len || len - opt < 2)
		return false;
	magic = uefi_le16(pe + opt);
	count_at = opt + (magic == 0x20B ? 108 : 92);
	dirs = count_at + 4;
	if (len < dirs + (PE_DIR_SECURITY + 1) * 8 || uefi_le32(pe + count_at) <= PE_DIR_SECURITY)
		return false;
	return uefi_le32(pe + dirs + PE_DIR_SECURITY * 8 + 4) != 0;
}

static bool has(const char *s, const char *part)
{
	return s && strstr(s, part);
}

/*
 * Is Secure Boot enforced? The firmware must be a Secure Boot build and its
 * variables must start with keys enrolled: the distributions' templates
 * with keys (Debian/Ubuntu *.ms.fd and *.snakeoil.fd, Fedora *.secboot.fd,
 * SUSE *-ms-vars*), or autoselection asked for enrolled keys. A VARS file
 * the user enrolled by hand cannot be seen from the domain. Returns what
 * says so, in @why, or false.
 */
static bool enforced(struct vm_ck *c, char *why, size_t n)
{
	char *loader = vm_ck_str(c, "string(/domain/os/loader)");
	char *secure = vm_ck_str(c, "string(/domain/os/loader/@secure)");
	char *vars = vm_ck_str(c, "string(/domain/os/nvram/@template)");
	char *sb =
		vm_ck_str(c, "string(/domain/os/firmware/feature[@name='secure-boot']/@enabled)");
	char *keys =
		vm_ck_str(c, "string(/domain/os/firmware/feature[@name='enrolled-keys']/@enabled)");
	const char *base = vars ? strrchr(vars, '/') : NULL;
	bool code, on = false;

	base = base ? base + 1 : vars;
	code = (secure && !strcmp(secure, "yes")) || has(loader, "secboot") ||
	       has(loader, ".ms.") || (sb && !strcmp(sb, "yes"));
	if (code && base && base[0] &&
	    (has(base, ".ms.") || has(base, "snakeoil") || has(base, "secboot") ||
	     has(base, "-ms-"))) {
		snprintf(why, n, "the VARS template %s has keys enrolled", base);
		on = true;
	} else if (code && keys && !strcmp(keys, "yes")) {
		snprintf(why, n, "the firmware is chosen with enrolled-keys on");
		on = true;
	}
	free(loader);
	free(secure);
	free(vars);
	free(sb);
	free(keys);
	return on;
}

void vm_ck_rom_secure_boot(struct vm_ck *c, const uint8_t *pe, size_t pe_len, const char *file,
			   const char *bdf)
{
	char why[160];

	/* OVMF verifies the driver it loads: an option ROM's decoded image. */
	if (pe_signed(pe, pe_len) || !enforced(c, why, sizeof(why)))
		return;
	vm_ck_add(
		c, "romfile-unsigned-secure-boot", VM_SEV_WARNING,
		"boot this VM without enforced Secure Boot (a VARS template without keys, e.g. /usr/share/OVMF/OVMF_VARS_4M.fd, on a new nvram file), or enroll the romfile's SHA-256 in db",
		"Secure Boot is enforced (%s) and the romfile %s of VF %s is not signed: OVMF built with Secure Boot does not run unsigned option ROM drivers, so the VF gets no GOP and Windows shows Code 43",
		why, file, bdf);
}
