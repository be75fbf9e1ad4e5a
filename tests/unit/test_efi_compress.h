/* SPDX-License-Identifier: MIT */
/*
 * EFI 1.1 / Tiano compression for the tests (test_efi_compress.c).
 */
#ifndef TEST_EFI_COMPRESS_H
#define TEST_EFI_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "tests/unit/test_uefi_util.h"

/* Compress @in with the @pbit variant (4: EFI 1.1, 5: Tiano), at most
 * @block symbols per block; the result starts with the 8-byte header
 * (CompSize, OrigSize) that uefi_efi_decompress() reads. */
struct tbuf t_efi_compress(const uint8_t *in, size_t len, int pbit, int block);

#endif
