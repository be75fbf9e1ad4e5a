// SPDX-License-Identifier: MIT
/*
 * `vm check`: the bytes of a VF's romfile, judged with lib/uefi as firmware
 * would. A raw GOP driver must be an x64 EFI boot driver holding the
 * Graphics Output Protocol GUID; an option ROM must have the headers
 * PciBusDxe checks, and the driver of one of its x64 EFI images, decoded
 * first when the image is EFI 1.1-compressed (optrom_efi_driver(), the
 * path `vfctl gop` reads ROMs through too), must pass the same checks.
 * Then, as `vfctl gop extract` does, the driver must install GOP, not only
 * use it (uefi_gop_role.h): a console driver as romfile leaves the VF
 * without GOP. The driver that passes goes on to the Secure Boot check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/pci_optrom.h"
#include "uefi/sha256.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_pe.h"
#include "vm/vm_check_internal.h"

#define MAX_ROM_IMAGES 8

/* What a romfile gives the VF. */
struct rom_verdict {
	const uint8_t *pe; /* the GOP driver, or NULL when there is none */
	size_t pe_len;
	uint8_t *decoded; /* what @pe points into when it had to be copied */
	struct uefi_gop_role_info role; /* of the driver judged, else NONE */
	char why[320]; /* when @pe is NULL: why, after "the romfile F of VF B " */
};

/* The producer/consumer verdict of a driver that passed the PE checks (a
 * romfile has no FFS file GUID or UI name: its bytes and hash decide). */
static void rom_role(const uint8_t *pe, size_t len, struct uefi_gop_role_info *role)
{
	char sha[SHA256_HEX_SIZE];

	sha256_hex(pe, len, sha);
	uefi_gop_role(pe, len, NULL, NULL, uefi_gop_known(sha), role);
}

static void raw_driver(const uint8_t *buf, size_t len, struct rom_verdict *v)
{
	struct uefi_pe_info info;
	enum uefi_pe_verdict pv = uefi_pe_check_gop(buf, len, &info);
	char what[192];

	if (pv != UEFI_PE_OK) {
		snprintf(v->why, sizeof(v->why), "is not a usable GOP driver: %s",
			 uefi_pe_verdict_explain(pv, &info, what, sizeof(what)));
		return;
	}
	rom_role(buf, len, &v->role);
	if (v->role.role == UEFI_GOP_ROLE_PRODUCER) {
		v->pe = buf;
		v->pe_len = len;
		return;
	}
	snprintf(v->why, sizeof(v->why), "is not a GOP driver: %s", v->role.why);
}

/*
 * One x64 EFI image of an option ROM: true when its driver is the GOP
 * (kept in @v). Otherwise the first image's problem is kept in @problem
 * and its role in @v->role; -ENOMEM in @err.
 */
static bool rom_image(const uint8_t *buf, const struct optrom_image *o, struct rom_verdict *v,
		      char *problem, size_t n, int *err)
{
	const char *packed = o->compression ? " (EFI 1.1-compressed)" : "";
	struct uefi_gop_role_info r;
	struct uefi_pe_info info;
	enum uefi_pe_verdict pv;
	char what[192];
	uint8_t *pe;
	size_t len;
	int ret;

	ret = optrom_efi_driver(buf, o, OPTROM_MAX_SIZE, &pe, &len);
	if (ret == -ENOMEM) {
		*err = ret;
		return false;
	}
	if (ret) {
		if (!problem[0] && ret == -EFBIG)
			snprintf(
				problem, n,
				"is an option ROM whose x64 EFI image at 0x%zx%s cannot be decoded: it says it decodes to more than %u MiB",
				o->offset, packed, OPTROM_MAX_SIZE >> 20);
		else if (!problem[0])
			snprintf(
				problem, n,
				"is an option ROM whose x64 EFI image at 0x%zx%s cannot be decoded: the compressed data is corrupt or cut short",
				o->offset, packed);
		return false;
	}
	pv = uefi_pe_check_gop(pe, len, &info);
	if (pv != UEFI_PE_OK) {
		if (!problem[0])
			snprintf(
				problem, n,
				"is an option ROM whose x64 EFI image at 0x%zx%s is not a usable GOP driver: %s",
				o->offset, packed,
				uefi_pe_verdict_explain(pv, &info, what, sizeof(what)));
		free(pe);
		return false;
	}
	rom_role(pe, len, &r);
	if (r.role == UEFI_GOP_ROLE_PRODUCER) {
		v->pe = v->decoded = pe;
		v->pe_len = len;
		return true;
	}
	free(pe);
	if (v->role.role == UEFI_GOP_ROLE_NONE)
		v->role = r; /* the first image's verdict speaks */
	return false;
}

static void option_rom(const uint8_t *buf, size_t len, struct rom_verdict *v, int *err)
{
	struct optrom_image img[MAX_ROM_IMAGES];
	char problem[sizeof(v->why)] = "";
	int i, count;
	bool x64 = false;

	count = optrom_parse(buf, len, img, MAX_ROM_IMAGES);
	if (count < 0) {
		snprintf(v->why, sizeof(v->why),
			 "is a broken PCI option ROM: its headers fail the checks OVMF applies");
		return;
	}
	for (i = 0; i < count && !*err; i++) {
		if (img[i].code_type != OPTROM_CODE_TYPE_EFI || img[i].machine != PE_MACHINE_X64)
			continue;
		x64 = true;
		if (rom_image(buf, &img[i], v, problem, sizeof(problem), err))
			return;
	}
	/* A driver that only uses GOP says more than a damaged image. */
	if (v->role.role != UEFI_GOP_ROLE_NONE)
		snprintf(v->why, sizeof(v->why),
			 "is an option ROM whose x64 EFI image is not a GOP driver: %s",
			 v->role.why);
	else if (problem[0])
		snprintf(v->why, sizeof(v->why), "%s", problem);
	else
		snprintf(v->why, sizeof(v->why), "%s",
			 x64 ? "is an option ROM whose x64 EFI image is not a GOP driver" :
			       "is an option ROM without an x64 EFI image (a legacy VBIOS only)");
}

/* A driver that only uses GOP is an error; one that may not install it, a
 * warning; both say how sure the verdict is. */
static void rom_finding(struct vm_ck *c, const char *file, const char *bdf,
			const struct rom_verdict *v)
{
	const char *sure = uefi_gop_confidence_str(v->role.confidence);

	if (v->role.role == UEFI_GOP_ROLE_CONSUMER)
		vm_ck_add(
			c, "romfile-gop-consumer", VM_SEV_ERROR,
			"extract the Intel GOP driver itself with 'vfctl gop extract' (it refuses drivers that only use GOP) and point <rom file=...> at it",
			"the romfile %s of VF %s uses the Graphics Output Protocol but does not install it (GOP consumer, %s confidence: %s): the VF gets no GOP, Windows shows Code 43",
			file, bdf, sure, v->role.why);
	else if (v->role.role == UEFI_GOP_ROLE_UNSURE)
		vm_ck_add(
			c, "romfile-gop-unsure", VM_SEV_WARNING,
			"use the GOP driver 'vfctl gop extract' writes from the board's BIOS update",
			"the romfile %s of VF %s may not install the Graphics Output Protocol (GOP role unsure, %s confidence: %s)",
			file, bdf, sure, v->role.why);
	else
		vm_ck_add(
			c, "romfile-invalid", VM_SEV_ERROR,
			"extract the Intel GOP driver from the board's BIOS update with 'vfctl gop extract' (or wrap it with 'vfctl gop rom') and point <rom file=...> at it",
			"the romfile %s of VF %s %s", file, bdf, v->why);
}

void vm_ck_romfile(struct vm_ck *c, const char *file, const char *bdf)
{
	struct rom_verdict v = { .role.role = UEFI_GOP_ROLE_NONE };
	uint8_t *buf;
	size_t len;
	int ret, err = 0;

	ret = vm_ck_read(c, file, &buf, &len, OPTROM_MAX_SIZE);
	if (ret == -ENOMEM) {
		c->err = ret;
		return;
	}
	if (ret) {
		vm_ck_add(
			c, "romfile-unreadable", VM_SEV_ERROR,
			"check the path in <rom file=...>; QEMU must be able to read it (libvirt's usual place is /var/lib/libvirt/vbios/)",
			"the romfile %s of VF %s cannot be read: %s", file, bdf, strerror(-ret));
		return;
	}
	if (len >= 2 && buf[0] == 'M' && buf[1] == 'Z')
		raw_driver(buf, len, &v);
	else if (len >= 2 && buf[0] == 0x55 && buf[1] == 0xAA)
		option_rom(buf, len, &v, &err);
	else
		snprintf(
			v.why, sizeof(v.why),
			"is neither an EFI driver (.efi, starting with MZ) nor a PCI option ROM (starting with 55 AA)");
	if (err)
		c->err = err;
	else if (!v.pe)
		rom_finding(c, file, bdf, &v);
	else
		vm_ck_rom_secure_boot(c, v.pe, v.pe_len, file, bdf);
	free(v.decoded);
	free(buf);
}
