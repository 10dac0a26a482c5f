using Xunit;

namespace ImageGate.Testing.Images.Damage;

/// <summary>Small healthy images (built once per run) that damaged variants are derived from: a 16 MiB GPT disk with
/// one ext4 partition at 1 MiB (a fragmented file with an extent index, a subdirectory), the same disk as qcow2
/// (plain and compressed), VMDK (sparse and streamOptimized), VHDX and VHD, and an MBR disk with two logical partitions.</summary>
public sealed class DamageBases : IDisposable
{
    private readonly TempDirectory _temp = new("ig-dmgbase");

    public DamageBases()
    {
        const string script = """
            set -e
            cd "$1"
            mkdir -p src/sub src/etc
            echo 'ID=debian' > src/etc/os-release
            echo hello > src/sub/f
            echo world > src/sub/g
            head -c 200000 /dev/urandom > src/data.bin
            for i in $(seq 0 24); do head -c 3000 /dev/urandom | dd of=src/frag.bin bs=1 seek=$((i*65536)) conv=notrunc status=none; done
            ln -s loop-b src/loop-a; ln -s loop-a src/loop-b
            truncate -s 14M fs.raw
            mke2fs -q -F -t ext4 -b 4096 -E root_owner=0:0 -d src fs.raw
            truncate -s 16M gpt.raw
            printf 'label: gpt\nstart=2048, size=28672, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="root"\n' | sfdisk -q gpt.raw
            dd if=fs.raw of=gpt.raw bs=1M seek=1 conv=notrunc status=none
            qemu-img convert -q -O qcow2 gpt.raw gpt.qcow2
            qemu-img convert -q -c -O qcow2 gpt.raw gpt-c.qcow2
            qemu-img convert -q -O vmdk -o subformat=monolithicSparse gpt.raw gpt.vmdk
            qemu-img convert -q -O vmdk -o subformat=streamOptimized gpt.raw gpt-stream.vmdk
            qemu-img convert -q -O vhdx gpt.raw gpt.vhdx
            qemu-img convert -q -O vpc gpt.raw gpt.vhd
            truncate -s 4M small.fs
            mke2fs -q -F -t ext4 small.fs
            truncate -s 16M mbr.raw
            printf 'label: dos\nstart=2048, size=8192, type=83\nstart=10240, size=20000, type=5\nstart=12288, size=8192, type=83\nstart=22528, size=6000, type=83\n' | sfdisk -q mbr.raw
            dd if=small.fs of=mbr.raw bs=512 seek=2048 conv=notrunc status=none
            """;
        var r = ExternalProcess.Run("bash", ["-c", script, "bases", _temp.Path]);
        Assert.True(r.ExitCode == 0, "building the damage bases failed: " + r.StandardError);
    }

    /// <summary>The path of a base image (gpt.raw, gpt.qcow2, gpt-c.qcow2, gpt.vmdk, gpt-stream.vmdk, gpt.vhdx, gpt.vhd, mbr.raw).</summary>
    public string this[string name] => _temp.Combine(name);

    public void Dispose() => _temp.Dispose();
}
