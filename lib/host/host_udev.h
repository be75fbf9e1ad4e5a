/* SPDX-License-Identifier: MIT */
/*
 * A udev rule's ACTION keys: which events a rule line runs on. One reader
 * for the doctor (vfs.persist) and for vfctl setup, which both judge a
 * user's rule that writes sriov_numvfs by the events the boot sends the PF.
 */
#ifndef HOST_UDEV_H
#define HOST_UDEV_H

#include <stdbool.h>

/**
 * host_udev_action - whether the rule's ACTION keys let @action through
 * @line: one rule line (NUL-terminated)
 * @action: an event name: "add", "bind", "change", ...
 *
 * ACTION=="p" and ACTION!="p" (fnmatch patterns, "|" between
 * alternatives), every such key of the line; a line without one runs on
 * every event.
 *
 * Return: true when the line runs on @action.
 */
bool host_udev_action(const char *line, const char *action);

/*
 * The events that can create the PF's VFs at boot (setup_steps.h tells
 * which boots send which): the coldplug "add" (udevadm trigger
 * --action=add) and "bind" (the PF's driver binding in the root's udev).
 */
struct host_udev_boot {
	bool on_add, on_bind;
};

void host_udev_boot_events(const char *line, struct host_udev_boot *ev);

#endif
