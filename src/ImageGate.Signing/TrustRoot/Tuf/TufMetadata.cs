using System.Text.Json;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>One signed TUF metadata document (root, timestamp, snapshot or targets), parsed strictly; its signed
/// part is kept in canonical JSON form for signature checks.</summary>
internal sealed class TufMetadata
{
    public const string Root = "root";
    public const string Timestamp = "timestamp";
    public const string Snapshot = "snapshot";
    public const string Targets = "targets";

    private TufMetadata(string type, byte[] raw, byte[] canonical, IReadOnlyList<(string KeyId, string Sig)> signatures,
        long version, DateTimeOffset expires)
    {
        Type = type;
        Raw = raw;
        Canonical = canonical;
        Signatures = signatures;
        Version = version;
        Expires = expires;
    }

    public string Type { get; }

    /// <summary>The bytes as downloaded (what is cached).</summary>
    public byte[] Raw { get; }

    /// <summary>The canonical JSON of <c>signed</c>, the bytes the signatures cover.</summary>
    public byte[] Canonical { get; }

    public IReadOnlyList<(string KeyId, string Sig)> Signatures { get; }

    public long Version { get; }

    public DateTimeOffset Expires { get; }

    // root
    public IReadOnlyDictionary<string, TufKey> Keys { get; private init; } = new Dictionary<string, TufKey>();

    public IReadOnlyDictionary<string, TufRole> Roles { get; private init; } = new Dictionary<string, TufRole>();

    public bool ConsistentSnapshot { get; private init; }

    // timestamp and snapshot
    public IReadOnlyDictionary<string, TufMetaFile> Meta { get; private init; } = new Dictionary<string, TufMetaFile>();

    // targets
    public IReadOnlyDictionary<string, TufTargetFile> TargetFiles { get; private init; } = new Dictionary<string, TufTargetFile>();

    public bool IsExpired(DateTimeOffset now) => now >= Expires;

    /// <summary>Parses <paramref name="raw"/> as metadata of <paramref name="type"/>; throws <see cref="FormatException"/>.</summary>
    public static TufMetadata Parse(byte[] raw, string type)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException ex) { throw new FormatException($"not valid JSON: {ex.Message}"); }
        using (doc)
        {
            var top = doc.RootElement;
            if (top.ValueKind != JsonValueKind.Object) throw new FormatException("the document is not a JSON object");
            var signed = TufJson.Obj(top, "signed", type);
            if (!top.TryGetProperty("signatures", out var sigs) || sigs.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{type}: 'signatures' must be an array");
            var signatures = new List<(string, string)>();
            foreach (var s in sigs.EnumerateArray())
                signatures.Add((TufJson.Str(s, "keyid", "signature"), TufJson.Str(s, "sig", "signature")));
            var actualType = TufJson.Str(signed, "_type", type);
            if (actualType != type) throw new FormatException($"expected {type} metadata, found _type '{actualType}'");
            var spec = TufJson.Str(signed, "spec_version", type);
            if (spec.Split('.')[0] != "1") throw new FormatException($"{type}: unsupported spec_version '{spec}' (1.x is supported)");
            var version = TufJson.Int(signed, "version", type);
            if (version < 1) throw new FormatException($"{type}: version must be at least 1, found {version}");
            var expires = TufJson.Time(signed, "expires", type);
            var canonical = CanonicalJson.Serialize(signed);
            var md = new TufMetadata(type, raw, canonical, signatures, version, expires);
            return type switch
            {
                Root => WithRoot(md, signed),
                Timestamp => WithTimestamp(md, signed),
                Snapshot => WithSnapshot(md, signed),
                Targets => WithTargets(md, signed),
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            };
        }
    }

    private static TufMetadata WithRoot(TufMetadata md, JsonElement signed)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var k in TufJson.Obj(signed, "keys", "root").EnumerateObject())
            keys[k.Name] = TufKey.Parse(k.Name, k.Value);
        var roles = new Dictionary<string, TufRole>(StringComparer.Ordinal);
        var rolesElement = TufJson.Obj(signed, "roles", "root");
        foreach (var name in new[] { Root, Timestamp, Snapshot, Targets })
        {
            var r = TufJson.Obj(rolesElement, name, "root.roles");
            var threshold = TufJson.Int(r, "threshold", "root.roles." + name);
            if (threshold < 1) throw new FormatException($"root.roles.{name}: threshold must be at least 1, found {threshold}");
            if (!r.TryGetProperty("keyids", out var ids) || ids.ValueKind != JsonValueKind.Array)
                throw new FormatException($"root.roles.{name}: 'keyids' must be an array");
            var keyIds = ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()!
                : throw new FormatException($"root.roles.{name}: key IDs must be strings")).ToList();
            if (keyIds.Distinct(StringComparer.Ordinal).Count() != keyIds.Count) throw new FormatException($"root.roles.{name}: duplicate key IDs");
            roles[name] = new TufRole(keyIds, threshold);
        }
        var consistent = signed.TryGetProperty("consistent_snapshot", out var cs) && cs.ValueKind == JsonValueKind.True;
        return new TufMetadata(md.Type, md.Raw, md.Canonical, md.Signatures, md.Version, md.Expires)
        {
            Keys = keys,
            Roles = roles,
            ConsistentSnapshot = consistent,
        };
    }

    private static TufMetadata WithTimestamp(TufMetadata md, JsonElement signed)
    {
        var meta = TufJson.Obj(signed, "meta", "timestamp");
        var names = meta.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != 1 || names[0] != "snapshot.json")
            throw new FormatException("timestamp: 'meta' must hold exactly 'snapshot.json'");
        return new TufMetadata(md.Type, md.Raw, md.Canonical, md.Signatures, md.Version, md.Expires)
        {
            Meta = new Dictionary<string, TufMetaFile> { ["snapshot.json"] = TufMetaFile.Parse(meta.GetProperty("snapshot.json"), "timestamp.meta['snapshot.json']") },
        };
    }

    private static TufMetadata WithSnapshot(TufMetadata md, JsonElement signed)
    {
        var map = new Dictionary<string, TufMetaFile>(StringComparer.Ordinal);
        foreach (var p in TufJson.Obj(signed, "meta", "snapshot").EnumerateObject())
            map[p.Name] = TufMetaFile.Parse(p.Value, $"snapshot.meta['{p.Name}']");
        if (!map.ContainsKey("targets.json")) throw new FormatException("snapshot: 'meta' does not list targets.json");
        return new TufMetadata(md.Type, md.Raw, md.Canonical, md.Signatures, md.Version, md.Expires) { Meta = map };
    }

    private static TufMetadata WithTargets(TufMetadata md, JsonElement signed)
    {
        var map = new Dictionary<string, TufTargetFile>(StringComparer.Ordinal);
        foreach (var p in TufJson.Obj(signed, "targets", "targets").EnumerateObject())
            map[p.Name] = TufTargetFile.Parse(p.Name, p.Value, $"targets.targets['{p.Name}']");
        return new TufMetadata(md.Type, md.Raw, md.Canonical, md.Signatures, md.Version, md.Expires) { TargetFiles = map };
    }

    /// <summary>How many distinct keys of <paramref name="role"/> in <paramref name="root"/> signed this metadata,
    /// and the role's threshold.</summary>
    public (int Valid, long Threshold) CountSignatures(TufMetadata root, string role)
    {
        var r = root.Roles[role];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyId, sig) in Signatures)
        {
            if (seen.Contains(keyId) || !r.KeyIds.Contains(keyId) || !root.Keys.TryGetValue(keyId, out var key)) continue;
            if (key.Verify(Canonical, sig)) seen.Add(keyId);
        }
        return (seen.Count, r.Threshold);
    }

    /// <summary>True when a threshold of <paramref name="role"/>'s keys in <paramref name="root"/> signed this metadata.</summary>
    public bool IsSignedBy(TufMetadata root, string role)
    {
        var (valid, threshold) = CountSignatures(root, role);
        return valid >= threshold;
    }
}
