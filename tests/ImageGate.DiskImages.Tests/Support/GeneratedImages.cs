using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Support;

/// <summary>A source tree with every kind of entry the ext reader must handle (built once per run, as root), and
/// images made from it by mke2fs -d in several flavours and containers.</summary>
public sealed class GeneratedImages : IDisposable
{
    private readonly TempDirectory _temp = new("ig-gen");
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _built = [];

    public GeneratedImages()
    {
        Source = _temp.Combine("src");
        const string script = """
            set -e
            d="$1"; mkdir -p "$d"; cd "$d"
            mkdir -p sub/deep many sticky dir-inline
            printf 'hello\n' > small.txt
            : > empty
            head -c 3000000 /dev/urandom > big.bin
            truncate -s 20M sparse.bin
            printf 'middle' | dd of=sparse.bin bs=1 seek=10000000 conv=notrunc status=none
            printf 'end' | dd of=sparse.bin bs=1 seek=20971000 conv=notrunc status=none
            for i in $(seq 0 24); do head -c 5000 /dev/urandom | dd of=frag.bin bs=1 seek=$((i*65536)) conv=notrunc status=none; done
            ln -s small.txt link-short
            ln -s "$(printf 'x%.0s' $(seq 1 100))/target" link-long
            ln -s /etc/passwd link-abs
            ln small.txt hardlink.txt
            mkfifo fifo
            mknod chr c 1 3
            mknod blk b 259 70000
            python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.bind('sock')"
            for i in $(seq 1 400); do echo "$i" > "many/file-with-a-longish-name-$i"; done
            printf 'inline-small' > tiny.txt
            head -c 100 /dev/urandom > tiny100.bin
            echo x > dir-inline/a
            chmod 4755 big.bin; chmod 2750 sub; chmod 1777 sticky; chmod 0600 small.txt; chmod 6711 tiny.txt
            chown 100000:200000 sub/deep
            chown 70000:1 empty
            """;
        var r = ExternalProcess.Run("bash", ["-c", script, "gen", Source]);
        Assert.True(r.ExitCode == 0, "building the source tree failed: " + r.StandardError);
    }

    /// <summary>The source tree.</summary>
    public string Source { get; }

    /// <summary>The image for a flavour, built on first use.</summary>
    public string Image(string flavour)
    {
        lock (_lock)
        {
            if (_built.TryGetValue(flavour, out var done)) return done;
            var fsImage = _temp.Combine(flavour + ".fs");
            string[] mkfs = flavour switch
            {
                "ext2-1k-raw" => ["-t", "ext2", "-b", "1024"],
                "ext2-nofiletype-raw" => ["-t", "ext2", "-b", "4096", "-I", "128", "-O", "^filetype"],
                "ext3-2k-vhd" => ["-t", "ext3", "-b", "2048"],
                "ext4-inline-zstd-qcow2" => ["-t", "ext4", "-O", "inline_data"],
                "ext4-metabg-flat-vmdk" => ["-t", "ext4", "-O", "meta_bg,^resize_inode", "-b", "1024"],
                "ext4-fixed-vhd" => ["-t", "ext4", "-I", "512"],
                _ => throw new ArgumentException(flavour),
            };
            File.WriteAllBytes(fsImage, []);
            Run("truncate", "-s", "64M", fsImage);
            Run(["mke2fs", "-q", "-F", "-E", "root_owner=0:0", .. mkfs, "-d", Source, fsImage]);
            var result = flavour switch
            {
                "ext3-2k-vhd" => Convert(fsImage, "vpc", [], ".vhd"),
                "ext4-inline-zstd-qcow2" => Convert(fsImage, "qcow2", ["-c", "-o", "compression_type=zstd"], ".qcow2"),
                "ext4-metabg-flat-vmdk" => Convert(fsImage, "vmdk", ["-o", "subformat=monolithicFlat"], ".vmdk"),
                "ext4-fixed-vhd" => Convert(fsImage, "vpc", ["-o", "subformat=fixed,force_size=on"], ".vhd"),
                _ => fsImage,
            };
            _built[flavour] = result;
            return result;
        }
    }

    private static string Convert(string raw, string format, string[] options, string extension)
    {
        var target = Path.ChangeExtension(raw, null) + extension;
        Run(["qemu-img", "convert", "-q", "-O", format, .. options, raw, target]);
        return target;
    }

    private static void Run(params string[] args)
    {
        var r = ExternalProcess.Run(args[0], args[1..]);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)} failed: {r.StandardError}");
    }

    public void Dispose() => _temp.Dispose();
}
