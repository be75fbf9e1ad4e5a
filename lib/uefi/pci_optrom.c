// SPDX-License-Identifier: MIT
/*
 * Option ROM layout: PCI Firmware 3.0 / UEFI "PCI Option ROMs" and
 * MdePkg Pci22.h (offsets in the research notes, section 5.4).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/pci_optrom.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_pe.h"

#define ROM_HEADER 0x1A
#define PCIR_OFFSET 0x1C /* header plus two pad bytes, 4-aligned */
#define PCIR30_LEN 0x1C
#define EFI_HEADER_AREA (PCIR_OFFSET + PCIR30_LEN)

int optrom_build(const uint8_t *pe, size_t pe_len, const struct optrom_params *p, uint8_t **out,
		 size_t *out_len)
{
	struct uefi_pe_info info;
	size_t total, pad;
	uint8_t *rom, *pcir;

	if (uefi_pe_parse(pe, pe_len, &info))
		return -EINVAL;
	total = uefi_align(EFI_HEADER_AREA + (uint64_t)pe_len, OPTROM_BLOCK);
	if (total > OPTROM_MAX_SIZE || total / OPTROM_BLOCK > 0xFFFF)
		return -EFBIG;
	/* EfiImageHeaderOffset is 16 bits: the padding goes before the PE. */
	pad = total - EFI_HEADER_AREA - pe_len;
	if (EFI_HEADER_AREA + pad > 0xFFFF)
		return -EFBIG;
	rom = calloc(1, total);
	if (!rom)
		return -ENOMEM;

	rom[0] = 0x55;
	rom[1] = 0xAA;
	uefi_put16(rom + 0x02, (uint16_t)(total / OPTROM_BLOCK));
	uefi_put32(rom + 0x04, OPTROM_EFI_SIGNATURE);
	uefi_put16(rom + 0x08, info.subsystem);
	uefi_put16(rom + 0x0A, info.machine);
	uefi_put16(rom + 0x0C, 0); /* not compressed */
	uefi_put16(rom + 0x16, (uint16_t)(EFI_HEADER_AREA + pad));
	uefi_put16(rom + 0x18, PCIR_OFFSET);

	pcir = rom + PCIR_OFFSET;
	memcpy(pcir, "PCIR", 4);
	uefi_put16(pcir + 0x04, p->vendor);
	uefi_put16(pcir + 0x06, p->device);
	uefi_put16(pcir + 0x0A, PCIR30_LEN);
	pcir[0x0C] = 3;
	pcir[0x0D] = (uint8_t)p->class_code;
	pcir[0x0E] = (uint8_t)(p->class_code >> 8);
	pcir[0x0F] = (uint8_t)(p->class_code >> 16);
	uefi_put16(pcir + 0x10, (uint16_t)(total / OPTROM_BLOCK));
	uefi_put16(pcir + 0x12, p->code_revision);
	pcir[0x14] = OPTROM_CODE_TYPE_EFI;
	pcir[0x15] = p->last ? OPTROM_INDICATOR_LAST : 0;

	memset(rom + EFI_HEADER_AREA, 0xFF, pad);
	memcpy(rom + EFI_HEADER_AREA + pad, pe, pe_len);
	*out = rom;
	*out_len = total;
	return 0;
}

static int parse_efi(const uint8_t *img, size_t avail, struct optrom_image *o)
{
	o->init_size = (size_t)uefi_le16(img + 0x02) * OPTROM_BLOCK;
	o->subsystem = uefi_le16(img + 0x08);
	o->machine = uefi_le16(img + 0x0A);
	o->compression = uefi_le16(img + 0x0C);
	o->efi_offset = uefi_le16(img + 0x16);
	/* What edk2 PciBusDxe requires before it loads the image. */
	if (uefi_le32(img + 0x04) != OPTROM_EFI_SIGNATURE ||
	    (o->subsystem != PE_SUBSYSTEM_EFI_BOOT_DRIVER &&
	     o->subsystem != PE_SUBSYSTEM_EFI_RUNTIME_DRIVER) ||
	    o->compression > 1 || o->init_size > o->length || o->init_size > avail ||
	    o->efi_offset >= o->init_size)
		return -EINVAL;
	return 0;
}

int optrom_parse(const uint8_t *rom, size_t len, struct optrom_image *img, size_t max)
{
	size_t off = 0, n = 0;

	while (n < max) {
		struct optrom_image *o = &img[n];
		const uint8_t *h = rom + off, *pcir;
		size_t pcir_off;

		memset(o, 0, sizeof(*o));
		if (len - off < OPTROM_BLOCK || h[0] != 0x55 || h[1] != 0xAA)
			return -EINVAL;
		pcir_off = uefi_le16(h + 0x18);
		if (!pcir_off || pcir_off & 3 || pcir_off + 0x18 > len - off)
			return -EINVAL;
		pcir = h + pcir_off;
		if (memcmp(pcir, "PCIR", 4))
			return -EINVAL;
		o->offset = off;
		o->vendor = uefi_le16(pcir + 0x04);
		o->device = uefi_le16(pcir + 0x06);
		o->pcir_revision = pcir[0x0C];
		o->length = (size_t)uefi_le16(pcir + 0x10) * OPTROM_BLOCK;
		o->code_type = pcir[0x14];
		o->indicator = pcir[0x15];
		if (!o->length || o->length > len - off)
			return -EINVAL;
		if (o->code_type == OPTROM_CODE_TYPE_EFI && parse_efi(h, len - off, o))
			return -EINVAL;
		n++;
		off += o->length;
		if (o->indicator & OPTROM_INDICATOR_LAST || off >= len)
			break;
	}
	return (int)n;
}
