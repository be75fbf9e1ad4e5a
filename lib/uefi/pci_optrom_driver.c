// SPDX-License-Identifier: MIT
/*
 * The driver an EFI image of an option ROM gives the firmware (see
 * optrom_efi_driver() in pci_optrom.h). The one place that turns an image
 * into PE bytes: `vfctl gop` (uefi_gop_loose.c) and `vfctl vm check`
 * (lib/vm/vm_check_rom.c) both read the ROM through it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/pci_optrom.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_pe.h"

/* The PE of an uncompressed EFI image ends where its headers say (the rest
 * is the ROM's padding), or at the image end when they say it is longer. */
static size_t pe_extent(const uint8_t *pe, size_t avail)
{
	struct uefi_pe_info info;

	if (uefi_pe_parse(pe, avail, &info) || info.file_end > avail)
		return avail;
	return info.file_end;
}

int optrom_efi_driver(const uint8_t *rom, const struct optrom_image *img, size_t limit,
		      uint8_t **out, size_t *out_len)
{
	const uint8_t *p = rom + img->offset + img->efi_offset;
	size_t avail = img->init_size - img->efi_offset;
	uint8_t *d;

	if (img->compression)
		return uefi_efi_decompress(p, avail, UEFI_EFI11, limit, out, out_len);
	avail = pe_extent(p, avail);
	d = malloc(avail ? avail : 1);
	if (!d)
		return -ENOMEM;
	memcpy(d, p, avail);
	*out = d;
	*out_len = avail;
	return 0;
}
