using System.Text;
using ImageGate.Core.IO;
using ImageGate.Testing;

namespace ImageGate.Core.Tests.IO;

public sealed class AtomicFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_form_replaces_the_target_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("state.json");
        File.WriteAllText(path, "old");

        AtomicFile.Write(path, "one"u8);
        Assert.Equal("one", File.ReadAllText(path));
        await AtomicFile.WriteAsync(path, "two"u8.ToArray(), Ct);
        Assert.Equal("two", File.ReadAllText(path));
        await AtomicFile.WriteTextAsync(path, "drei ü", Ct);
        Assert.Equal(Encoding.UTF8.GetBytes("drei ü"), File.ReadAllBytes(path)); // UTF-8 without a byte-order mark
        var source = dir.Combine("source.bin");
        File.WriteAllBytes(source, [1, 2, 3]);
        await AtomicFile.CopyAsync(source, path, Ct);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));

        Assert.Equal(["source.bin", "state.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_writer_that_fails_leaves_the_old_content_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("list.json");
        File.WriteAllText(path, "old");

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync("half of the new"u8.ToArray(), ct);
            throw new InvalidDataException("digest mismatch");
        }, ".part", Ct));

        Assert.Equal("digest mismatch", ex.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_behind()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("new.json");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            await cts.CancelAsync();
        }, cts.Token));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_missing_folder_is_an_error_not_created()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(dir.Combine("missing", "f.json"), "x"u8));
        Assert.False(Directory.Exists(dir.Combine("missing")));
    }
}
