using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Core.Packages;
using ImageGate.DiskImages;
using ImageGate.Scanning;
using ImageGate.Scanning.Inventory;

namespace ImageGate.Distribution.Push;

/// <summary>What a push needs to know of the image file: its format and size, and (when its file system can be read)
/// the OS from os-release and the CPU architecture. Its sha256 comes separately (<see cref="Inspect"/>), since a
/// push can start uploading before it is known.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Format">qcow2, raw, vmdk, vhdx … (by magic, as <c>scan</c> reports it).</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record ImageFacts(string Path, string Format, long Size)
{
    /// <summary>The OS, or null when unreadable.</summary>
    public OsRelease? Os { get; init; }

    /// <summary>The architecture, or null when unknown.</summary>
    public string? Architecture { get; init; }

    /// <summary>Inspects the image at <paramref name="path"/> (a disk image file; directories and tar archives are
    /// refused) and starts hashing it on another thread (the digest is taken from <paramref name="digests"/> when the
    /// file is unchanged since it was hashed: then the task returned has already completed): the facts come back at
    /// once, the digest when it is done.</summary>
    public static (ImageFacts Facts, Task<ImageDigest> Digest) Inspect(string path, Sha256Cache? digests, CancellationToken cancellationToken)
    {
        var info = ImageSource.Inspect(path);
        if (!info.IsFile || info.Format == "tar")
            throw new BadInputException($"is a {info.Format}, not a disk image file (push takes qcow2, raw, VMDK or VHDX)", path);
        var digest = digests?.TryGet(info.Path) is { } known ? Task.FromResult(new ImageDigest(known, true))
            : digests is null ? HashAsync(info.Path, cancellationToken) : CachedAsync(digests, info.Path, cancellationToken);
        OsRelease? os = null;
        string? arch = null;
        try
        {
            using var fs = ImageSource.Open(info.Path);
            os = OsReleaseReader.Read(fs);
            arch = ArchitectureReader.Read(fs);
        }
        catch (BadInputException)
        {
            // No readable file system (an empty or encrypted disk): push it without OS annotations.
        }
        return (new ImageFacts(info.Path, info.Format, new FileInfo(info.Path).Length) { Os = os, Architecture = arch }, digest);
    }

    private static async Task<ImageDigest> HashAsync(string path, CancellationToken cancellationToken) =>
        new(await FileDigests.Sha256Async(path, cancellationToken).ConfigureAwait(false), false);

    private static async Task<ImageDigest> CachedAsync(Sha256Cache digests, string path, CancellationToken cancellationToken)
    {
        var (sha256, cached) = await digests.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        return new ImageDigest(sha256, cached);
    }
}
