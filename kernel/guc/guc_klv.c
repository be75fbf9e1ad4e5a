// SPDX-License-Identifier: MIT
/*
 * KLV encoding and decoding with strict bounds checks.
 */
#include "guc/guc_klv.h"

#define KEY_INFO(id, key, len, name) { key, len, #name },
#define THRESHOLD_INFO(tag, key, log, attr) \
	{ key, GUC_KLV_VF_CFG_THRESHOLD_LEN, "threshold_" #attr },
/* clang-format off */
static const struct guc_klv_key_info guc_klv_keys[] = {
	GUC_KLV_KEYS(KEY_INFO)
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_INFO)
};
/* clang-format on */
#undef KEY_INFO
#undef THRESHOLD_INFO

/**
 * guc_klv_iter_init - start walking a KLV blob
 * @it: the iterator
 * @klvs: the blob (may be NULL when @num_dwords is 0)
 * @num_dwords: size of the blob in dwords
 */
void guc_klv_iter_init(struct guc_klv_iter *it, const u32 *klvs, u32 num_dwords)
{
	it->klvs = klvs;
	it->num_dwords = num_dwords;
	it->pos = 0;
	it->error = 0;
}
EXPORT_SYMBOL_GPL(guc_klv_iter_init);

/**
 * guc_klv_next - decode the next KLV
 * @it: the iterator
 * @key: out, the key
 * @len: out, the value length in dwords
 * @value: out, points at the first value dword inside the blob
 *
 * A KLV whose value runs past the end of the blob stops the walk and sets
 * @it->error to -EPROTO; nothing past the blob is ever read.
 *
 * Return: true if a KLV was decoded, false at the end or on error.
 */
bool guc_klv_next(struct guc_klv_iter *it, u16 *key, u16 *len, const u32 **value)
{
	u32 hdr, n;

	if (it->error || it->pos >= it->num_dwords)
		return false;

	hdr = it->klvs[it->pos];
	n = FIELD_GET(GUC_KLV_0_LEN, hdr);
	if (n > it->num_dwords - it->pos - GUC_KLV_LEN_MIN) {
		it->error = -EPROTO;
		return false;
	}

	*key = FIELD_GET(GUC_KLV_0_KEY, hdr);
	*len = n;
	*value = &it->klvs[it->pos + GUC_KLV_LEN_MIN];
	it->pos += GUC_KLV_LEN_MIN + n;
	return true;
}
EXPORT_SYMBOL_GPL(guc_klv_next);

/**
 * guc_klv_count - count the KLVs in a blob
 * @klvs: the blob
 * @num_dwords: its size in dwords
 *
 * Return: the number of KLVs, or -EPROTO if the last one is truncated.
 */
int guc_klv_count(const u32 *klvs, u32 num_dwords)
{
	struct guc_klv_iter it;
	const u32 *value;
	u16 key, len;
	int count = 0;

	guc_klv_iter_init(&it, klvs, num_dwords);
	guc_klv_for_each(&it, &key, &len, &value)
		count++;
	return it.error ?: count;
}
EXPORT_SYMBOL_GPL(guc_klv_count);

/**
 * guc_klv_encode - append one KLV to a buffer
 * @buf: the buffer
 * @size: its size in dwords
 * @pos: where the KLV goes, in dwords
 * @key: the key
 * @value: @len value dwords
 * @len: value length in dwords (0 for a flag)
 *
 * Return: the position after the KLV, or -ENOSPC if it does not fit (the
 * buffer is then unchanged).
 */
int guc_klv_encode(u32 *buf, u32 size, u32 pos, u16 key, const u32 *value, u16 len)
{
	u32 i;

	if (pos > size || size - pos < GUC_KLV_LEN_MIN + (u32)len)
		return -ENOSPC;

	buf[pos] = FIELD_PREP(GUC_KLV_0_KEY, key) | FIELD_PREP(GUC_KLV_0_LEN, len);
	for (i = 0; i < len; i++)
		buf[pos + GUC_KLV_LEN_MIN + i] = value[i];
	return pos + GUC_KLV_LEN_MIN + len;
}
EXPORT_SYMBOL_GPL(guc_klv_encode);

/**
 * guc_klv_encode_u32 - append a one-dword KLV
 * @buf: the buffer
 * @size: its size in dwords
 * @pos: where the KLV goes
 * @key: the key
 * @value: the value
 *
 * Return: as guc_klv_encode().
 */
int guc_klv_encode_u32(u32 *buf, u32 size, u32 pos, u16 key, u32 value)
{
	return guc_klv_encode(buf, size, pos, key, &value, 1);
}
EXPORT_SYMBOL_GPL(guc_klv_encode_u32);

/**
 * guc_klv_encode_u64 - append a two-dword KLV, low dword first
 * @buf: the buffer
 * @size: its size in dwords
 * @pos: where the KLV goes
 * @key: the key
 * @value: the value
 *
 * Return: as guc_klv_encode().
 */
int guc_klv_encode_u64(u32 *buf, u32 size, u32 pos, u16 key, u64 value)
{
	u32 v[2] = { lower_32_bits(value), upper_32_bits(value) };

	return guc_klv_encode(buf, size, pos, key, v, 2);
}
EXPORT_SYMBOL_GPL(guc_klv_encode_u64);

/**
 * guc_klv_key_info - look a key up in the ABI table
 * @key: the key
 *
 * Return: the entry, or NULL for a key this driver does not know.
 */
const struct guc_klv_key_info *guc_klv_key_info(u16 key)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(guc_klv_keys); i++)
		if (guc_klv_keys[i].key == key)
			return &guc_klv_keys[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(guc_klv_key_info);

/**
 * guc_klv_key_name - a printable name for a key
 * @key: the key
 *
 * Return: the ABI name, or "unknown".
 */
const char *guc_klv_key_name(u16 key)
{
	const struct guc_klv_key_info *info = guc_klv_key_info(key);

	return info ? info->name : "unknown";
}
EXPORT_SYMBOL_GPL(guc_klv_key_name);

/**
 * guc_klv_check - check a key and its length against the ABI
 * @key: the key
 * @len: the value length it came with
 *
 * Return: 0 if the key is known and @len is its length, -ENOKEY for an
 * unknown key, -EMSGSIZE for a known key with the wrong length.
 */
int guc_klv_check(u16 key, u16 len)
{
	const struct guc_klv_key_info *info = guc_klv_key_info(key);

	if (!info)
		return -ENOKEY;
	return info->len == len ? 0 : -EMSGSIZE;
}
EXPORT_SYMBOL_GPL(guc_klv_check);
