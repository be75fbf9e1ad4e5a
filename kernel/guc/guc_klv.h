/* SPDX-License-Identifier: MIT */
/*
 * KLV encoder and decoder (abi/guc_klvs_abi.h). Every access is bounds-checked
 * against the buffer the caller passes: KLV blobs come back from the GuC and
 * from VFs, so a length field is never trusted.
 */
#ifndef GUC_KLV_H
#define GUC_KLV_H

#include "compat.h"
#include "abi/guc_klvs_abi.h"

/**
 * struct guc_klv_iter - walks a KLV blob
 * @klvs: the blob
 * @num_dwords: its size in dwords
 * @pos: offset of the next KLV header
 * @error: 0, or -EPROTO once a KLV ran past the end of the blob
 */
struct guc_klv_iter {
	const u32 *klvs;
	u32 num_dwords;
	u32 pos;
	int error;
};

/**
 * struct guc_klv_key_info - what the ABI says about a key
 * @key: the key
 * @len: its value length in dwords
 * @name: a printable name, as xe spells it
 */
struct guc_klv_key_info {
	u16 key;
	u16 len;
	const char *name;
};

void guc_klv_iter_init(struct guc_klv_iter *it, const u32 *klvs, u32 num_dwords);
bool guc_klv_next(struct guc_klv_iter *it, u16 *key, u16 *len, const u32 **value);
int guc_klv_count(const u32 *klvs, u32 num_dwords);

int guc_klv_encode(u32 *buf, u32 size, u32 pos, u16 key, const u32 *value, u16 len);
int guc_klv_encode_u32(u32 *buf, u32 size, u32 pos, u16 key, u32 value);
int guc_klv_encode_u64(u32 *buf, u32 size, u32 pos, u16 key, u64 value);

const struct guc_klv_key_info *guc_klv_key_info(u16 key);
const char *guc_klv_key_name(u16 key);
int guc_klv_check(u16 key, u16 len);

static inline u64 guc_klv_value_u64(const u32 *value)
{
	return ((u64)value[1] << 32) | value[0];
}

#define guc_klv_for_each(it, key, len, value) while (guc_klv_next((it), (key), (len), (value)))

#endif
