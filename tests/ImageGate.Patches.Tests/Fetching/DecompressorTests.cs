using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Patches.Fetching;
using ImageGate.Testing;

namespace ImageGate.Patches.Tests.Fetching;

public class DecompressorTests
{
    [Theory]
    [InlineData("zstd", ".zst")]
    [InlineData("xz", ".xz")]
    [InlineData("gzip", ".gz")]
    [InlineData("bzip2", ".bz2")]
    public void Index_files_compressed_by_the_real_tools_decompress(string tool, string extension)
    {
        ExternalProcess.Require(tool);
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"Package: p{i}\nVersion: 1.{i}\n\n"));
        var r = ExternalProcess.Run(tool, ["-c"], input: Encoding.UTF8.GetBytes(text));
        Assert.Equal(0, r.ExitCode);
        var back = Decompressor.Decompress("Packages" + extension, r.RawOutput, 1 << 20, "test");
        Assert.Equal(text, Encoding.UTF8.GetString(back));
    }

    [Fact]
    public void A_decompression_bomb_stops_at_the_limit()
    {
        ExternalProcess.Require("xz");
        var r = ExternalProcess.Run("xz", ["-c"], input: new byte[8 << 20]);
        var e = Assert.Throws<BadInputException>(() => Decompressor.Decompress("Packages.xz", r.RawOutput, 1 << 20, "repo-x"));
        Assert.Contains("repo-x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_compressed_data_is_bad_input()
    {
        var e = Assert.Throws<BadInputException>(() => Decompressor.Decompress("primary.xml.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0xff, 0xff, 0xff, 0xff], 1 << 20, "repo-y"));
        Assert.Contains("repo-y", e.Message, StringComparison.Ordinal);
    }
}
