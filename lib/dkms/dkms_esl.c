// SPDX-License-Identifier: MIT
/*
 * The EFI signature list walker (see dkms_esl.h): the bytes come from a
 * firmware variable, so every size is checked against what is left.
 */
#include <string.h>

#include "dkms/dkms_esl.h"

/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored. */
static const uint8_t cert_x509_guid[16] = { 0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
					    0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72 };

#define ESL_HEADER 28 /* SignatureType, ListSize, HeaderSize, SignatureSize */
#define SIG_OWNER 16

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool dkms_esl_has_cert(const uint8_t *esl, size_t len, const uint8_t *cert, size_t cert_len,
		       bool *err)
{
	size_t pos = 0;

	*err = false;
	while (pos < len) {
		const uint8_t *l = esl + pos;
		uint32_t list_size, hdr_size, sig_size;
		size_t off;

		if (len - pos < ESL_HEADER) {
			*err = true;
			return false;
		}
		list_size = le32(l + 16);
		hdr_size = le32(l + 20);
		sig_size = le32(l + 24);
		if (list_size < ESL_HEADER || list_size > len - pos ||
		    hdr_size > list_size - ESL_HEADER || sig_size < SIG_OWNER ||
		    (list_size - ESL_HEADER - hdr_size) % sig_size) {
			*err = true;
			return false;
		}
		if (!memcmp(l, cert_x509_guid, 16) && sig_size - SIG_OWNER == cert_len) {
			for (off = ESL_HEADER + hdr_size; off < list_size; off += sig_size)
				if (!memcmp(l + off + SIG_OWNER, cert, cert_len))
					return true;
		}
		pos += list_size;
	}
	return false;
}
