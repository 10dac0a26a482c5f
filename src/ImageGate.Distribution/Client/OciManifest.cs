using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;

namespace ImageGate.Distribution.Client;

/// <summary>An OCI image manifest (schema 2) as ImageGate writes and reads it: config, layers, optional
/// <c>artifactType</c>, <c>subject</c> and annotations.</summary>
/// <param name="Config">The config descriptor (the empty descriptor for artifacts).</param>
/// <param name="Layers">The layers.</param>
public sealed record OciManifest(Descriptor Config, IReadOnlyList<Descriptor> Layers)
{
    /// <summary>The artifact type, or null.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>The manifest this one refers to (a referrer's subject), or null.</summary>
    public Descriptor? Subject { get; init; }

    /// <summary>Manifest annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The canonical bytes ImageGate pushes (fixed member order, no whitespace).</summary>
    public byte[] ToBytes()
    {
        var o = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.ImageManifest,
        };
        if (ArtifactType is not null) o["artifactType"] = ArtifactType;
        o["config"] = Write(Config);
        o["layers"] = new JsonArray(Layers.Select(l => (JsonNode)Write(l)).ToArray());
        if (Subject is not null) o["subject"] = Write(Subject);
        if (Annotations.Count > 0) o["annotations"] = WriteMap(Annotations);
        return JsonSerializer.SerializeToUtf8Bytes(o);
    }

    /// <summary>Parses an image manifest; <paramref name="what"/> names it in errors.</summary>
    public static OciManifest Parse(byte[] content, string what)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            var o = JsonNode.Parse(content) as JsonObject ?? throw new BadInputException("the manifest is not a JSON object", what);
            var mediaType = o["mediaType"]?.GetValue<string>();
            if (mediaType is not null and not MediaTypes.ImageManifest and not MediaTypes.DockerManifest)
                throw new BadInputException($"is a {mediaType}, not an image manifest", what);
            var config = Read(o["config"] as JsonObject ?? throw new BadInputException("the manifest has no config", what), what);
            var layers = (o["layers"] as JsonArray ?? []).Select(l => Read(l as JsonObject ?? throw new BadInputException("a layer is not an object", what), what)).ToList();
            return new OciManifest(config, layers)
            {
                ArtifactType = o["artifactType"]?.GetValue<string>(),
                Subject = o["subject"] is JsonObject s ? Read(s, what) : null,
                Annotations = ReadMap(o["annotations"]),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"the manifest is malformed: {ex.Message}", what);
        }
    }

    internal static JsonObject Write(Descriptor d)
    {
        var o = new JsonObject { ["mediaType"] = d.MediaType };
        if (d.ArtifactType is not null) o["artifactType"] = d.ArtifactType;
        o["digest"] = d.Digest;
        o["size"] = d.Size;
        if (d.Annotations.Count > 0) o["annotations"] = WriteMap(d.Annotations);
        return o;
    }

    internal static Descriptor Read(JsonObject o, string what)
    {
        var digest = o["digest"]?.GetValue<string>() ?? throw new BadInputException("a descriptor has no digest", what);
        var size = o["size"]?.GetValue<long>() ?? throw new BadInputException("a descriptor has no size", what);
        if (size < 0) throw new BadInputException("a descriptor has a negative size", what);
        return new Descriptor(o["mediaType"]?.GetValue<string>() ?? "", digest, size)
        {
            ArtifactType = o["artifactType"]?.GetValue<string>(),
            Annotations = ReadMap(o["annotations"]),
        };
    }

    private static JsonObject WriteMap(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }

    private static Dictionary<string, string> ReadMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                if (v is JsonValue value && value.TryGetValue<string>(out var s)) map[k] = s;
        return map;
    }
}
