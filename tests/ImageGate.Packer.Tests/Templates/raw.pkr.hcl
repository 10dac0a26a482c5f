# An HCL2 template: one raw disk image, with the manifest post-processor.
variable "size" {
  type    = string
  default = "1M"
}

source "null" "raw" {
  communicator = "none"
}

build {
  sources = ["source.null.raw"]

  provisioner "shell-local" {
    inline = ["mkdir -p hcl-out", "qemu-img create -q -f raw hcl-out/disk.raw ${var.size}"]
  }

  post-processors {
    post-processor "artifice" {
      files = ["hcl-out/disk.raw"]
    }
    post-processor "manifest" {
      output = "hcl-out/manifest.json"
    }
  }
}
