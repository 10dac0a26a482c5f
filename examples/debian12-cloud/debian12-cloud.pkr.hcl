# ImageGate's embedded default: a Debian 12 cloud image built the way VO teams build theirs, with Packer's qemu
# builder. Packer boots the base disk (tests/fixtures/cloud/build-cloud-disk.sh: systemd, the cloud kernel, GRUB's
# cloud package, cloud-init with the NoCloud and OpenStack data sources, openssh-server, rsyslog, chrony) under
# TCG (no KVM needed) by direct kernel boot, cloud-init creates the build user from the NoCloud seed Packer serves
# over HTTP (make-seed.sh), and the provisioners upgrade it from the distribution's security suite over SSH. At
# shutdown the build removes what a published image must not carry: the build user, its key and its sudo rule, the
# SSH host keys (cloud-init generates new ones at first boot), the snakeoil key, cloud-init's instance data and logs,
# the machine id.
#   examples/debian12-cloud/make-seed.sh WORK
#   imagegate build examples/debian12-cloud/debian12-cloud.pkr.hcl --var base_disk=BASE.qcow2 --var kernel=BASE.vmlinuz \
#     --var initrd=BASE.initrd --var seed_dir=WORK/seed --var ssh_key=WORK/build_key --var output=OUT
# keep_build_leftovers=true builds the failing variant: what careless builds leave behind (the host keys, ssl-cert's
# snakeoil key, the build user with its authorized key and NOPASSWD sudo rule, a package held back from the
# security update).
variable "base_disk" {
  type        = string
  description = "The base qcow2 disk (one ext4 partition labelled root)"
}

variable "kernel" {
  type        = string
  description = "The base disk's kernel, for direct kernel boot"
}

variable "initrd" {
  type        = string
  description = "The base disk's initrd"
}

variable "seed_dir" {
  type        = string
  description = "The cloud-init NoCloud seed (user-data, meta-data) creating the build user (make-seed.sh)"
}

variable "ssh_key" {
  type        = string
  description = "The build user's private SSH key (make-seed.sh)"
}

variable "output" {
  type    = string
  default = "packer-out"
}

variable "name" {
  type    = string
  default = "debian12"
}

variable "keep_build_leftovers" {
  type        = bool
  default     = false
  description = "Build the failing variant: keep the host keys, a snakeoil key, the build user and its sudo rule, and hold one package back from the security update"
}

source "qemu" "debian12" {
  accelerator          = "tcg"
  disk_image           = true
  iso_url              = var.base_disk
  iso_checksum         = "none"
  skip_resize_disk     = true
  format               = "qcow2"
  disk_interface       = "virtio"
  cpus                 = 2
  memory               = 1024
  headless             = true
  output_directory     = var.output
  vm_name              = "${var.name}.qcow2"
  http_directory       = var.seed_dir
  http_bind_address    = "127.0.0.1"
  communicator         = "ssh"
  ssh_username         = "packer"
  ssh_private_key_file = var.ssh_key
  ssh_timeout          = "20m"
  shutdown_command     = "sudo /bin/sh /run/imagegate-finish.sh"
  shutdown_timeout     = "5m"
  qemuargs = [
    ["-kernel", var.kernel],
    ["-initrd", var.initrd],
    ["-append", "root=LABEL=root ro console=ttyS0 net.ifnames=0 ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/"],
    ["-display", "none"],
    # Packer's own -netdev forwards the SSH port on every interface: this one listens on loopback only (the guest
    # reaches the seed server, also on loopback, through user networking's 10.0.2.2).
    ["-netdev", "user,id=user.0,hostfwd=tcp:127.0.0.1:{{ .SSHHostPort }}-:22"],
    ["-device", "virtio-net,netdev=user.0"],
  ]
}

build {
  sources = ["source.qemu.debian12"]

  # The variant: ssl-cert (its postinst makes the snakeoil key), and one package whose bookworm-security version
  # is newer than bookworm's (a library first: their maintainer scripts are quick under TCG), put back to bookworm's
  # version and held, so the upgrade below leaves it behind.
  provisioner "shell" {
    execute_command = "sudo env {{ .Vars }} /bin/sh -eu {{ .Path }}"
    environment_vars = ["LEFTOVERS=${var.keep_build_leftovers}", "DEBIAN_FRONTEND=noninteractive"]
    inline = [
      "cloud-init status --wait >/dev/null || true",
      "apt-get -q -o Acquire::Languages=none update",
      "[ \"$LEFTOVERS\" = true ] || exit 0",
      "apt-get -q -y install ssl-cert",
      "for p in $(dpkg-query -W -f '$${Package}\\n' | sort | grep '^lib'; dpkg-query -W -f '$${Package}\\n' | sort | grep -v '^lib'); do",
      "  installed=$(dpkg-query -W -f '$${Version}' \"$p\")",
      "  apt-cache madison \"$p\" | grep -q \"| $installed | .*bookworm-security/\" || continue",
      "  old=$(apt-cache madison \"$p\" | awk -F' [|] ' '$3 ~ / bookworm\\/main / {print $2; exit}')",
      "  [ -n \"$old\" ] && dpkg --compare-versions \"$old\" lt \"$installed\" || continue",
      "  apt-get -s -q --allow-downgrades install \"$p=$old\" | grep -q '^0 upgraded, 0 newly installed, 1 downgraded, 0 to remove' || continue",
      "  apt-get -q -y --allow-downgrades install \"$p=$old\" && apt-mark hold \"$p\" && echo \"held back: $p $old (security: $installed)\" && exit 0",
      "done",
      "echo 'no package to hold back' >&2; exit 1",
    ]
  }

  # Patches from the security suite (and the point-release updates).
  provisioner "shell" {
    execute_command  = "sudo env {{ .Vars }} /bin/sh -eu {{ .Path }}"
    environment_vars = ["DEBIAN_FRONTEND=noninteractive"]
    inline = [
      "apt-get -q -y -o Dpkg::Options::=--force-confold upgrade",
      "apt-get -q -y autoremove --purge",
      "apt-get -q clean",
    ]
  }

  # The clean-up runs at shutdown (shutdown_command), as root, once nothing needs the build user any more.
  provisioner "shell" {
    execute_command  = "sudo env {{ .Vars }} /bin/sh -eu {{ .Path }}"
    environment_vars = ["LEFTOVERS=${var.keep_build_leftovers}"]
    inline = [
      "{",
      "  echo 'set -u'",
      "  if [ \"$LEFTOVERS\" != true ]; then",
      "    echo 'userdel -f -r packer 2>/dev/null || true'",
      "    echo 'rm -f /etc/sudoers.d/90-cloud-init-users /etc/ssh/ssh_host_* /etc/ssl/private/ssl-cert-snakeoil.key /etc/ssl/certs/ssl-cert-snakeoil.pem'",
      "  fi",
      "  echo 'cloud-init clean --logs'",
      "  echo 'rm -f /etc/network/interfaces.d/50-cloud-init /var/lib/dbus/machine-id'",
      "  echo 'truncate -s 0 /etc/machine-id'",
      "  echo 'rm -f /run/imagegate-finish.sh'",
      "  echo 'sync; systemctl poweroff'",
      "} > /run/imagegate-finish.sh",
    ]
  }
}
