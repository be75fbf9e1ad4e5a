/* SPDX-License-Identifier: MIT */
/*
 * EFI_SIGNATURE_LIST, the format of the MOK list (MokListRT, MokNew): a
 * sequence of lists, each a type GUID, three little-endian sizes (list,
 * header, entry) and entries of an owner GUID followed by the data (for
 * X.509 entries, a DER certificate).
 */
#ifndef DKMS_ESL_H
#define DKMS_ESL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * dkms_esl_has_cert - whether a list of EFI_SIGNATURE_LISTs holds @cert
 * as an X.509 entry
 * @esl: the variable's data (no attribute word)
 * @len: its length
 * @cert: DER certificate
 * @cert_len: its length
 * @err: set to true when the list is malformed (the walk stops there)
 */
bool dkms_esl_has_cert(const uint8_t *esl, size_t len, const uint8_t *cert, size_t cert_len,
		       bool *err);

#endif
