using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Lists.Reading;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Check;

/// <summary><c>site check</c>: is this image file currently endorsed? Hashes the file once (SHA-512 and SHA-256
/// together) and looks the digest up in a verified list.</summary>
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
        var (size, sha256, sha512) = await FileDigests.ComputeAsync(imagePath, cancellationToken).ConfigureAwait(false);
        var match = verified.List.Images.FirstOrDefault(i => i.Sha512 == sha512 && (i.Sha256 is null || i.Sha256 == sha256) && i.Size == size);
        if (match is null)
            throw new VerificationException(ListReasons.NotEndorsed,
                $"{imagePath}: SHA-512 {sha512} is not endorsed by list version {verified.List.Version} ({verified.Source})");
        if (Blocking.BlockList.Parse(blocked).Blocks(match))
            throw new VerificationException(ListReasons.Blocked, $"{imagePath}: {match.Label} is endorsed but blocked at this site");
        return match;
    }
}
