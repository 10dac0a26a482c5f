using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Lists.Reading;
using ImageGate.Site.Sources;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Check;

/// <summary><c>site check</c>: is this image file (or this image in an OCI registry) currently endorsed? Hashes the
/// file once (SHA-512 and SHA-256 together) and looks the digest up in a verified list.</summary>
public static class ImageCheck
{
    /// <summary>Returns the endorsed entry matching the file's digests; throws <see cref="VerificationException"/>
    /// (<c>not-endorsed</c> or <c>blocked</c>, <paramref name="blocked"/> as <see cref="Blocking.BlockList"/> reads it)
    /// otherwise, <see cref="BadInputException"/> for a missing file or a malformed block entry.</summary>
    public static async Task<SiteImage> CheckAsync(string imagePath, VerifiedList verified, IReadOnlyCollection<string> blocked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (!File.Exists(imagePath))
            throw new BadInputException("no such file", imagePath);
        return await CheckFileAsync(imagePath, imagePath, verified, blocked, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same check for an image in an OCI registry (<c>REGISTRY/REPOSITORY@sha256:…</c> or <c>…:TAG</c>):
    /// layer[0] is pulled through <paramref name="source"/> into a temporary file (digest and size checked while
    /// streaming), checked like a file, and deleted. Returns the entry and the digest reference that was pulled.</summary>
    public static async Task<RegistryImageCheck> CheckReferenceAsync(string reference, IOciImageSource source, VerifiedList verified, IReadOnlyCollection<string> blocked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(verified);
        var folder = Directory.CreateTempSubdirectory("imagegate-check-");
        try
        {
            var file = Path.Combine(folder.FullName, "image");
            var pulled = await source.PullAsync(reference, file, cancellationToken).ConfigureAwait(false);
            var match = await CheckFileAsync(file, pulled, verified, blocked, cancellationToken).ConfigureAwait(false);
            return new RegistryImageCheck(match, pulled);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<SiteImage> CheckFileAsync(string imagePath, string shownAs, VerifiedList verified, IReadOnlyCollection<string> blocked, CancellationToken cancellationToken)
    {
        var (size, sha256, sha512) = await FileDigests.ComputeAsync(imagePath, cancellationToken).ConfigureAwait(false);
        var match = verified.List.Images.FirstOrDefault(i => i.Sha512 == sha512 && (i.Sha256 is null || i.Sha256 == sha256) && i.Size == size);
        if (match is null)
            throw new VerificationException(ListReasons.NotEndorsed,
                $"{shownAs}: SHA-512 {sha512} is not endorsed by list version {verified.List.Version} ({verified.Source})");
        if (Blocking.BlockList.Parse(blocked).Blocks(match))
            throw new VerificationException(ListReasons.Blocked, $"{shownAs}: {match.Label} is endorsed but blocked at this site");
        return match;
    }
}
