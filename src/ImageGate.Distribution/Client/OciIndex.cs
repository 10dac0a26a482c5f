using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;

namespace ImageGate.Distribution.Client;

/// <summary>An OCI image index: the referrers API's answer and the referrers tag schema's <c>sha256-HEX</c> index.</summary>
/// <param name="Manifests">The manifests listed.</param>
public sealed record OciIndex(IReadOnlyList<Descriptor> Manifests)
{
    /// <summary>The canonical bytes.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.ImageIndex,
        ["manifests"] = new JsonArray(Manifests.Select(m => (JsonNode)OciManifest.Write(m)).ToArray()),
    });

    /// <summary>Parses an index; <paramref name="what"/> names it in errors.</summary>
    public static OciIndex Parse(byte[] content, string what)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            var o = JsonNode.Parse(content) as JsonObject ?? throw new BadInputException("the index is not a JSON object", what);
            return new OciIndex((o["manifests"] as JsonArray ?? []).Select(m => OciManifest.Read(m as JsonObject ?? throw new BadInputException("an index entry is not an object", what), what)).ToList());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"the index is malformed: {ex.Message}", what);
        }
    }
}
