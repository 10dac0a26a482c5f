using ImageGate.Lists.Reading;

namespace ImageGate.Site.Sync;

/// <summary>The cache's file names, one per (name, version, format): <c>NAME@VERSION.FORMAT</c> in <c>images/</c> and
/// <c>NAME@VERSION.SHA512[..16].FORMAT</c> in <c>expired/</c>. Names and versions never hold '@' (nor '%'), so the
/// first '@' ends the name; a '.' in the format is written <c>%2E</c>, so the last '.' starts the format. (Before,
/// <c>NAME-VERSION.FORMAT</c> gave <c>a-b@c</c> and <c>a@b-c</c> the same file.)</summary>
internal static class CacheFileName
{
    /// <summary>The file of an available image, relative to the cache.</summary>
    public static string Available(SiteImage image) =>
        Path.Combine("images", $"{image.Name}@{image.Version}.{Extension(image.Format)}");

    /// <summary>The file of an image that left <c>images/</c>, relative to the cache.</summary>
    public static string Expired(SiteImage image) =>
        Path.Combine("expired", $"{image.Name}@{image.Version}.{image.Sha512[..16]}.{Extension(image.Format)}");

    private static string Extension(string format) => format.Replace(".", "%2E", StringComparison.Ordinal);
}
