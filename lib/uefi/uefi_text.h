/* SPDX-License-Identifier: MIT */
/*
 * UTF-16LE <-> UTF-8 for firmware strings (UI names, versions, search text).
 */
#ifndef UEFI_TEXT_H
#define UEFI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * uefi_utf16_encode - encode UTF-8 text as UTF-16LE without a terminator
 * @s: NUL-terminated UTF-8 (characters outside the BMP are rejected)
 * @out: on success, the malloc'ed UTF-16LE bytes
 * @out_len: on success, their number
 *
 * Return: 0, -EINVAL for invalid or empty text, -ENOMEM.
 */
int uefi_utf16_encode(const char *s, uint8_t **out, size_t *out_len);

/**
 * uefi_utf16_decode - decode a UTF-16LE string to UTF-8
 * @p: UTF-16LE bytes; decoding stops at a NUL unit or after @len bytes
 * @len: bytes available
 *
 * Unpaired surrogates and control characters become '?'.
 *
 * Return: a malloc'ed NUL-terminated string, or NULL when out of memory.
 */
char *uefi_utf16_decode(const uint8_t *p, size_t len);

/**
 * uefi_utf16_find - find UTF-16LE text in bytes
 * @hay: bytes to search (any alignment, as UEFITool's hex search)
 * @hay_len: their number
 * @needle: UTF-16LE text
 * @needle_len: its length in bytes
 * @fold: compare ASCII letters case-insensitively
 *
 * Return: true when found.
 */
bool uefi_utf16_find(const uint8_t *hay, size_t hay_len, const uint8_t *needle, size_t needle_len,
		     bool fold);

#endif
