/* SPDX-License-Identifier: MIT */
/*
 * Little-endian field readers for firmware structures.
 *
 * Firmware images are parsed from untrusted byte buffers: every structure is
 * read field by field through these helpers after the caller has checked the
 * bounds, never by casting a pointer to a packed struct (alignment, aliasing).
 */
#ifndef UEFI_LE_H
#define UEFI_LE_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t uefi_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t uefi_le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t uefi_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t uefi_le64(const uint8_t *p)
{
	return (uint64_t)uefi_le32(p) | (uint64_t)uefi_le32(p + 4) << 32;
}

static inline void uefi_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void uefi_put32(uint8_t *p, uint32_t v)
{
	uefi_put16(p, (uint16_t)v);
	uefi_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void uefi_put64(uint8_t *p, uint64_t v)
{
	uefi_put32(p, (uint32_t)v);
	uefi_put32(p + 4, (uint32_t)(v >> 32));
}

/* Round @v up to a multiple of the power of two @a. */
static inline uint64_t uefi_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

#endif
