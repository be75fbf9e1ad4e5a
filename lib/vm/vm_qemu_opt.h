/* SPDX-License-Identifier: MIT */
/*
 * Reading one key of a QEMU -device / -object argument, in either syntax:
 * the legacy "driver,key=value,..." (",," is a literal comma) or the JSON
 * form "{'key':'value',...}" QEMU also accepts with single quotes. Input is
 * untrusted (a user's domain XML), so the parser bounds everything.
 */
#ifndef VM_QEMU_OPT_H
#define VM_QEMU_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * vm_qemu_opt_is_json - whether an argument uses the JSON syntax
 * @arg: the -device or -object value
 *
 * Return: true when it starts with '{'.
 */
bool vm_qemu_opt_is_json(const char *arg);

/**
 * vm_qemu_opt_get - the value of one key
 * @arg: the -device or -object value
 * @key: key; in the legacy syntax, "driver" and "qom-type" also name the
 *       leading word that has no '='
 * @val: output, NUL-terminated
 * @n: its size
 *
 * Return: 1 when found, 0 when absent, -EINVAL for a malformed argument,
 * -ENAMETOOLONG when the value does not fit.
 */
int vm_qemu_opt_get(const char *arg, const char *key, char *val, size_t n);

/**
 * vm_qemu_opt_check - whether an argument parses as a whole
 * @arg: the -device or -object value
 *
 * Return: 0, or -EINVAL for a malformed JSON object (the legacy syntax has
 * no structure to break).
 */
int vm_qemu_opt_check(const char *arg);

/**
 * vm_qemu_size_parse - parse a QEMU size ("64M", "1G", "67108864")
 * @s: text; suffixes K, M, G, T (powers of 1024), optional "B"
 * @bytes: result
 *
 * Return: 0 or -EINVAL (also on overflow).
 */
int vm_qemu_size_parse(const char *s, uint64_t *bytes);

/**
 * vm_qemu_bool_parse - parse a QEMU boolean ("on", "yes", "true", ...)
 * @s: text
 * @v: result
 *
 * Return: 0 or -EINVAL.
 */
int vm_qemu_bool_parse(const char *s, bool *v);

#endif
