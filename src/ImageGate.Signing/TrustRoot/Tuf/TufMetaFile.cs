using System.Text.Json;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A <c>meta</c> entry of timestamp or snapshot metadata: the version and, optionally, length and hashes.</summary>
internal sealed record TufMetaFile(long Version, long? Length, IReadOnlyDictionary<string, string>? Hashes)
{
    public static TufMetaFile Parse(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{where} must be an object");
        var version = TufJson.Int(e, "version", where);
        if (version < 1) throw new FormatException($"{where}: version must be at least 1, found {version}");
        var length = TufJson.OptInt(e, "length", where);
        if (length < 0) throw new FormatException($"{where}: negative length");
        var hashes = e.TryGetProperty("hashes", out _) ? TufJson.Hashes(e, where) : null;
        return new TufMetaFile(version, length, hashes);
    }
}
