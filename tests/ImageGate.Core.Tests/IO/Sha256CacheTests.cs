using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImageGate.Core.IO;
using ImageGate.Testing;

namespace ImageGate.Core.Tests.IO;

/// <summary>Core's digest cache: a stored sha256 is used only for the very file status it was computed with, and a
/// changed file is always hashed again — even with its size and mtime put back, because the kernel gave it a new ctime.</summary>
public sealed class Sha256CacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A clock a minute ahead: files written by the test are outside the racy margin.</summary>
    private sealed class MinuteAhead : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddMinutes(1);
    }

    private Sha256Cache Cache(TimeProvider? time = null) => new(_dir.Combine("cache/sha256-cache.json"), time ?? new MinuteAhead());

    private string WriteFile(string name, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var path = _dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static FileStat Stat(string path)
    {
        using var handle = File.OpenHandle(path);
        return FileStat.TryRead(handle) ?? throw new InvalidOperationException("statx gave no status on Linux");
    }

    /// <summary>Replaces the stored digest of every entry, so that a later answer shows whether it came from the cache.</summary>
    private void Forge(string sha256)
    {
        var file = _dir.Combine("cache/sha256-cache.json");
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        foreach (var e in root["entries"]!.AsArray()) e!["sha256"] = sha256;
        File.WriteAllText(file, root.ToJsonString());
    }

    [Fact]
    public async Task An_unchanged_file_gets_the_stored_digest_without_being_hashed_again()
    {
        var file = WriteFile("image.raw", 1 << 20, 1);
        var cache = Cache();

        var first = await cache.Sha256Async(file, CancellationToken.None);
        Forge(new string('a', 64));
        var second = await cache.Sha256Async(file, CancellationToken.None);

        Assert.Equal((Sha256(file), false), first);
        // The forged digest comes back: the file was not read.
        Assert.Equal((new string('a', 64), true), second);
    }

    [Fact]
    public async Task A_file_whose_content_changed_with_size_and_mtime_put_back_is_hashed_again_because_its_ctime_changed()
    {
        var file = WriteFile("image.raw", 1 << 20, 1);
        var cache = Cache();
        var first = await cache.Sha256Async(file, CancellationToken.None);
        Forge(new string('a', 64));
        var before = Stat(file);
        var reference = _dir.Combine("times");
        File.WriteAllText(reference, "");
        Assert.Equal(0, ExternalProcess.Run("touch", ["-r", file, reference]).ExitCode);
        Thread.Sleep(20); // past the kernel's timestamp tick

        // Same size, other bytes; then the exact mtime (nanoseconds) put back, as a careless or hostile tool might.
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4096;
            stream.Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        }
        Assert.Equal(0, ExternalProcess.Run("touch", ["-r", reference, file]).ExitCode);
        var after = Stat(file);
        var second = await cache.Sha256Async(file, CancellationToken.None);

        Assert.Equal((before.Device, before.Inode, before.Size, before.ModifiedNs), (after.Device, after.Inode, after.Size, after.ModifiedNs));
        Assert.NotEqual(before.ChangedNs, after.ChangedNs);
        Assert.NotEqual(first.Sha256, Sha256(file));
        Assert.Equal((Sha256(file), false), second);
    }

    [Fact]
    public async Task A_file_replaced_by_another_of_the_same_size_and_mtime_is_hashed_again()
    {
        var file = WriteFile("image.raw", 1 << 20, 1);
        var cache = Cache();
        await cache.Sha256Async(file, CancellationToken.None);
        Forge(new string('a', 64));
        var other = WriteFile("other.raw", 1 << 20, 2);
        Assert.Equal(0, ExternalProcess.Run("touch", ["-r", file, other]).ExitCode);
        File.Move(other, file, overwrite: true);

        var second = await cache.Sha256Async(file, CancellationToken.None);

        Assert.Equal((Sha256(file), false), second);
    }

    [Fact]
    public async Task A_file_written_within_the_racy_margin_is_hashed_but_its_digest_not_stored()
    {
        var file = WriteFile("fresh.raw", 1 << 16, 3);
        var cache = Cache(TimeProvider.System);

        var first = await cache.Sha256Async(file, CancellationToken.None);
        var second = await cache.Sha256Async(file, CancellationToken.None);

        Assert.Equal((Sha256(file), false), first);
        Assert.Equal((Sha256(file), false), second);
        Assert.False(File.Exists(_dir.Combine("cache/sha256-cache.json")));
    }

    [Fact]
    public async Task The_cache_keeps_at_most_its_capacity_dropping_the_oldest_and_ignores_a_damaged_file()
    {
        var cache = Cache();
        var files = Enumerable.Range(0, Sha256Cache.Capacity + 3).Select(i => WriteFile($"f{i}", 64, i)).ToList();
        foreach (var f in files) await cache.Sha256Async(f, CancellationToken.None);

        var stored = JsonNode.Parse(File.ReadAllText(_dir.Combine("cache/sha256-cache.json")))!["entries"]!.AsArray();
        Assert.Equal(Sha256Cache.Capacity, stored.Count);
        Assert.Equal(Sha256(files[^1]), (string)stored[^1]!["sha256"]!);
        Assert.DoesNotContain(stored, e => (string)e!["sha256"]! == Sha256(files[0]));

        File.WriteAllText(_dir.Combine("cache/sha256-cache.json"), "{not json");
        Assert.Equal((Sha256(files[0]), false), await cache.Sha256Async(files[0], CancellationToken.None));
        Assert.Equal((Sha256(files[0]), true), await cache.Sha256Async(files[0], CancellationToken.None));
    }

    [Fact]
    public async Task Entries_with_missing_or_wrongly_typed_fields_are_ignored()
    {
        var file = WriteFile("image.raw", 4096, 9);
        var cache = Cache();
        await cache.Sha256Async(file, CancellationToken.None);
        var path = _dir.Combine("cache/sha256-cache.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var entry = root["entries"]![0]!;
        entry["sha256"] = new string('a', 64);
        entry["ctimeNs"] = "not a number";
        root["entries"]!.AsArray().Add(new JsonObject { ["sha256"] = new string('b', 64) });
        File.WriteAllText(path, root.ToJsonString());

        Assert.Equal((Sha256(file), false), await cache.Sha256Async(file, CancellationToken.None));
    }

    [Fact]
    public void The_default_cache_is_in_the_users_cache_folder()
    {
        Assert.Equal("/x/cache/imagegate/sha256-cache.json", Sha256Cache.DefaultPath(n => n == "XDG_CACHE_HOME" ? "/x/cache" : "/home/u"));
        Assert.Equal("/home/u/.cache/imagegate/sha256-cache.json", Sha256Cache.DefaultPath(n => n == "HOME" ? "/home/u" : null));
    }
}
