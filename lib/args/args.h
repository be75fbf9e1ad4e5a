/* SPDX-License-Identifier: MIT */
/*
 * The grammar of the arguments every vfctl command shares, one parser each:
 *
 *   PCI address  what lspci prints: 00:02.1 (lspci), 0000:00:02.1 (lspci -D,
 *                sysfs), hexadecimal, either case; the domain is optional
 *   resolution   WIDTHxHEIGHT or WIDTHxHEIGHT@HZ, within ARGS_RES_* below
 *   device ID    a7a0, 0xa7a0, or as lspci -nn prints it: 8086:a7a0,
 *                [8086:a7a0]
 *   count        a decimal number within a range the caller gives
 *
 * On failure each parser writes one sentence into @err that names the bad
 * text, what is wrong with it and the accepted forms or range, so that every
 * command reports the same mistake with the same words. No allocation, no
 * global state: lib/host, lib/vm and tools/vfctl all call these.
 */
#ifndef ARGS_H
#define ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Enough for every sentence the parsers write. */
#define ARGS_ERR_MAX 320

/* A PCI address: domain:bus:slot.function */
struct args_pci {
	uint32_t domain; /* Linux allows more than 16 bits (VMD domains) */
	uint8_t bus;
	uint8_t slot; /* 0 to 0x1f */
	uint8_t func; /* 0 to 7 */
};

/* "dddd:bb:ss.f" plus the NUL; a domain above 0xffff takes more digits. */
#define ARGS_PCI_STR 24
#define ARGS_PCI_FORMS "00:02.1 or 0000:00:02.1 (as lspci or lspci -D prints it)"

/**
 * args_pci_parse - parse a PCI address in any form lspci prints
 * @s: the text
 * @out: the address
 * @err: on failure, the sentence saying why (ARGS_ERR_MAX bytes), or NULL
 * @n: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int args_pci_parse(const char *s, struct args_pci *out, char *err, size_t n);

/**
 * args_pci_format - write an address the way sysfs names it, "0000:00:02.1"
 * @a: the address
 * @buf: output, ARGS_PCI_STR bytes are enough
 * @n: its size
 */
void args_pci_format(const struct args_pci *a, char *buf, size_t n);

/**
 * args_pci_canonical - parse and rewrite in the sysfs form in one step
 * @s: the text
 * @buf: output, ARGS_PCI_STR bytes
 * @n: its size
 * @err: as args_pci_parse()
 * @en: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int args_pci_canonical(const char *s, char *buf, size_t n, char *err, size_t en);

/* The modes a virtual monitor (IddSampleDriver) and Looking Glass offer. */
#define ARGS_RES_MIN_W 320
#define ARGS_RES_MIN_H 200
#define ARGS_RES_MAX_W 16384
#define ARGS_RES_MAX_H 16384
#define ARGS_RES_MIN_HZ 1
#define ARGS_RES_MAX_HZ 1000
#define ARGS_RES_DEFAULT_HZ 60

struct args_res {
	unsigned int width;
	unsigned int height;
	unsigned int refresh; /* Hz; ARGS_RES_DEFAULT_HZ when not given */
	bool refresh_given;
};

/**
 * args_res_parse - parse "WIDTHxHEIGHT" or "WIDTHxHEIGHT@HZ"
 * @s: the text ('x' or 'X')
 * @out: the mode
 * @err: on failure, the sentence with the accepted ranges, or NULL
 * @n: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int args_res_parse(const char *s, struct args_res *out, char *err, size_t n);

/**
 * args_res_larger - whether @a has a larger frame than @b
 * @a: a mode
 * @b: another
 *
 * A repeated --resolution means every mode must fit, so the commands keep the
 * largest frame; on equal frames the higher refresh rate wins.
 *
 * Return: true when @a should replace @b.
 */
bool args_res_larger(const struct args_res *a, const struct args_res *b);

struct args_devid {
	uint16_t vendor; /* 0 when not given */
	uint16_t device;
	bool vendor_given;
};

/**
 * args_devid_parse - parse a PCI device ID
 * @s: "a7a0", "0xa7a0", "8086:a7a0" or "[8086:a7a0]" (hexadecimal)
 * @out: the IDs
 * @err: on failure, the sentence, or NULL
 * @n: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int args_devid_parse(const char *s, struct args_devid *out, char *err, size_t n);

/**
 * args_uint_parse - parse a decimal count within [@min, @max]
 * @s: the text (digits only: no sign, no spaces)
 * @what: what the number is, for the sentence ("a VF count")
 * @min: the smallest accepted value
 * @max: the largest
 * @out: the value
 * @err: on failure, the sentence with the range, or NULL
 * @n: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int args_uint_parse(const char *s, const char *what, unsigned long min, unsigned long max,
		    unsigned long *out, char *err, size_t n);

#endif
