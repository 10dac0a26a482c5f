#!/usr/bin/env bash
# Builds the benchmark images once; cached under ${IMAGEGATE_BENCH_CACHE:-~/.cache/imagegate/bench}/<hash of this
# script and tests/fixtures/debian-sources.sh>. Prints the cache folder on the last line of stdout.
#   big.qcow2     GPT qcow2, one ext4 partition: Debian 12 (a few hundred packages) padded to ~1 GB of file content
#   sparse10g.raw raw sparse 10 GB GPT disk with the same root (1 GB of content in a 10 GB ext4)
# Needs root, mmdebstrap, e2fsprogs, fdisk (sfdisk), qemu-utils and the machine's apt mirror.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sources_sh=$here/../tests/fixtures/debian-sources.sh
hash=$(cat "$here/build-fixture.sh" "$sources_sh" | sha256sum | cut -c1-16)
cache=${IMAGEGATE_BENCH_CACHE:-$HOME/.cache/imagegate/bench}
out=$cache/$hash
if [ -f "$out/.complete" ]; then echo "bench fixture: cached at $out" >&2; echo "$out"; exit 0; fi
rm -rf "$out.tmp"; mkdir -p "$out.tmp"; cd "$out.tmp"
start=$(date +%s)
target_bytes=${IMAGEGATE_BENCH_CONTENT_BYTES:-1000000000}

# The machine's apt mirror (never a hard-coded host): $mirror and $security.
# shellcheck source=tests/fixtures/debian-sources.sh
. "$sources_sh"
debian_mirror "bench fixture"
debian_sources sources.template

# 1. A cloud-like Debian 12 server: a few hundred packages (main suite only, so real security updates are pending).
packages=debian-archive-keyring,systemd-sysv,openssh-server,openssh-client,cloud-init,rsyslog,chrony,sudo,curl,wget,git
packages+=,python3,python3-yaml,python3-requests,vim,less,locales,ca-certificates,gnupg,iproute2,ifupdown,isc-dhcp-client
packages+=,build-essential,perl,rsync,man-db,bash-completion,lsof,strace,tcpdump,jq,unzip,zip,xz-utils,bzip2,file,nano
packages+=,procps,psmisc,cron,logrotate,unattended-upgrades,openssl,nfs-common,lvm2,parted,dosfstools,xfsprogs,tmux
packages+=,dbus,libpam-systemd,apparmor,auditd,htop,netcat-openbsd,dnsutils,ethtool,pciutils,usbutils,kmod,e2fsprogs
if mmdebstrap --quiet --variant=minbase --mode=root --include="$packages" \
    --customize-hook='rm -f "$1/etc/apt/sources.list"' \
    --customize-hook="cp sources.template \"\$1/etc/apt/sources.list.d/debian.sources\"" \
    --customize-hook=': > "$1/etc/machine-id"' \
    bookworm root "$mirror" >&2; then
  echo "bench fixture: mmdebstrap built $(chroot root dpkg-query -W | wc -l) packages" >&2
  printf 'mmdebstrap\n' > SOURCE
else
  # Fallback: the test fixture's minbase root (build-fixtures.sh), padded below.
  fixtures=$(bash "$here/../tests/fixtures/build-fixtures.sh" >&2; readlink -f "$here/../artifacts/fixtures")
  rm -rf root; cp -a "$fixtures/root" root
  echo "bench fixture: mmdebstrap failed; using the test fixture's minbase root" >&2
  printf 'fixture-root (mmdebstrap failed)\n' > SOURCE
fi
rm -f sources.template

# 2. Pad to ~1 GB of file content with copies of the tree's own /usr (real binaries, libraries, docs: a realistic mix
#    of file sizes and types), then generated text logs for the remainder.
have=$(du -sb --apparent-size root | cut -f1)
n=0
while [ $((have + $(du -sb --apparent-size root/usr | cut -f1))) -le "$target_bytes" ]; do
  n=$((n + 1)); mkdir -p root/opt/copies; cp -a root/usr "root/opt/copies/usr-$n"
  have=$(du -sb --apparent-size root | cut -f1)
done
mkdir -p root/var/log/app
i=0
while [ "$have" -lt "$target_bytes" ]; do
  left=$((target_bytes - have)); size=$(( left < 8000000 ? left : 8000000 ))
  # Deterministic log-like text (no secrets): a counter-driven pseudo log.
  awk -v n="$((size / 80))" -v s="$i" 'BEGIN { for (k = 0; k < n; k++) printf "2026-11-%02d 12:%02d:%02d host app[%d]: request %d served in %d ms status=200 path=/api/v1/items/%d\n", (k%28)+1, k%60, (k*7)%60, 1000+s, k, (k*13)%997, k*31 }' \
    > "root/var/log/app/app-$i.log"
  i=$((i + 1)); have=$(du -sb --apparent-size root | cut -f1)
done
echo "bench fixture: $have bytes of content ($n copies of /usr, $i generated logs)" >&2
printf '%s\n' "$have" > CONTENT_BYTES

# 3. Disks (no mount): GPT + ext4 via mke2fs -d, then qcow2 by qemu-img; the 10 GB sparse raw disk likewise.
kb=$(( have / 1024 ))
fs_mb=$(( kb * 14 / 10 / 1024 + 256 ))
gpt() { # gpt FILE DISK_MB FS_MB
  truncate -s "$2M" "$1"
  printf 'label: gpt\nstart=2048, size=%d, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="root"\n' $(( $3 * 2048 )) | sfdisk -q "$1"
  mke2fs -q -F -t ext4 -b 4096 -d root -L root -E offset=$((2048 * 512)) "$1" $(( $3 * 256 ))
}
gpt big.raw $((fs_mb + 2)) "$fs_mb"
qemu-img convert -q -O qcow2 big.raw big.qcow2
rm -f big.raw
gpt sparse10g.raw 10240 10200
rm -rf root
cat > MANIFEST <<MAN
big.qcow2      GPT qcow2, ext4 partition ($fs_mb MiB) holding $have bytes of files: Debian 12 root ($(cat SOURCE)), padded
sparse10g.raw  raw sparse 10 GiB GPT disk, ext4 of 10200 MiB holding the same root
MAN
touch .complete
cd "$cache"; rm -rf "$out"; mv "$out.tmp" "$out"
echo "bench fixture: built in $(( $(date +%s) - start )) s at $out" >&2
echo "$out"
