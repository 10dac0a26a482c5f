using System.Text.Json;
using ImageGate.Core.Errors;

namespace ImageGate.Signing.Keyless;

/// <summary>Sigstore's SigningConfig JSON (v0.1 and v0.2): the Fulcio, Rekor and TSA URLs to sign with.</summary>
/// <param name="FulcioUrl">The certificate authority.</param>
/// <param name="RekorUrl">The transparency log (Rekor v1 API), or null.</param>
/// <param name="TsaUrl">The timestamp authority's full URL, or null.</param>
public sealed record SigningConfig(Uri? FulcioUrl, Uri? RekorUrl, Uri? TsaUrl)
{
    /// <summary>The Sigstore public-good services.</summary>
    public static SigningConfig PublicGood { get; } = new(new Uri("https://fulcio.sigstore.dev"), new Uri("https://rekor.sigstore.dev"), null);

    /// <summary>Loads a SigningConfig file.</summary>
    public static SigningConfig Load(string path)
    {
        if (!File.Exists(path)) throw new BadInputException("signing config not found", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            return new SigningConfig(
                First(root, "caUrls") ?? Single(root, "caUrl"),
                FirstRekorV1(root) ?? First(root, "tlogUrls"),
                First(root, "tsaUrls"));
        }
        catch (Exception ex) when (ex is JsonException or UriFormatException or InvalidOperationException)
        {
            throw new BadInputException($"signing config is not valid: {ex.Message}", path);
        }
    }

    private static Uri? FirstRekorV1(JsonElement root)
    {
        if (!root.TryGetProperty("rekorTlogUrls", out var list) || list.ValueKind != JsonValueKind.Array) return null;
        foreach (var s in list.EnumerateArray())
        {
            var major = s.TryGetProperty("majorApiVersion", out var m) && m.TryGetInt32(out var v) ? v : 1;
            if (major == 1 && Live(s)) return Url(s);
        }
        return null;
    }

    private static Uri? First(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array) return null;
        foreach (var s in list.EnumerateArray())
            if (Live(s)) return Url(s);
        return null;
    }

    private static Uri? Single(JsonElement root, string name) =>
        root.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.Object ? Url(s) : null;

    private static bool Live(JsonElement service)
    {
        if (!service.TryGetProperty("validFor", out var vf) || vf.ValueKind != JsonValueKind.Object) return true;
        var now = DateTimeOffset.UtcNow;
        if (vf.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String && DateTimeOffset.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture) > now) return false;
        if (vf.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.String && DateTimeOffset.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) < now) return false;
        return true;
    }

    private static Uri Url(JsonElement service) =>
        new(service.GetProperty("url").GetString() ?? throw new InvalidOperationException("a service has no url"));
}
