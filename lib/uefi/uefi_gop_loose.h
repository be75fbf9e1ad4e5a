/* SPDX-License-Identifier: MIT */
/*
 * GOP drivers outside any firmware volume: a file that is the driver itself
 * (a standalone IntelGopDriver.efi, as coreboot and Dasharo ship it) or a
 * PCI option ROM whose EFI images hold it (EfiRom output, a GPU's ROM).
 * Internal to uefi_gop.c and uefi_gop_loose.c.
 */
#ifndef UEFI_GOP_LOOSE_H
#define UEFI_GOP_LOOSE_H

#include <stddef.h>
#include <stdint.h>

#include "uefi/uefi_gop.h"

/**
 * uefi_gop_assess - the verdicts of a candidate whose bytes and names are set
 * @c: candidate (data, len, sha256, file_guid, ui_name and damage set)
 *
 * Sets the PE verdict, the known-good name, the producer/consumer role and
 * whether it is usable.
 */
void uefi_gop_assess(struct uefi_gop_candidate *c);

/**
 * uefi_gop_warn - record a warning in a result
 * @res: the result
 * @kind: what it means for the search
 * @msg: its detail (copied)
 */
void uefi_gop_warn(struct uefi_gop_result *res, enum uefi_warn_kind kind, const char *msg);

/**
 * uefi_gop_loose - candidates of a file that holds no firmware volume
 * @buf: the whole file
 * @len: its length
 * @needle: the match text, UTF-16LE
 * @needle_len: its length in bytes
 * @max_output: largest decoded image accepted (compressed ROM images)
 * @res: result; container, candidates and warnings are set
 *
 * A bare PE image is one candidate, byte for byte. An option ROM's EFI
 * images are candidates after the EFI 1.1 decoding that PCI bus drivers
 * apply to a compressed image, an uncompressed one cut at the end its PE
 * headers give (the ROM pads images to 512 bytes). As in a volume, an
 * image must hold @needle (exactly, else ignoring case).
 *
 * Return: 0 when the file is a PE image or an option ROM, -ENOENT when it
 * is neither, -ENOMEM.
 */
int uefi_gop_loose(const uint8_t *buf, size_t len, const uint8_t *needle, size_t needle_len,
		   size_t max_output, struct uefi_gop_result *res);

#endif
