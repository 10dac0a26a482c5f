using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Site.Lists;

/// <summary>Parses <c>endorsed-images.json</c> strictly: bounded size and depth, no duplicate keys, every field
/// typed and checked, names and versions safe to use as file names. Unknown fields are ignored (newer lists).</summary>
internal static partial class EndorsedListReader
{
    /// <summary>The largest list accepted (a list of 100,000 images is about 60 MiB).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The most images one list may hold.</summary>
    public const int MaxImages = 200_000;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 16,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._+-]{0,127}\z")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,31}\z")]
    private static partial Regex SafeFormat();

    /// <summary>Parses the list; <paramref name="source"/> names the file or URL in error messages.</summary>
    public static EndorsedList Parse(ReadOnlyMemory<byte> content, string source)
    {
        if (content.Length > MaxBytes)
            throw new BadInputException($"endorsed list is larger than {MaxBytes / (1024 * 1024)} MiB", source);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content, Options);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"endorsed list is not valid JSON: {ex.Message}", source);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(source, "", "expected a JSON object");
            var version = ReadVersion(root, source);
            var created = ReadTime(root, "created", source);
            var expires = ReadTime(root, "expires", source);
            if (expires <= created)
                throw Bad(source, "expires", $"is not after created ({Format(created)})");
            string? endorser = null;
            if (root.TryGetProperty("endorser", out var e))
                endorser = e.ValueKind switch
                {
                    JsonValueKind.String => e.GetString(),
                    JsonValueKind.Object => e.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw Bad(source, "endorser", "expected a string or an object"),
                };
            if (!root.TryGetProperty("images", out var imagesElement) || imagesElement.ValueKind != JsonValueKind.Array)
                throw Bad(source, "images", "missing or not an array");
            var count = imagesElement.GetArrayLength();
            if (count > MaxImages)
                throw Bad(source, "images", $"holds {count} images, more than {MaxImages}");
            var images = new List<EndorsedImage>(count);
            var labels = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in imagesElement.EnumerateArray())
            {
                var image = ReadImage(item, $"images[{i}]", source);
                if (!labels.Add(image.Label))
                    throw Bad(source, $"images[{i}]", $"{image.Label} is listed twice");
                images.Add(image);
                i++;
            }
            return new EndorsedList(version, created, expires, endorser, images);
        }
    }

    private static EndorsedImage ReadImage(JsonElement item, string at, string source)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw Bad(source, at, "expected an object");
        var name = RequiredString(item, "name", at, source);
        if (!SafeName().IsMatch(name))
            throw Bad(source, $"{at}.name", $"'{Clip(name)}' is not a safe image name (letters, digits, '._+-', at most 128)");
        var version = RequiredString(item, "version", at, source);
        if (!SafeName().IsMatch(version))
            throw Bad(source, $"{at}.version", $"'{Clip(version)}' is not a safe version (letters, digits, '._+-', at most 128)");
        var identifier = RequiredString(item, "identifier", at, source);
        if (identifier.Length > 200)
            throw Bad(source, $"{at}.identifier", "is longer than 200 characters");
        var sha256 = Hex(RequiredString(item, "sha256", at, source), 64, $"{at}.sha256", source);
        var sha512 = Hex(RequiredString(item, "sha512", at, source), 128, $"{at}.sha512", source);
        if (!item.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
            throw Bad(source, $"{at}.size", "missing or not a non-negative integer");
        var uri = RequiredString(item, "uri", at, source);
        if (!System.Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out var parsed)
            || (parsed.IsAbsoluteUri && parsed.Scheme is not ("http" or "https")))
            throw Bad(source, $"{at}.uri", $"'{Clip(uri)}' is not an http(s) URI or a relative reference");
        var format = RequiredString(item, "format", at, source).ToLowerInvariant();
        if (!SafeFormat().IsMatch(format))
            throw Bad(source, $"{at}.format", $"'{Clip(format)}' is not a disk format name");
        return new EndorsedImage(identifier, name, version, sha256, sha512, size, uri,
            OperatingSystem(item, at, source), OptionalString(item, "arch", at, source), format);
    }

    private static long ReadVersion(JsonElement root, string source)
    {
        if (!root.TryGetProperty("version", out var v))
            throw Bad(source, "version", "missing");
        long version;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out version) && version >= 0)
            return version;
        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return version;
        throw Bad(source, "version", "expected a non-negative integer");
    }

    private static DateTimeOffset ReadTime(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
            throw Bad(source, name, "missing or not a string");
        var text = v.GetString()!;
        if (!IsoTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
            throw Bad(source, name, $"'{Clip(text)}' is not an ISO 8601 time with a zone (e.g. 2026-01-31T12:00:00Z)");
        return time;
    }

    private static string RequiredString(JsonElement item, string name, string at, string source)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
            throw Bad(source, $"{at}.{name}", "missing or not a string");
        var s = v.GetString()!;
        if (s.Length == 0)
            throw Bad(source, $"{at}.{name}", "is empty");
        return s;
    }

    /// <summary>The list format records <c>os</c> as {id, versionId, prettyName}; a plain string is accepted too.
    /// Sites see the pretty name (else "id versionId").</summary>
    private static string? OperatingSystem(JsonElement item, string at, string source)
    {
        if (!item.TryGetProperty("os", out var v) || v.ValueKind != JsonValueKind.Object)
            return OptionalString(item, "os", at, source);
        var pretty = OptionalString(v, "prettyName", at + ".os", source);
        var id = OptionalString(v, "id", at + ".os", source);
        var versionId = OptionalString(v, "versionId", at + ".os", source);
        return pretty ?? (id is null ? null : versionId is null ? id : $"{id} {versionId}");
    }

    private static string? OptionalString(JsonElement item, string name, string at, string source)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.String)
            throw Bad(source, $"{at}.{name}", "not a string");
        var s = v.GetString()!;
        return s.Length > 200 ? throw Bad(source, $"{at}.{name}", "is longer than 200 characters") : s;
    }

    private static string Hex(string value, int length, string at, string source)
    {
        if (value.Length != length || value.AsSpan().ContainsAnyExcept(HexDigits))
            throw Bad(source, at, $"expected {length} hex characters");
        return value.ToLowerInvariant();
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";

    internal static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static BadInputException Bad(string source, string at, string problem) =>
        new(at.Length == 0 ? $"endorsed list: {problem}" : $"endorsed list: {at}: {problem}", source);
}
