# ImageGate's embedded default: a Debian 12 image assembled without booting anything.
# The root file system comes from the test fixtures (mmdebstrap minbase, ./build.sh fixtures); shell-local lays it
# out as a GPT disk with one ext4 partition (sfdisk, mke2fs -d, no mount) and converts it to qcow2 with qemu-img.
variable "rootfs" {
  type        = string
  description = "Root file system folder to put on the disk"
}

variable "output" {
  type    = string
  default = "packer-out"
}

variable "name" {
  type    = string
  default = "debian12"
}

source "null" "debian12" {
  communicator = "none"
}

build {
  sources = ["source.null.debian12"]

  provisioner "shell-local" {
    environment_vars = ["ROOTFS=${var.rootfs}", "OUT=${var.output}", "NAME=${var.name}"]
    inline = [
      "set -eu",
      "mkdir -p \"$OUT\" && rm -f \"$OUT/$NAME.raw\" \"$OUT/$NAME.qcow2\"",
      "truncate -s 600M \"$OUT/$NAME.raw\"",
      "printf 'label: gpt\\nstart=2048, size=1200000, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"root\"\\n' | sfdisk -q \"$OUT/$NAME.raw\"",
      "mke2fs -q -F -t ext4 -b 4096 -L root -d \"$ROOTFS\" -E offset=1048576 \"$OUT/$NAME.raw\" 146000",
      "qemu-img convert -q -O qcow2 \"$OUT/$NAME.raw\" \"$OUT/$NAME.qcow2\"",
      "rm -f \"$OUT/$NAME.raw\"",
    ]
  }

  post-processor "artifice" {
    files = ["${var.output}/${var.name}.qcow2"]
  }
}
