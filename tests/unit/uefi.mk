# SPDX-License-Identifier: MIT
#
# Unit tests of lib/uefi (included from lib/uefi/rules.mk). They run against
# Debian's OVMF image and compare with UEFIExtract (uefitool-cli); both come
# from scripts/deps/gop.txt.

UEFI_TEST_LDLIBS = -lcmocka $(UEFI_LDLIBS) $(shell pkg-config --libs liblzma libbrotlienc)
UEFI_TEST_COMMON := tests/unit/test_uefi_util.c tests/unit/test_efi_compress.c $(UEFI_SRCS) $(COMMON_SRCS)

UNIT_TESTS += test_uefi_ovmf test_uefi_formats test_uefi_codec test_gop_rom test_uefi_integrity
UNIT_TESTS += test_uefi_stream test_uefi_loose
test_uefi_ovmf_SRCS := tests/unit/test_uefi_ovmf.c $(UEFI_TEST_COMMON)
test_uefi_ovmf_LDLIBS = $(UEFI_TEST_LDLIBS)
test_uefi_formats_SRCS := tests/unit/test_uefi_formats.c $(UEFI_TEST_COMMON)
test_uefi_formats_LDLIBS = $(UEFI_TEST_LDLIBS)
test_uefi_codec_SRCS := tests/unit/test_uefi_codec.c $(UEFI_TEST_COMMON)
test_uefi_codec_LDLIBS = $(UEFI_TEST_LDLIBS)
test_gop_rom_SRCS := tests/unit/test_gop_rom.c $(UEFI_TEST_COMMON)
test_gop_rom_LDLIBS = $(UEFI_TEST_LDLIBS)
test_uefi_integrity_SRCS := tests/unit/test_uefi_integrity.c $(UEFI_TEST_COMMON)
test_uefi_integrity_LDLIBS = $(UEFI_TEST_LDLIBS)
test_uefi_stream_SRCS := tests/unit/test_uefi_stream.c $(UEFI_TEST_COMMON)
test_uefi_stream_LDLIBS = $(UEFI_TEST_LDLIBS)
test_uefi_loose_SRCS := tests/unit/test_uefi_loose.c $(UEFI_TEST_COMMON)
test_uefi_loose_LDLIBS = $(UEFI_TEST_LDLIBS)
