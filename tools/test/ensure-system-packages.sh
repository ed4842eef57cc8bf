#!/usr/bin/env bash
# Installs (apt) the packages of tools/test/system-packages.txt that the given groups need and that are missing.
#   tools/test/ensure-system-packages.sh GROUP...     e.g. demo | e2e vm | ci
#   --list GROUP...                                   print the packages of those groups, install nothing
# Does nothing when everything is installed (so it is cheap to call on every run); needs root to install.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list=0
[ "${1:-}" != --list ] || { list=1; shift; }
(($#)) || { echo "usage: $0 [--list] GROUP..." >&2; exit 2; }

wanted=()
while read -r pkg groups; do
  for g in "$@"; do
    [[ " $groups " == *" $g "* ]] && { wanted+=("$pkg"); break; }
  done
done < <(grep -v '^\s*\(#\|$\)' "$here/system-packages.txt")
((${#wanted[@]})) || { echo "ensure-system-packages: no package in group(s) $*" >&2; exit 2; }
if ((list)); then printf '%s\n' "${wanted[@]}"; exit 0; fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
((${#missing[@]})) || exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-packages: missing ${missing[*]}; run as root (or apt-get install them)" >&2
  exit 1
fi
echo "== apt: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
