/* SPDX-License-Identifier: MIT */
/*
 * PCI option ROMs holding EFI drivers, laid out as EDK2's EfiRom writes them
 * (PCI Firmware 3.0 data structure, uncompressed image, 0xFF padding before
 * the PE so that it ends at the image end).
 */
#ifndef PCI_OPTROM_H
#define PCI_OPTROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPTROM_BLOCK 512
#define OPTROM_MAX_SIZE (16u << 20) /* EfiRom's MAX_OPTION_ROM_SIZE */
#define OPTROM_EFI_SIGNATURE 0x0EF1
#define OPTROM_CODE_TYPE_EFI 3
#define OPTROM_INDICATOR_LAST 0x80

struct optrom_params {
	uint16_t vendor;
	uint16_t device;
	uint32_t class_code; /* 24 bits; EfiRom's default is 0 */
	uint16_t code_revision;
	bool last; /* set the last-image indicator */
};

struct optrom_image {
	size_t offset; /* of this image in the ROM */
	size_t length; /* ImageLength * 512 */
	uint16_t vendor;
	uint16_t device;
	uint8_t code_type;
	uint8_t indicator;
	uint8_t pcir_revision;
	/* EFI images only */
	uint16_t subsystem;
	uint16_t machine;
	uint16_t compression;
	size_t efi_offset; /* PE start, relative to the image */
	size_t init_size; /* InitializationSize * 512 */
};

/**
 * optrom_build - wrap an EFI driver as a one-image PCI option ROM
 * @pe: the PE image (machine and subsystem are copied from it)
 * @pe_len: its size
 * @p: IDs and flags for the PCI data structure
 * @out: on success, the malloc'ed ROM
 * @out_len: on success, its size (a multiple of 512)
 *
 * Return: 0, -EINVAL when @pe is not a PE image, -EFBIG beyond 16 MiB (or
 * the 16-bit size fields), -ENOMEM.
 */
int optrom_build(const uint8_t *pe, size_t pe_len, const struct optrom_params *p, uint8_t **out,
		 size_t *out_len);

/**
 * optrom_parse - read the image headers of an option ROM the way firmware does
 * @rom: ROM bytes
 * @len: their number
 * @img: array for the images found
 * @max: its capacity
 *
 * Follows images until the last-image indicator, checking the 0xAA55
 * signature, the PCIR structure and the EFI header fields PciBusDxe checks.
 *
 * Return: the number of images (>= 1), or -EINVAL at the first violation.
 */
int optrom_parse(const uint8_t *rom, size_t len, struct optrom_image *img, size_t max);

/**
 * optrom_efi_driver - the PE driver of an EFI image, as a PCI bus driver loads it
 * @rom: the ROM the image is in
 * @img: an EFI image optrom_parse() read, @img->offset set to its place in @rom
 * @limit: largest decoded driver accepted (what a compressed image states)
 * @out: on success, the malloc'ed PE bytes
 * @out_len: on success, their number
 *
 * A compressed image (type 1) is decoded with the EFI 1.1 algorithm, as
 * PciBusDxe does before it loads it; an uncompressed one is cut where its
 * PE headers say the file ends (the ROM pads images to 512 bytes).
 *
 * Return: 0, -EINVAL when the compressed data is corrupt, -EFBIG when it
 * decodes to more than @limit, -ENOMEM.
 */
int optrom_efi_driver(const uint8_t *rom, const struct optrom_image *img, size_t limit,
		      uint8_t **out, size_t *out_len);

#endif
