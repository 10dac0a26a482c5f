using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Core.Packages;
using ImageGate.DiskImages;
using ImageGate.Scanning;
using ImageGate.Scanning.Inventory;

namespace ImageGate.Distribution.Push;

/// <summary>What a push needs to know of the image file: its format, size and sha256, and (when its file system
/// can be read) the OS from os-release and the CPU architecture.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Format">qcow2, raw, vmdk, vhdx … (by magic, as <c>scan</c> reports it).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its sha256 (hex).</param>
public sealed record ImageFacts(string Path, string Format, long Size, string Sha256)
{
    /// <summary>The OS, or null when unreadable.</summary>
    public OsRelease? Os { get; init; }

    /// <summary>The architecture, or null when unknown.</summary>
    public string? Architecture { get; init; }

    /// <summary>True when <see cref="Sha256"/> came from the digest cache (the file unchanged since it was hashed).</summary>
    public bool Sha256Cached { get; init; }

    /// <summary>Inspects the image at <paramref name="path"/> (a disk image file; directories and tar archives are refused);
    /// its sha256 comes from <paramref name="digests"/> when the file is unchanged since it was hashed.</summary>
    public static async Task<ImageFacts> ReadAsync(string path, CancellationToken cancellationToken, Sha256Cache? digests = null)
    {
        var info = ImageSource.Inspect(path);
        if (!info.IsFile || info.Format == "tar")
            throw new BadInputException($"is a {info.Format}, not a disk image file (push takes qcow2, raw, VMDK or VHDX)", path);
        var digest = digests is null ? HashAsync(info.Path, cancellationToken) : digests.Sha256Async(info.Path, cancellationToken);
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
        var (sha256, cached) = await digest.ConfigureAwait(false);
        return new ImageFacts(info.Path, info.Format, new FileInfo(info.Path).Length, sha256) { Os = os, Architecture = arch, Sha256Cached = cached };
    }

    private static async Task<(string Sha256, bool Cached)> HashAsync(string path, CancellationToken cancellationToken) =>
        (await FileDigests.Sha256Async(path, cancellationToken).ConfigureAwait(false), false);
}
