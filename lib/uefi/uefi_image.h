/* SPDX-License-Identifier: MIT */
/*
 * What kind of file a BIOS update is and where its flash image lies:
 * EFI/FMP/Intel/Lenovo capsules, AMI Aptio capsules (ASUS .CAP), Insyde
 * iFlash images, Intel flash-descriptor (full SPI) images, or a plain image.
 * AMI PFAT (BIOS Guard) containers are recognised and refused.
 */
#ifndef UEFI_IMAGE_H
#define UEFI_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum uefi_container {
	UEFI_CONTAINER_RAW = 0, /* no wrapper: scan everything */
	UEFI_CONTAINER_CAPSULE, /* EFI_CAPSULE_HEADER family */
	UEFI_CONTAINER_APTIO_SIGNED,
	UEFI_CONTAINER_APTIO_UNSIGNED,
	UEFI_CONTAINER_INSYDE,
	UEFI_CONTAINER_PFAT,
	/* No volume: the file is the driver itself, or an option ROM holding
	 * it (set by uefi_gop_find(), not by uefi_image_identify()). */
	UEFI_CONTAINER_PE_IMAGE,
	UEFI_CONTAINER_OPTION_ROM,
};

struct uefi_image_info {
	enum uefi_container container;
	const char *container_name; /* "EFI capsule", "AMI Aptio capsule", ... */
	bool descriptor; /* an Intel flash descriptor was found */
	bool region_truncated; /* the BIOS region runs past the file */
	size_t start; /* area to scan for volumes */
	size_t len;
};

/**
 * uefi_image_identify - find the flash image inside an update file
 * @buf: the whole file
 * @len: its length
 * @info: result; on success start/len give the area to scan
 *
 * Capsule headers are honoured only when their sizes are consistent with
 * the file; otherwise the file is treated as a plain image.
 *
 * Return: 0, or -EPROTONOSUPPORT for AMI PFAT / BIOS Guard containers
 * (@info names the container).
 */
int uefi_image_identify(const uint8_t *buf, size_t len, struct uefi_image_info *info);

/**
 * uefi_descriptor_bios_region - BIOS region of an Intel flash descriptor
 * @buf: bytes starting at the descriptor (flash offset 0)
 * @len: bytes available
 * @start: region start
 * @size: region size (may exceed @len for a truncated file)
 *
 * Return: 0, -EINVAL when @buf has no descriptor, -ENOENT when the
 * descriptor has no BIOS region.
 */
int uefi_descriptor_bios_region(const uint8_t *buf, size_t len, size_t *start, size_t *size);

#endif
