using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Support;

/// <summary>7-Zip (7zz) as an independent oracle: listings and extracted content.</summary>
internal static class SevenZip
{
    public static TreeSnapshot List(string image)
    {
        ExternalProcess.Require("7zz");
        var r = ExternalProcess.Run("7zz", ["l", "-slt", image], timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, $"7zz l failed on {image}: {r.StandardError}");
        return TreeSnapshot.FromSevenZipListing(r.StandardOutput);
    }

    /// <summary>Extracts everything into <paramref name="dir"/> and hashes the regular files found there.</summary>
    public static TreeSnapshot ExtractHashes(string image, string dir)
    {
        var r = ExternalProcess.Run("7zz", ["x", "-y", "-snld", "-o" + dir, image], timeout: TimeSpan.FromMinutes(3));
        // 7zz reports "dangerous link" warnings for absolute/chained symlinks (exit 2) but extracts every file
        Assert.True(r.ExitCode is 0 or 2, $"7zz x failed on {image}: {r.StandardError}");
        return TreeSnapshot.FromHostDirectory(dir, facts: false, skip: rel => rel.StartsWith("[SYS]", StringComparison.Ordinal));
    }

    /// <summary>The content of one file inside the image, as 7zz extracts it to standard output.</summary>
    public static byte[] Cat(string image, string item)
    {
        var r = ExternalProcess.Run("7zz", ["e", "-so", image, item], timeout: TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 0, $"7zz e -so {item} failed: {r.StandardError}");
        return r.RawOutput;
    }

    /// <summary>Extracts one item (e.g. a partition image) to a file.</summary>
    public static void ExtractTo(string image, string item, string target)
    {
        using var output = File.Create(target);
        var psi = new System.Diagnostics.ProcessStartInfo("7zz") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "e", "-so", image, item }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && output.Length > 0, $"7zz e {item} failed: {err.Result}");
    }
}
