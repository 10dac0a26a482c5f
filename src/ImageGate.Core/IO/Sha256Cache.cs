using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageGate.Core.IO;

/// <summary>Remembers the SHA-256 of large files so that work on an unchanged file (a re-push of a 1 GB image) does not
/// read and hash it again: one JSON file (default <c>$XDG_CACHE_HOME/imagegate/sha256-cache.json</c>, else
/// <c>~/.cache/imagegate/…</c>) of entries keyed by the file's <see cref="FileStat"/> — device, inode, size, mtime and
/// ctime, in nanoseconds — as git's index keeps stat data. An entry is used only when every field of the open file's
/// status equals it; anything else (another file, a write, a truncation, <c>touch</c>, a rename over it: each sets a new
/// ctime, which users cannot set back) means the file is hashed again.
/// <para>Soundness. A digest is stored only when (1) the file's status read on the open descriptor before the hash
/// equals the one read after it, and (2) its ctime is more than <see cref="RacyMargin"/> older than the clock when the
/// hash began. The kernel stamps a write with its coarse clock (a tick of at most a few milliseconds), so without (2) a
/// write in the same tick as the hash could leave ctime unchanged while changing the bytes (git's "racy clean"
/// problem); with it, any write after the hash began gets a later ctime than the stored one. Where the status cannot be
/// read (not Linux, a kernel without <c>statx</c>) nothing is cached. Not covered: a file changed through a shared
/// memory mapping while it is being hashed (its ctime may only change at a later write fault) and a system clock set
/// back by the administrator to the exact nanosecond of an earlier write.</para>
/// <para>The file is bounded (<see cref="Capacity"/> entries, the oldest dropped first; a file above
/// <see cref="MaxFileBytes"/> or that does not parse is ignored), written atomically (<see cref="AtomicFile"/>) and
/// only when an entry was added; a cache that cannot be read or written never fails the caller.</para></summary>
public sealed class Sha256Cache(string path, TimeProvider? time = null)
{
    /// <summary>How much older than the hash's start a file's ctime must be for its digest to be stored.</summary>
    public static readonly TimeSpan RacyMargin = TimeSpan.FromSeconds(2);

    /// <summary>The most entries kept.</summary>
    public const int Capacity = 256;

    /// <summary>The largest cache file read.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private const int FormatVersion = 1;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The cache file.</summary>
    public string Path { get; } = path;

    /// <summary>The default cache file: <c>$XDG_CACHE_HOME/imagegate/sha256-cache.json</c> (an absolute
    /// <c>XDG_CACHE_HOME</c>), else <c>$HOME/.cache/imagegate/sha256-cache.json</c>; <paramref name="environment"/> reads
    /// variables.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var xdg = environment("XDG_CACHE_HOME");
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg) ? xdg : System.IO.Path.Combine(home, ".cache");
        return System.IO.Path.Combine(root, "imagegate", "sha256-cache.json");
    }

    /// <summary>The remembered SHA-256 of <paramref name="file"/> when its status equals an entry's, else null; hashes
    /// nothing (for a caller that acts differently on a file it must hash).</summary>
    public string? TryGet(string file)
    {
        try
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            return FileStat.TryRead(handle) is { } stat ? Load().FirstOrDefault(e => e.Stat == stat)?.Sha256 : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The file's SHA-256 (lower-case hex) and whether it came from the cache.</summary>
    public Task<(string Sha256, bool Cached)> Sha256Async(string file, CancellationToken cancellationToken) =>
        Task.Run(() => Sha256(file, cancellationToken), cancellationToken);

    private (string Sha256, bool Cached) Sha256(string file, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var started = _time.GetUtcNow();
        var before = FileStat.TryRead(handle);
        if (before is null) return (FileDigests.Sha256(handle, cancellationToken), false);
        var entries = Load();
        if (entries.FirstOrDefault(e => e.Stat == before.Value) is { } hit) return (hit.Sha256, true);

        var sha256 = FileDigests.Sha256(handle, cancellationToken);
        var after = FileStat.TryRead(handle);
        var startedNs = (started - DateTimeOffset.UnixEpoch).Ticks * 100;
        if (after == before && before.Value.ChangedNs < startedNs - RacyMargin.Ticks * 100 && before.Value.ModifiedNs < startedNs - RacyMargin.Ticks * 100)
        {
            entries.RemoveAll(e => e.Stat.Device == before.Value.Device && e.Stat.Inode == before.Value.Inode);
            entries.Add(new Entry(before.Value, sha256));
            if (entries.Count > Capacity) entries.RemoveRange(0, entries.Count - Capacity);
            Save(entries);
        }
        return (sha256, false);
    }

    private sealed record Entry(FileStat Stat, string Sha256);

    private List<Entry> Load()
    {
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists || info.Length > MaxFileBytes) return [];
            var root = JsonNode.Parse(File.ReadAllBytes(Path));
            if ((int?)root?["version"] != FormatVersion || root["entries"] is not JsonArray array) return [];
            var entries = new List<Entry>();
            foreach (var e in array)
            {
                if (e is not JsonObject o || o["sha256"] is not JsonValue v || !v.TryGetValue<string>(out var sha256)
                    || sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower)
                    || !Number(o, "dev", out ulong dev) || !Number(o, "ino", out ulong ino) || !Number(o, "size", out long size)
                    || !Number(o, "mtimeNs", out long mtime) || !Number(o, "ctimeNs", out long ctime))
                    continue;
                entries.Add(new Entry(new FileStat(dev, ino, size, mtime, ctime), sha256));
            }
            return entries;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    private static bool Number<T>(JsonObject o, string name, out T value)
    {
        value = default!;
        return o[name] is JsonValue v && v.TryGetValue(out value!);
    }

    private void Save(List<Entry> entries)
    {
        var array = new JsonArray();
        foreach (var e in entries)
            array.Add(new JsonObject
            {
                ["dev"] = e.Stat.Device,
                ["ino"] = e.Stat.Inode,
                ["size"] = e.Stat.Size,
                ["mtimeNs"] = e.Stat.ModifiedNs,
                ["ctimeNs"] = e.Stat.ChangedNs,
                ["sha256"] = e.Sha256,
            });
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            AtomicFile.Write(Path, JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["version"] = FormatVersion, ["entries"] = array }));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs the next run a hash, nothing else.
        }
    }
}
