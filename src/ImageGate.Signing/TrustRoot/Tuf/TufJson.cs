using System.Globalization;
using System.Text.Json;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>Strict readers for TUF metadata fields; every failure is a <see cref="FormatException"/> naming the field.</summary>
internal static class TufJson
{
    public static JsonElement Obj(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object
            ? o : throw new FormatException($"{where}: '{name}' must be an object");

    public static string Str(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()! : throw new FormatException($"{where}: '{name}' must be a string");

    public static long Int(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var v)
            ? v : throw new FormatException($"{where}: '{name}' must be an integer");

    public static long? OptInt(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out _) ? Int(e, name, where) : null;

    /// <summary>An RFC 3339 UTC time as TUF writes it (<c>2030-01-01T00:00:00Z</c>).</summary>
    public static DateTimeOffset Time(JsonElement e, string name, string where)
    {
        var text = Str(e, name, where);
        if (!text.EndsWith('Z') || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw new FormatException($"{where}: '{name}' is not an RFC 3339 UTC time ('{text}')");
        return t;
    }

    /// <summary>A <c>hashes</c> object: algorithm → lower-case hex.</summary>
    public static IReadOnlyDictionary<string, string> Hashes(JsonElement e, string where)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Obj(e, "hashes", where).EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new FormatException($"{where}: hash '{p.Name}' must be a string");
            var hex = p.Value.GetString()!.ToLowerInvariant();
            if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit)) throw new FormatException($"{where}: hash '{p.Name}' is not hexadecimal");
            map[p.Name] = hex;
        }
        if (map.Count == 0) throw new FormatException($"{where}: 'hashes' is empty");
        return map;
    }
}
