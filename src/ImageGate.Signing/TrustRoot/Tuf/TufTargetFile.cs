using System.Text.Json;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A target of targets metadata: its exact length and hashes.</summary>
internal sealed record TufTargetFile(string Path, long Length, IReadOnlyDictionary<string, string> Hashes)
{
    public static TufTargetFile Parse(string path, JsonElement e, string where)
    {
        var length = TufJson.Int(e, "length", where);
        if (length < 0) throw new FormatException($"{where}: negative length");
        return new TufTargetFile(path, length, TufJson.Hashes(e, where));
    }
}
