using System.Globalization;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.Text;
using ImageGate.Lists.Reading;

namespace ImageGate.Site.Hepix;

/// <summary>Reads a HEPiX image list (<c>hv:imagelist</c>, the vmcatcher/cloudkeeper format) into an
/// <see cref="SiteList"/>. Its version is its creation time (Unix seconds), so rollback checks still apply;
/// titles and versions are made file-name safe; HEPiX lists carry no SHA-256. An image whose own <c>dc:date:expires</c>
/// (AppDB and ImageGate write one per image) has passed is no longer endorsed, as atrope treats it.</summary>
internal static class HepixListReader
{
    public static SiteList Parse(byte[] json, string source, DateTimeOffset? now = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"HEPiX image list is not valid JSON: {ex.Message}", source);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("hv:imagelist", out var list) || list.ValueKind != JsonValueKind.Object)
                throw Bad(source, "hv:imagelist", "missing or not an object");
            var created = Time(list, "dc:date:created", source);
            var expires = Time(list, "dc:date:expires", source);
            if (expires <= created)
                throw Bad(source, "dc:date:expires", "is not after dc:date:created");
            string? endorser = null;
            if (list.TryGetProperty("hv:endorser", out var e) && e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("hv:x509", out var x509) && x509.ValueKind == JsonValueKind.Object
                && x509.TryGetProperty("hv:dn", out var dn) && dn.ValueKind == JsonValueKind.String)
                endorser = dn.GetString();
            var images = new List<SiteImage>();
            var labels = new HashSet<string>(StringComparer.Ordinal);
            if (list.TryGetProperty("hv:images", out var array))
            {
                if (array.ValueKind != JsonValueKind.Array)
                    throw Bad(source, "hv:images", "not an array");
                var i = 0;
                foreach (var wrapper in array.EnumerateArray())
                {
                    var at = $"hv:images[{i++}]";
                    if (wrapper.ValueKind != JsonValueKind.Object || !wrapper.TryGetProperty("hv:image", out var image) || image.ValueKind != JsonValueKind.Object)
                        throw Bad(source, at, "expected {\"hv:image\": {…}}");
                    var entry = Image(image, at, source);
                    if (image.TryGetProperty("dc:date:expires", out _) && now is { } t && Time(image, "dc:date:expires", source, at) <= t)
                        continue;
                    if (!labels.Add(entry.Label))
                        throw Bad(source, at, $"{entry.Label} is listed twice");
                    images.Add(entry);
                    if (images.Count > EndorsedListReader.MaxImages)
                        throw Bad(source, "hv:images", "too many images");
                }
            }
            return new SiteList(created.ToUnixTimeSeconds(), created, expires, endorser, images);
        }
    }

    private static SiteImage Image(JsonElement image, string at, string source)
    {
        var identifier = Required(image, "dc:identifier", at, source);
        var name = SafeName.From(Optional(image, "dc:title") ?? identifier);
        var version = SafeName.From(Optional(image, "hv:version") ?? "0");
        if (name.Length == 0 || version.Length == 0)
            throw Bad(source, at, "has no usable dc:title or hv:version");
        var sha512 = Required(image, "sl:checksum:sha512", at, source).ToLowerInvariant();
        if (sha512.Length != 128 || !sha512.All(char.IsAsciiHexDigit))
            throw Bad(source, $"{at}.sl:checksum:sha512", "expected 128 hex characters");
        long size;
        if (!image.TryGetProperty("hv:size", out var s)
            || !((s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out size)) || (s.ValueKind == JsonValueKind.String && long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out size)))
            || size < 0)
            throw Bad(source, $"{at}.hv:size", "missing or not a non-negative integer");
        var uri = Required(image, "hv:uri", at, source);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw Bad(source, $"{at}.hv:uri", "not an absolute http(s) URI");
        var format = SafeName.From(Optional(image, "hv:format") ?? "raw").ToLowerInvariant();
        var os = Optional(image, "sl:os");
        var osVersion = Optional(image, "sl:osversion");
        return new SiteImage(identifier, name, version, null, sha512, size, uri,
            osVersion is null ? os : $"{os} {osVersion}".Trim(), Optional(image, "sl:arch"), format.Length == 0 ? "raw" : format);
    }

    private static DateTimeOffset Time(JsonElement e, string name, string source, string? at = null)
    {
        var text = Required(e, name, at ?? name, source);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw Bad(source, at is null ? name : $"{at}.{name}", $"'{text}' is not a time");
        return t;
    }

    private static string Required(JsonElement e, string name, string at, string source) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 4096 } s
            ? s
            : throw Bad(source, at == name ? name : $"{at}.{name}", "missing or not a string");

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 4096 } s ? s : null;

    private static BadInputException Bad(string source, string at, string problem) => new($"HEPiX image list: {at}: {problem}", source);
}
