// SPDX-License-Identifier: MIT
/*
 * The Looking Glass memory size formula (see vm_shm.h).
 */
#include "vm/vm_shm.h"

#define MIB (1024ull * 1024ull)

uint64_t vm_shm_need_bytes(unsigned int width, unsigned int height, bool hdr)
{
	uint64_t bpp = hdr ? 8 : 4;

	return (uint64_t)width * height * bpp * 2 + VM_SHM_OVERHEAD_MIB * MIB;
}

uint64_t vm_shm_size_mib(unsigned int width, unsigned int height, bool hdr)
{
	uint64_t need = vm_shm_need_bytes(width, height, hdr);
	uint64_t mib = 1;

	/*
	 * Rounding the byte count up to a power of two of MiB is the same as
	 * the documented "MiB + 10, then 2^ceil(log2())" without floating
	 * point: a power of two of MiB is a power of two of bytes.
	 */
	while (mib * MIB < need)
		mib <<= 1;
	return mib;
}

bool vm_shm_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}
