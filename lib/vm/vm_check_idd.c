// SPDX-License-Identifier: MIT
/*
 * `vm check --idd-options FILE`: the user's IddSampleDriver option.txt.
 * Its modes are what the virtual monitor offers, so the largest decides the
 * IVSHMEM size (guide section 3, step 7); and a line the driver cannot read
 * leaves the VM without its monitor, which looks like a Looking Glass fault.
 */
#include <stdio.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_idd_option.h"

static const char *fatal_what(const struct vm_idd_options *p)
{
	switch (p->fatal) {
	case VM_IDD_UTF16:
		return "is saved as UTF-16 (Notepad's \"Unicode\"), so its first line is not a number";
	case VM_IDD_BOM:
		return "starts with a UTF-8 byte-order mark (Notepad's \"UTF-8 with BOM\"), so its first line is not a number";
	case VM_IDD_COUNT_NAN:
		return "has no monitor count on line 1 (it must be a number, not a comment)";
	case VM_IDD_COUNT_RANGE:
		return "has a monitor count on line 1 that does not fit an int";
	case VM_IDD_MODE_NAN:
		return "has a mode line (three comma-separated fields, the first not starting with '#') with a field that is not a number";
	default:
		return "has a mode line with a number that does not fit an int";
	}
}

static void ck_fatal(struct vm_ck *c, const struct vm_idd_options *p, const char *file)
{
	char where[64] = "";

	if (p->fatal == VM_IDD_MODE_NAN || p->fatal == VM_IDD_MODE_RANGE)
		snprintf(where, sizeof(where), " (line %u, field %u)", p->fatal_line,
			 p->fatal_field);
	vm_ck_add(
		c, "idd-option-unreadable", VM_SEV_ERROR,
		p->fatal == VM_IDD_UTF16 || p->fatal == VM_IDD_BOM ?
			"save it as plain UTF-8 without a byte-order mark (Notepad: Save As, Encoding \"UTF-8\"), then disable and enable the IddSampleDriver device" :
		p->fatal <= VM_IDD_COUNT_RANGE ?
			"make line 1 the number of virtual monitors, e.g. 1, then disable and enable the IddSampleDriver device" :
			"make it three numbers (width, height, refresh rate), or start the line with '#' to comment it out",
		"%s %s%s: IddSampleDriver's std::stoi throws on it and nothing catches that, so the driver does not start and Windows gets no virtual monitor for the VF to render and Looking Glass to capture",
		file, fatal_what(p), where);
}

void vm_ck_idd(struct vm_ck *c)
{
	const struct vm_check_opts *o = c->o;
	const char *file = o->idd_name ? o->idd_name : VM_IDD_OPTION_PATH;
	struct vm_idd_options p;

	if (!o->idd_text)
		return;
	vm_idd_option_parse(o->idd_text, o->idd_len, &p);
	if (p.fatal != VM_IDD_OK)
		ck_fatal(c, &p, file);
	if (p.fatal > VM_IDD_COUNT_RANGE || p.fatal == VM_IDD_OK) {
		if (p.monitors == 0)
			vm_ck_add(
				c, "idd-option-monitors", VM_SEV_ERROR,
				"make line 1 the number of virtual monitors, e.g. 1",
				"%s asks for 0 virtual monitors: there is nothing for the VF to render to and Looking Glass to capture",
				file);
		else if (p.monitors < 0)
			vm_ck_add(
				c, "idd-option-monitors", VM_SEV_ERROR,
				"make line 1 the number of virtual monitors, e.g. 1",
				"%s asks for %lld virtual monitors: IddSampleDriver keeps the count as an unsigned int, so that is %u monitors",
				file, p.monitors, (unsigned int)p.monitors);
	}
	if (p.n_skipped)
		vm_ck_add(
			c, "idd-option-skipped", VM_SEV_WARNING,
			"write each mode as exactly three numbers separated by commas: width, height, refresh rate (e.g. 2560, 1440, 60)",
			"%s line %u%s: not three comma-separated fields, so IddSampleDriver skips %s and the virtual monitor does not offer %s",
			file, p.first_skipped, p.n_skipped > 1 ? " and others" : "",
			p.n_skipped > 1 ? "them" : "it",
			p.n_skipped > 1 ? "those modes" : "that mode");
	if (p.n_unusable)
		vm_ck_add(
			c, "idd-option-unusable", VM_SEV_WARNING,
			"give a width, height and refresh rate of at least 1",
			"%s line %u%s: a width, height or refresh rate below 1 is not a display mode, but IddSampleDriver hands it to Windows as it is",
			file, p.first_unusable, p.n_unusable > 1 ? " and others" : "");
	if (!p.largest.width && p.fatal <= VM_IDD_COUNT_RANGE && p.fatal != VM_IDD_UTF16 &&
	    p.fatal != VM_IDD_BOM)
		vm_ck_add(
			c, "idd-option-no-mode", VM_SEV_WARNING,
			"add the modes the VM should offer, one a line: width, height, refresh rate",
			"%s lists no usable mode, so the virtual monitor offers Windows no resolution to choose",
			file);
}

bool vm_ck_idd_mode(const struct vm_check_opts *o, struct vm_resolution *mode)
{
	struct vm_idd_options p;

	if (!o->idd_text)
		return false;
	vm_idd_option_parse(o->idd_text, o->idd_len, &p);
	if (!p.largest.width)
		return false;
	*mode = p.largest;
	return true;
}
