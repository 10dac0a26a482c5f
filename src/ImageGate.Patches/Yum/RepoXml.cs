using System.Xml;
using ImageGate.Core.Errors;

namespace ImageGate.Patches.Yum;

/// <summary>Safe XML reading for repository metadata: no DTD, no external resolution, bounded size.</summary>
internal static class RepoXml
{
    public static XmlReader Create(byte[] data, long maxChars) => XmlReader.Create(new MemoryStream(data), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = maxChars,
    });

    public static T Guard<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (XmlException e)
        {
            throw new BadInputException($"{what}: malformed XML: {e.Message}", null, e);
        }
    }
}

/// <summary>One <c>&lt;data&gt;</c> entry of repomd.xml.</summary>
internal sealed record RepomdData(string Type, string Href, string ChecksumType, string Checksum, long? Size);

/// <summary>The parts of <c>repodata/repomd.xml</c> a patch check needs.</summary>
internal sealed record Repomd(string? Revision, DateTimeOffset? Timestamp, IReadOnlyDictionary<string, RepomdData> Data)
{
    public static Repomd Parse(byte[] bytes, string what) => RepoXml.Guard(what, () =>
    {
        using var r = RepoXml.Create(bytes, 64L << 20);
        var doc = System.Xml.Linq.XDocument.Load(r);
        var root = doc.Root;
        if (root is null || root.Name.LocalName != "repomd") throw new BadInputException("not a repomd.xml (no <repomd> element)", what);
        string? revision = root.Elements().FirstOrDefault(e => e.Name.LocalName == "revision")?.Value.Trim();
        long maxTs = 0;
        var data = new Dictionary<string, RepomdData>(StringComparer.Ordinal);
        foreach (var d in root.Elements().Where(e => e.Name.LocalName == "data"))
        {
            var type = (string?)d.Attribute("type") ?? throw new BadInputException("a <data> element has no type", what);
            System.Xml.Linq.XElement? Child(string n) => d.Elements().FirstOrDefault(e => e.Name.LocalName == n);
            var checksum = Child("checksum");
            var href = (string?)Child("location")?.Attribute("href");
            var ctype = (string?)checksum?.Attribute("type");
            if (href is null || checksum is null || ctype is null)
                throw new BadInputException($"<data type=\"{type}\"> lacks a location or checksum", what);
            long? size = long.TryParse(Child("size")?.Value, out var sz) ? sz : null;
            if (long.TryParse(Child("timestamp")?.Value.Split('.')[0], out var ts)) maxTs = Math.Max(maxTs, ts);
            data[type] = new RepomdData(type, href, ctype.ToLowerInvariant(), checksum.Value.Trim().ToLowerInvariant(), size);
        }
        return new Repomd(revision, maxTs > 0 ? DateTimeOffset.FromUnixTimeSeconds(maxTs) : null, data);
    });
}
