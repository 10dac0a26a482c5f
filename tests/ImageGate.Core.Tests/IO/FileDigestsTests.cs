using System.Security.Cryptography;
using ImageGate.Core.IO;
using ImageGate.Testing;

namespace ImageGate.Core.Tests.IO;

public sealed class FileDigestsTests
{
    [Fact]
    public async Task A_sparse_file_is_digested_exactly_like_its_bytes_holes_included()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("sparse.raw");
        var random = new Random(3);
        var chunk = new byte[(9 << 20) + 300_000];
        await using (var stream = new FileStream(path, FileMode.Create))
        {
            // Data spanning several read windows, a 64 MiB hole, data at an unaligned offset, and a trailing hole.
            random.NextBytes(chunk);
            stream.Write(chunk);
            stream.Seek(64L << 20, SeekOrigin.Current);
            random.NextBytes(chunk);
            stream.Write(chunk, 0, 12_345);
            stream.SetLength(stream.Position + (32L << 20) + 7);
        }
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);

        var (size, sha256, sha512) = await FileDigests.ComputeAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(bytes.LongLength, size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(bytes)), sha512);
        // The single-digest forms agree with the pair.
        Assert.Equal(sha256, await FileDigests.Sha256Async(path, TestContext.Current.CancellationToken));
        Assert.Equal(sha256, FileDigests.Sha256(path, TestContext.Current.CancellationToken));
        Assert.Equal(SHA256.HashData(bytes), FileDigests.Sha256Bytes(path, TestContext.Current.CancellationToken));
        Assert.Equal(sha512, await FileDigests.Sha512Async(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_image_of_only_a_hole_and_an_empty_file_are_digested()
    {
        using var dir = new TempDirectory();
        var hole = dir.Combine("hole.raw");
        await using (var stream = new FileStream(hole, FileMode.Create)) stream.SetLength(3 << 20);
        var empty = dir.Combine("empty.raw");
        await File.WriteAllBytesAsync(empty, [], TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[3 << 20])), (await FileDigests.ComputeAsync(hole, TestContext.Current.CancellationToken)).Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData([])), (await FileDigests.ComputeAsync(empty, TestContext.Current.CancellationToken)).Sha512);
    }

    [Fact]
    public async Task A_missing_file_is_a_file_not_found_error()
    {
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<FileNotFoundException>(() => FileDigests.ComputeAsync(dir.Combine("missing.raw"), TestContext.Current.CancellationToken));
    }
}
