/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4), enough to name and deduplicate extracted images
 * without pulling a crypto library into the tool.
 */
#ifndef UEFI_SHA256_H
#define UEFI_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};

/**
 * sha256_init - start a digest
 * @ctx: context to initialise
 */
void sha256_init(struct sha256_ctx *ctx);

/**
 * sha256_update - feed bytes
 * @ctx: context
 * @data: bytes
 * @len: number of bytes
 */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/**
 * sha256_final - finish and write the digest
 * @ctx: context (unusable afterwards)
 * @out: SHA256_DIGEST_SIZE bytes
 */
void sha256_final(struct sha256_ctx *ctx, uint8_t *out);

/**
 * sha256_hex - digest of a buffer as lower-case hex
 * @data: bytes
 * @len: number of bytes
 * @hex: SHA256_HEX_SIZE bytes for the NUL-terminated text
 *
 * Return: @hex.
 */
char *sha256_hex(const void *data, size_t len, char *hex);

#endif
