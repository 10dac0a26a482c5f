using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ImageGate.Core.Errors;

namespace ImageGate.Signing.TrustRoot;

/// <summary>Sigstore trusted material (<c>trusted_root.json</c>, media type
/// <c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>): Fulcio CAs, Rekor logs, CT logs and TSAs,
/// each with its <c>validFor</c> window. A malformed root (e.g. a window without its required start) is rejected.</summary>
public sealed class TrustedRoot
{
    private const int MaxRootBytes = 4 * 1024 * 1024;

    private TrustedRoot(string source, IReadOnlyList<TransparencyLogInstance> tlogs, IReadOnlyList<TransparencyLogInstance> ctlogs,
        IReadOnlyList<CertificateAuthorityInstance> cas, IReadOnlyList<CertificateAuthorityInstance> tsas)
    {
        Source = source;
        TransparencyLogs = tlogs;
        CertificateTransparencyLogs = ctlogs;
        CertificateAuthorities = cas;
        TimestampAuthorities = tsas;
    }

    /// <summary>Where the root came from (a file path or <c>embedded public-good</c>).</summary>
    public string Source { get; }

    /// <summary>Rekor logs.</summary>
    public IReadOnlyList<TransparencyLogInstance> TransparencyLogs { get; }

    /// <summary>Certificate transparency logs (SCT issuers).</summary>
    public IReadOnlyList<TransparencyLogInstance> CertificateTransparencyLogs { get; }

    /// <summary>Fulcio certificate authorities.</summary>
    public IReadOnlyList<CertificateAuthorityInstance> CertificateAuthorities { get; }

    /// <summary>RFC 3161 timestamp authorities.</summary>
    public IReadOnlyList<CertificateAuthorityInstance> TimestampAuthorities { get; }

    /// <summary>The Sigstore public-good root embedded in ImageGate (from the TUF seed of <c>@sigstore/tuf</c>).</summary>
    public static TrustedRoot PublicGood => PublicGoodRoot.Value;

    private static readonly Lazy<TrustedRoot> PublicGoodRoot = new(() =>
    {
        using var stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream("ImageGate.Signing.public-good-trusted_root.json")
            ?? throw new InvalidOperationException("the embedded public-good trusted root is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Parse(ms.ToArray(), "embedded public-good trusted root");
    });

    /// <summary>Loads a trusted root file.</summary>
    public static TrustedRoot Load(string path)
    {
        if (!File.Exists(path)) throw new BadInputException("trusted root file not found", path);
        var info = new FileInfo(path);
        if (info.Length > MaxRootBytes) throw new BadInputException($"trusted root is too large ({info.Length} bytes)", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses trusted root JSON; <paramref name="source"/> names it in errors.</summary>
    public static TrustedRoot Parse(ReadOnlySpan<byte> json, string source)
    {
        if (json.Length > MaxRootBytes) throw new BadInputException("trusted root is too large", source);
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("the document is not a JSON object");
            var mediaType = OptString(root, "mediaType");
            if (mediaType is not null && !mediaType.StartsWith("application/vnd.dev.sigstore.trustedroot", StringComparison.Ordinal))
                throw Bad($"unexpected mediaType '{mediaType}'");
            var tlogs = Array(root, "tlogs").Select((e, i) => ParseLog(e, $"tlogs[{i}]")).ToList();
            var ctlogs = Array(root, "ctlogs").Select((e, i) => ParseLog(e, $"ctlogs[{i}]")).ToList();
            var cas = Array(root, "certificateAuthorities").Select((e, i) => ParseAuthority(e, $"certificateAuthorities[{i}]")).ToList();
            var tsas = Array(root, "timestampAuthorities").Select((e, i) => ParseAuthority(e, $"timestampAuthorities[{i}]")).ToList();
            return new TrustedRoot(source, tlogs, ctlogs, cas, tsas);
        }
        catch (JsonException ex) { throw new BadInputException($"trusted root is not valid JSON: {ex.Message}", source); }
        catch (FormatException ex) { throw new BadInputException($"trusted root is malformed: {ex.Message}", source); }
        catch (CryptographicException ex) { throw new BadInputException($"trusted root holds a bad certificate or key: {ex.Message}", source); }
        catch (MalformedRootException ex) { throw new BadInputException($"trusted root is malformed: {ex.Message}", source); }
    }

    /// <summary>Finds a Rekor log by its log ID.</summary>
    internal TransparencyLogInstance? FindTransparencyLog(ReadOnlySpan<byte> logId)
    {
        foreach (var log in TransparencyLogs)
            if (log.LogId.AsSpan().SequenceEqual(logId)) return log;
        return null;
    }

    private static TransparencyLogInstance ParseLog(JsonElement e, string where)
    {
        var baseUrl = OptString(e, "baseUrl") ?? "";
        var key = Obj(e, "publicKey", where);
        var raw = Convert.FromBase64String(Str(key, "rawBytes", where + ".publicKey"));
        var details = OptString(key, "keyDetails") ?? "";
        TimeRange? validFor = key.TryGetProperty("validFor", out var vf) ? ParseRange(vf, where + ".publicKey.validFor") : null;
        var logId = Convert.FromBase64String(Str(Obj(e, "logId", where), "keyId", where + ".logId"));
        if (logId.Length == 0) throw new MalformedRootException($"{where}: empty logId");
        return new TransparencyLogInstance(baseUrl, logId, raw, details, validFor);
    }

    private static CertificateAuthorityInstance ParseAuthority(JsonElement e, string where)
    {
        var uri = OptString(e, "uri") ?? "";
        var chain = Obj(e, "certChain", where);
        var certs = Array(chain, "certificates")
            .Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Str(c, "rawBytes", where + ".certChain"))))
            .ToList();
        if (certs.Count == 0) throw new MalformedRootException($"{where}: empty certificate chain");
        if (!e.TryGetProperty("validFor", out var vf)) throw new MalformedRootException($"{where}: missing validFor");
        return new CertificateAuthorityInstance(uri, certs, ParseRange(vf, where + ".validFor"));
    }

    private static TimeRange ParseRange(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new MalformedRootException($"{where} is not an object");
        if (!e.TryGetProperty("start", out var start) || start.ValueKind != JsonValueKind.String)
            throw new MalformedRootException($"{where} has no start (a validity window must have one)");
        DateTimeOffset? end = e.TryGetProperty("end", out var endEl) && endEl.ValueKind == JsonValueKind.String ? Time(endEl.GetString()!, where + ".end") : null;
        var range = new TimeRange(Time(start.GetString()!, where + ".start"), end);
        if (range.End is { } en && en < range.Start) throw new MalformedRootException($"{where} ends before it starts");
        return range;
    }

    private static DateTimeOffset Time(string text, string where) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t : throw new MalformedRootException($"{where}: '{text}' is not an RFC 3339 time");

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : [];

    private static JsonElement Obj(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object ? o : throw new MalformedRootException($"{where}: missing {name}");

    private static string Str(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw new MalformedRootException($"{where}: missing {name}");

    private static string? OptString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    private static MalformedRootException Bad(string message) => new(message);

    private sealed class MalformedRootException(string message) : Exception(message);
}
