using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Lists.Reading;

/// <summary>The sites' reader of <c>endorsed-images.json</c>, and so the list's rules: bounded size and depth, no duplicate
/// keys, every field sites use typed and checked, names and versions safe to use as file names, at least one location
/// (<c>uri</c>, <c>oci</c> or both). The keys are the names of <see cref="EndorsedList"/>'s and <see cref="EndorsedImage"/>'s
/// properties as <see cref="ListJson"/> writes them. Fields sites do not use and unknown fields are ignored (newer lists).
/// <c>site verify</c> and <c>site sync</c> read lists with it, and <c>publish</c> runs it before signing: it never signs a
/// list a site would refuse.</summary>
public static partial class EndorsedListReader
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

    [GeneratedRegex(@"\A[A-Za-z0-9.\[\]:-]{1,255}/[a-z0-9]+([._/-]+[a-z0-9]+){0,63}@sha256:[0-9a-f]{64}\z")]
    private static partial Regex OciDigestReference();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,31}\z")]
    private static partial Regex SafeFormat();

    /// <summary>Parses the list; <paramref name="source"/> names the file or URL in error messages. Throws
    /// <see cref="BadInputException"/> naming <paramref name="source"/> and the field when a site must refuse it.</summary>
    public static SiteList Parse(ReadOnlyMemory<byte> content, string source)
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
            var created = ReadTime(root, Keys.Created, source);
            var expires = ReadTime(root, Keys.Expires, source);
            if (expires <= created)
                throw Bad(source, Keys.Expires, $"is not after created ({ListJson.Time(created)})");
            string? endorser = null;
            if (root.TryGetProperty(Keys.Endorser, out var e))
                endorser = e.ValueKind switch
                {
                    JsonValueKind.String => e.GetString(),
                    JsonValueKind.Object => e.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw Bad(source, Keys.Endorser, "expected a string or an object"),
                };
            if (!root.TryGetProperty(Keys.Images, out var imagesElement) || imagesElement.ValueKind != JsonValueKind.Array)
                throw Bad(source, Keys.Images, "missing or not an array");
            var count = imagesElement.GetArrayLength();
            if (count > MaxImages)
                throw Bad(source, Keys.Images, $"holds {count} images, more than {MaxImages}");
            var images = new List<SiteImage>(count);
            var labels = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in imagesElement.EnumerateArray())
            {
                var image = ReadImage(item, $"{Keys.Images}[{i}]", source);
                if (!labels.Add(image.Label))
                    throw Bad(source, $"{Keys.Images}[{i}]", $"{image.Label} is listed twice");
                images.Add(image);
                i++;
            }
            return new SiteList(version, created, expires, endorser, images);
        }
    }

    private static SiteImage ReadImage(JsonElement item, string at, string source)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw Bad(source, at, "expected an object");
        var name = RequiredString(item, Keys.Name, at, source);
        if (!SafeName().IsMatch(name))
            throw Bad(source, $"{at}.{Keys.Name}", $"'{Clip(name)}' is not a safe image name (letters, digits, '._+-', at most 128)");
        var version = RequiredString(item, Keys.Version, at, source);
        if (!SafeName().IsMatch(version))
            throw Bad(source, $"{at}.{Keys.Version}", $"'{Clip(version)}' is not a safe version (letters, digits, '._+-', at most 128)");
        var identifier = RequiredString(item, Keys.Identifier, at, source);
        if (identifier.Length > 200)
            throw Bad(source, $"{at}.{Keys.Identifier}", "is longer than 200 characters");
        var sha256 = Hex(RequiredString(item, Keys.Sha256, at, source), 64, $"{at}.{Keys.Sha256}", source);
        var sha512 = Hex(RequiredString(item, Keys.Sha512, at, source), 128, $"{at}.{Keys.Sha512}", source);
        if (!item.TryGetProperty(Keys.Size, out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
            throw Bad(source, $"{at}.{Keys.Size}", "missing or not a non-negative integer");
        // A record has at least one location: uri, oci or both.
        var uri = item.TryGetProperty(Keys.Uri, out var u) && u.ValueKind != JsonValueKind.Null ? RequiredString(item, Keys.Uri, at, source) : null;
        if (uri is not null && (uri.Length > 2048 || !System.Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out var parsed)
            || (parsed.IsAbsoluteUri && parsed.Scheme is not ("http" or "https"))))
            throw Bad(source, $"{at}.{Keys.Uri}", $"'{Clip(uri)}' is not an http(s) URI or a relative reference");
        var oci = ReadOci(item, at, sha256, source);
        if (uri is null && oci is null)
            throw Bad(source, at, "has no location: it needs 'uri', 'oci' or both");
        var format = RequiredString(item, Keys.Format, at, source).ToLowerInvariant();
        if (!SafeFormat().IsMatch(format))
            throw Bad(source, $"{at}.{Keys.Format}", $"'{Clip(format)}' is not a disk format name");
        return new SiteImage(identifier, name, version, sha256, sha512, size, uri,
            ReadOs(item, at, source), OptionalString(item, Keys.Arch, at, source), format) { Oci = oci };
    }

    /// <summary>The <c>oci</c> location: <c>{reference, layerDigest}</c>, a digest reference and the digest of layer[0],
    /// which is the image file, so it must be <c>sha256:</c> and the record's <c>sha256</c>.</summary>
    private static OciLocation? ReadOci(JsonElement item, string at, string sha256, string source)
    {
        if (!item.TryGetProperty(Keys.Oci, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Object)
            throw Bad(source, $"{at}.{Keys.Oci}", "expected an object {reference, layerDigest}");
        var reference = RequiredString(v, Keys.Reference, $"{at}.{Keys.Oci}", source);
        if (!OciDigestReference().IsMatch(reference))
            throw Bad(source, $"{at}.{Keys.Oci}.{Keys.Reference}", $"'{Clip(reference)}' is not a digest reference (REGISTRY/REPOSITORY@sha256:HEX)");
        var layerDigest = RequiredString(v, Keys.LayerDigest, $"{at}.{Keys.Oci}", source);
        if (!string.Equals(layerDigest, "sha256:" + sha256, StringComparison.Ordinal))
            throw Bad(source, $"{at}.{Keys.Oci}.{Keys.LayerDigest}", $"'{Clip(layerDigest)}' is not sha256: followed by the image's sha256");
        return new OciLocation(reference, layerDigest);
    }

    private static long ReadVersion(JsonElement root, string source)
    {
        if (!root.TryGetProperty(Keys.Version, out var v))
            throw Bad(source, Keys.Version, "missing");
        long version;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out version) && version >= 0)
            return version;
        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return version;
        throw Bad(source, Keys.Version, "expected a non-negative integer");
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
    private static string? ReadOs(JsonElement item, string at, string source)
    {
        if (!item.TryGetProperty(Keys.Os, out var v) || v.ValueKind != JsonValueKind.Object)
            return OptionalString(item, Keys.Os, at, source);
        var pretty = OptionalString(v, Keys.PrettyName, $"{at}.{Keys.Os}", source);
        var id = OptionalString(v, Keys.Id, $"{at}.{Keys.Os}", source);
        var versionId = OptionalString(v, Keys.VersionId, $"{at}.{Keys.Os}", source);
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

    /// <summary>The keys this reader reads: the wire records' property names as <see cref="ListJson.Options"/> writes them.</summary>
    private static class Keys
    {
        public static readonly string Version = Key(nameof(EndorsedList.Version));
        public static readonly string Created = Key(nameof(EndorsedList.Created));
        public static readonly string Expires = Key(nameof(EndorsedList.Expires));
        public static readonly string Endorser = Key(nameof(EndorsedList.Endorser));
        public static readonly string Images = Key(nameof(EndorsedList.Images));
        public static readonly string Identifier = Key(nameof(EndorsedImage.Identifier));
        public static readonly string Name = Key(nameof(EndorsedImage.Name));
        public static readonly string Sha256 = Key(nameof(EndorsedImage.Sha256));
        public static readonly string Sha512 = Key(nameof(EndorsedImage.Sha512));
        public static readonly string Size = Key(nameof(EndorsedImage.Size));
        public static readonly string Uri = Key(nameof(EndorsedImage.Uri));
        public static readonly string Oci = Key(nameof(EndorsedImage.Oci));
        public static readonly string Os = Key(nameof(EndorsedImage.Os));
        public static readonly string Arch = Key(nameof(EndorsedImage.Arch));
        public static readonly string Format = Key(nameof(EndorsedImage.Format));
        public static readonly string Reference = Key(nameof(OciLocation.Reference));
        public static readonly string LayerDigest = Key(nameof(OciLocation.LayerDigest));
        public static readonly string Id = Key(nameof(Lists.OperatingSystem.Id));
        public static readonly string VersionId = Key(nameof(Lists.OperatingSystem.VersionId));
        public static readonly string PrettyName = Key(nameof(Lists.OperatingSystem.PrettyName));

        private static string Key(string property) => ListJson.Options.PropertyNamingPolicy!.ConvertName(property);
    }

    private static BadInputException Bad(string source, string at, string problem) =>
        new(at.Length == 0 ? $"endorsed list: {problem}" : $"endorsed list: {at}: {problem}", source);
}
