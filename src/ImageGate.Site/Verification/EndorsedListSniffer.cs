using System.Text.Json;

namespace ImageGate.Site.Verification;

/// <summary>Tells an endorsed list from any other signed file (an image, a bundle, a report) by its content, so that
/// <c>verify</c> applies the list's freshness and rollback checks to lists and only to lists.</summary>
public static class EndorsedListSniffer
{
    /// <summary>Files larger than this are never taken for a list (64 MiB; disk images are larger).</summary>
    public const long MaxListBytes = 64L << 20;

    /// <summary>True when <paramref name="path"/> is a file of at most <see cref="MaxListBytes"/> holding a JSON object
    /// with <c>images</c> and <c>expires</c>; false for a missing, larger or non-JSON file and for other JSON.</summary>
    public static bool IsEndorsedList(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length > MaxListBytes) return false;
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("images", out _)
                && doc.RootElement.TryGetProperty("expires", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
