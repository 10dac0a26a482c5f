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
        string? revision = null;
        long maxTs = 0;
        var data = new Dictionary<string, RepomdData>(StringComparer.Ordinal);
        string? type = null, href = null, ctype = null, csum = null;
        long? size = null;
        var sawRoot = false;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                switch (r.LocalName)
                {
                    case "repomd": sawRoot = true; break;
                    case "revision" when type is null: revision = r.ReadElementContentAsString().Trim(); break;
                    case "data": type = r.GetAttribute("type"); href = ctype = csum = null; size = null; break;
                    case "checksum" when type is not null:
                        ctype = r.GetAttribute("type");
                        csum = r.ReadElementContentAsString().Trim();
                        break;
                    case "location" when type is not null: href = r.GetAttribute("href"); break;
                    case "size" when type is not null:
                        size = long.TryParse(r.ReadElementContentAsString(), out var sz) ? sz : null;
                        break;
                    case "timestamp" when type is not null:
                        if (long.TryParse(r.ReadElementContentAsString().Split('.')[0], out var ts)) maxTs = Math.Max(maxTs, ts);
                        break;
                }
            }
            else if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "data" && type is not null)
            {
                if (href is null || csum is null || ctype is null)
                    throw new BadInputException($"<data type=\"{type}\"> lacks a location or checksum", what);
                data[type] = new RepomdData(type, href, ctype.ToLowerInvariant(), csum.ToLowerInvariant(), size);
                type = null;
            }
        }
        if (!sawRoot) throw new BadInputException("not a repomd.xml (no <repomd> element)", what);
        return new Repomd(revision, maxTs > 0 ? DateTimeOffset.FromUnixTimeSeconds(maxTs) : null, data);
    });
}
