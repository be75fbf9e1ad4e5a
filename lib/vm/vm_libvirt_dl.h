/* SPDX-License-Identifier: MIT */
/*
 * libvirt, loaded only by the commands that call it. libvirt.so.0 brings
 * some fifty libraries with it (GLib, GnuTLS, curl, Kerberos, ICU, ...),
 * and mapping and relocating them was most of the start-up of every vfctl
 * run, `vfctl --help`, `vfctl gop` and the doctor included (bench gop's
 * start-up figure), while only `vm check` and `vm define` call libvirt.
 * So vfctl does not link it:
 * the first call opens the library by its SONAME, resolves every function
 * listed below at once and keeps it loaded for the life of the process.
 *
 * Each pointer has the type of libvirt's own declaration (typeof), so a
 * call that does not match libvirt's prototype still fails to compile:
 * the build needs libvirt's headers (libvirt-dev), the run only the
 * library, and only where one of those commands runs.
 */
#ifndef VM_LIBVIRT_DL_H
#define VM_LIBVIRT_DL_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stddef.h>

/* The name the dynamic linker would have looked up had vfctl linked it. */
#define VM_LIBVIRT_SONAME "libvirt.so.0"

/* Every libvirt function vfctl calls, and the only list of them. */
#define VM_LIBVIRT_FUNCS(X)        \
	X(virConnectClose)         \
	X(virConnectOpen)          \
	X(virDomainDefineXMLFlags) \
	X(virDomainFree)           \
	X(virDomainGetName)        \
	X(virDomainGetUUIDString)  \
	X(virDomainGetXMLDesc)     \
	X(virDomainUndefine)       \
	X(virDomainUndefineFlags)  \
	X(virGetLastError)         \
	X(virGetLastErrorMessage)  \
	X(virGetVersion)           \
	X(virInitialize)           \
	X(virResetLastError)       \
	X(virSetErrorFunc)

struct vm_libvirt_api {
#define VM_LIBVIRT_MEMBER(fn) typeof(fn) *fn;
	VM_LIBVIRT_FUNCS(VM_LIBVIRT_MEMBER)
#undef VM_LIBVIRT_MEMBER
};

/**
 * vm_libvirt_api - libvirt's functions, loading the library on first use
 * @why: filled on failure with the dynamic linker's reason
 * @n: size of @why
 *
 * The outcome is kept: later calls neither retry a failed load nor load
 * twice. Not thread-safe; vfctl calls it from its one thread.
 *
 * Return: the table, or NULL when libvirt.so.0 cannot be loaded or lacks
 * one of the functions (a libvirt older than the headers vfctl was built
 * against).
 */
const struct vm_libvirt_api *vm_libvirt_api(char *why, size_t n);

#endif
