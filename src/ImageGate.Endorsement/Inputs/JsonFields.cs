using System.Text.Json;

namespace ImageGate.Endorsement.Inputs;

/// <summary>Defensive reading of JSON produced by other tools: fields by name, wrong types ignored.</summary>
internal static class JsonFields
{
    public static JsonElement? Get(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next))
                return null;
            current = next;
        }
        return current;
    }

    public static string? String(JsonElement element, params string[] path) =>
        Get(element, path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static long? Long(JsonElement element, params string[] path) =>
        Get(element, path) is { ValueKind: JsonValueKind.Number } e && e.TryGetInt64(out var v) ? v : null;

    public static bool? Bool(JsonElement element, params string[] path) => Get(element, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(JsonElement element, params string[] path) =>
        Get(element, path) is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : [];

    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string path, string what)
    {
        try
        {
            var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new Core.Errors.BadInputException($"a {what} must be a JSON object", path);
            return doc;
        }
        catch (JsonException ex)
        {
            throw new Core.Errors.BadInputException($"not valid JSON for a {what}: {ex.Message}", path, ex);
        }
    }

    /// <summary>Reads a whole input file with a size limit.</summary>
    public static byte[] ReadFile(string path, string what, long limit = 256L << 20)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new Core.Errors.BadInputException($"{what} not found", path);
            if (info.Length > limit) throw new Core.Errors.BadInputException($"{what} is larger than {limit >> 20} MiB", path);
            return File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new Core.Errors.BadInputException($"cannot read {what}: {ex.Message}", path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new Core.Errors.BadInputException($"cannot read {what}: {ex.Message}", path, ex);
        }
    }
}
