#!/usr/bin/env bash
# Prepares what the build of debian12-cloud.pkr.hcl needs besides the base disk: a one-build SSH key pair for the
# build user and the cloud-init NoCloud seed that creates that user (Packer serves DIR/seed over HTTP to the VM):
#   examples/debian12-cloud/make-seed.sh DIR
# Writes DIR/build_key (private, 0600), DIR/build_key.pub and DIR/seed/{user-data,meta-data,vendor-data}. Then:
#   imagegate build examples/debian12-cloud/debian12-cloud.pkr.hcl --var seed_dir=DIR/seed --var ssh_key=DIR/build_key ...
# The key is good for this build only: the build removes the user, its key and its sudo rule at the end.
set -euo pipefail
dir=${1:?usage: make-seed.sh DIR}
mkdir -p "$dir/seed"
rm -f "$dir/build_key" "$dir/build_key.pub"
ssh-keygen -q -t ed25519 -N '' -C packer-build -f "$dir/build_key"
{
  echo "#cloud-config"
  echo "users:"
  echo "  - name: packer"
  echo "    shell: /bin/bash"
  echo "    lock_passwd: true"
  echo "    sudo: ALL=(ALL) NOPASSWD:ALL"
  echo "    ssh_authorized_keys:"
  echo "      - $(cat "$dir/build_key.pub")"
  echo "ssh_pwauth: false"
} > "$dir/seed/user-data"
printf 'instance-id: imagegate-build\nlocal-hostname: debian\n' > "$dir/seed/meta-data"
: > "$dir/seed/vendor-data"
