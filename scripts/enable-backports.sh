#!/bin/sh
# Install the packages of scripts/backports/*.txt from Debian's backports
# suite (today: a QEMU with an SR-IOV capable igb for the VM tests).
#
# The suite is derived from the machine's own apt configuration: the entry
# (one-line .list or deb822 .sources) that serves the release's main suite
# gives the URI and the keyring, and a "<codename>-backports" entry with the
# same URI is added. No host name is written here. Idempotent: nothing is
# done when the listed packages are already backports builds; QEMU is left
# alone when the distribution's own already has igb (a newer release).
#
#   scripts/enable-backports.sh          add the suite if needed, install
#   scripts/enable-backports.sh --check  only say what would be done
#
# Exit codes: 0 done or nothing to do (also when no suite can be derived:
# the SR-IOV VM test then reports that it is skipped), 3 not root.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
check_only=0
[ "${1:-}" = --check ] && check_only=1

# shellcheck disable=SC1091 # the machine's own os-release
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [ -z "$codename" ]; then
	echo "backports: no VERSION_CODENAME in /etc/os-release; nothing to do"
	exit 0
fi
suite="$codename-backports"

# qemu-system-x86 >= 8.0 has igb; a release that ships it needs no backport
# of QEMU. (-device X,help exits 0 even for an unknown device: read what it
# prints.)
qemu_has_igb=0
if qemu-system-x86_64 -device igb,help 2>/dev/null | grep -q '^igb options'; then
	qemu_has_igb=1
fi

# shellcheck disable=SC2020 # blanks and tabs both become newlines
pkgs=$(sed -e 's/#.*//' "$here"/backports/*.txt | tr -s ' \t' '\n\n' | sort -u)
missing=""
for pkg in $pkgs; do
	[ "$pkg" = qemu-system-x86 ] && [ "$qemu_has_igb" = 1 ] && continue
	v=$(dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>/dev/null || true)
	case "$v" in
	*" installed "*~bpo*) ;;
	*) missing="$missing $pkg" ;;
	esac
done
if [ -z "$missing" ]; then
	echo "backports: all packages from $suite present"
	exit 0
fi

# Every apt source file, one-line and deb822 alike.
sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && echo "$f"
	done
}

# Print "URI SIGNED-BY" of the first "deb" entry serving $1 with main.
find_entry() {
	want=$1
	for f in $(sources); do
		case "$f" in
		*.sources)
			# deb822 stanzas, separated by blank lines
			awk -v want="$want" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") &&
				    (" " comps " ") ~ / main /) { split(uris, u, " "); print u[1], signed; found = 1; exit }
				types = uris = suites = comps = signed = ""
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			{ key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
			  if (key == "types") types = $0; else if (key == "uris") uris = $0
			  else if (key == "suites") suites = $0; else if (key == "components") comps = $0
			  else if (key == "signed-by") signed = $0 }
			END { if (!found) flush() }' "$f"
			;;
		*)
			# deb [opts] URI SUITE COMPONENTS...
			awk -v want="$want" '
			$1 != "deb" { next }
			{ i = 2; signed = ""
			  if ($2 ~ /^\[/) { while (i <= NF) { o = $i; if (o ~ /signed-by=/) { sub(/.*signed-by=/, "", o); sub(/\]$/, "", o); signed = o }
			                                        if ($i ~ /\]$/) { i++; break } i++ } }
			  uri = $i; s = $(i + 1); m = 0
			  for (j = i + 2; j <= NF; j++) if ($j == "main") m = 1
			  if (s == want && m) { print uri, signed; exit } }' "$f"
			;;
		esac
	done | head -n 1
}

if [ -n "$(find_entry "$suite")" ]; then
	added=""
else
	entry=$(find_entry "$codename")
	if [ -z "$entry" ]; then
		echo "backports: no apt entry serves '$codename main'; cannot derive $suite (SR-IOV VM test will be skipped)"
		exit 0
	fi
	uri=${entry%% *}
	signed=${entry#"$uri"}
	signed=${signed# }
	added=/etc/apt/sources.list.d/$suite.sources
fi

if [ "$check_only" = 1 ]; then
	[ -n "$added" ] && echo "backports: would add $added (URIs: $uri, Suites: $suite)"
	echo "backports: would install from $suite:$missing"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "backports: not root; run 'sudo $0', then 'make check' again" >&2
	exit 3
fi
if [ -n "$added" ]; then
	{
		echo "# Added by the harness's scripts/enable-backports.sh from the $codename entry."
		echo "Types: deb"
		echo "URIs: $uri"
		echo "Suites: $suite"
		echo "Components: main"
		[ -n "$signed" ] && echo "Signed-By: $signed"
	} >"$added"
	echo "backports: added $added"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -q --no-install-recommends -t "$suite" $missing
echo "backports: installed from $suite:$missing"
