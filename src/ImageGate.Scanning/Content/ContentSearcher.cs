using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Scanning.Content;

/// <summary>The one pass over a file's bytes: a vectorised multi-pattern search (<see cref="SearchValues{T}"/> of
/// strings over the Latin-1 widened chunk) for private-key headers, token prefixes and markers, each candidate then
/// validated on the bytes around it; file-type magic (PKCS#12, Java key store, keytab) checked on the first chunk.
/// Reads in fixed chunks with pooled buffers, carrying a small overlap so a match across a chunk boundary is found
/// exactly once. Optionally keeps the first bytes of the file for path rules that parse small files.</summary>
internal static class ContentSearcher
{
    public const int ChunkSize = 256 * 1024;
    /// <summary>How far past a match's start validation may look (longest prefix plus longest token).</summary>
    public const int Lookahead = 384;
    private const int Back = 8;
    private const int MaxHitsPerFile = 64;

    private static readonly string[] Patterns =
    [
        "-----BEGIN ", "PuTTY-User-Key-File-",
        "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
        "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "hooks.slack.com/services/",
        "AIza", "sk_live_", "rk_live_", "npm_", "AccountKey=",
        "service_account", "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY",
    ];

    private static readonly SearchValues<string> Values = SearchValues.Create(Patterns, StringComparison.Ordinal);

    /// <summary>Searches <paramref name="stream"/>; returns the hits and (when <paramref name="captureLimit"/> &gt; 0) its first bytes.</summary>
    public static FileScanResult Search(Stream stream, int captureLimit, CancellationToken cancellationToken)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkSize + Lookahead + Back);
        var chars = ArrayPool<char>.Shared.Rent(ChunkSize + Lookahead + Back);
        List<ContentHit>? hits = null;
        MemoryStream? capture = captureLimit > 0 ? new MemoryStream() : null;
        long total = 0;
        try
        {
            var carried = 0;
            var searchFrom = 0;
            long baseOffset = 0;
            var first = true;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.ReadAtLeast(bytes.AsSpan(carried, ChunkSize), ChunkSize, throwOnEndOfStream: false);
                total += read;
                var filled = carried + read;
                var eof = read < ChunkSize;
                var data = bytes.AsSpan(0, filled);
                if (capture is not null && capture.Length < captureLimit)
                    capture.Write(bytes, carried, (int)Math.Min(read, captureLimit - capture.Length));
                if (first)
                {
                    CheckMagic(data, ref hits);
                    first = false;
                }
                var limit = eof ? filled : filled - Lookahead - Back;
                if (limit > searchFrom)
                {
                    Encoding.Latin1.GetChars(data[searchFrom..], chars.AsSpan(searchFrom));
                    var text = chars.AsSpan(0, filled);
                    var pos = searchFrom;
                    while (pos < limit)
                    {
                        var i = text[pos..].IndexOfAny(Values);
                        if (i < 0) break;
                        var p = pos + i;
                        if (p >= limit) break;
                        if (hits is null || hits.Count < MaxHitsPerFile)
                            Handle(data, text, p, baseOffset, ref hits);
                        pos = p + 1;
                    }
                }
                if (eof) break;
                // Keep the unsearched tail (Lookahead + Back bytes) and Back bytes before it for boundary checks.
                var keep = Lookahead + Back + Back;
                bytes.AsSpan(filled - keep, keep).CopyTo(bytes);
                baseOffset += filled - keep;
                carried = keep;
                searchFrom = Back; // = the old limit: everything before it has been searched
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
        return new FileScanResult(hits ?? (IReadOnlyList<ContentHit>)[], capture?.ToArray(), total);
    }

    private static void Add(ref List<ContentHit>? hits, ContentHit hit)
    {
        hits ??= [];
        // Markers count once per file.
        if (hit.IsMarker && hits.Any(h => h.Kind == hit.Kind)) return;
        hits.Add(hit);
    }

    private static byte[] Digest(ReadOnlySpan<byte> secret) => SHA256.HashData(secret);

    private static void Handle(ReadOnlySpan<byte> data, ReadOnlySpan<char> text, int p, long baseOffset, ref List<ContentHit>? hits)
    {
        var rest = data[p..];
        var offset = baseOffset + p;
        switch (text[p])
        {
            case '-' when rest.StartsWith("-----BEGIN "u8):
                Pem(rest, offset, ref hits);
                return;
            case 'P' when rest.StartsWith("PuTTY-User-Key-File-"u8):
                if (rest.Length > 22 && char.IsAsciiDigit((char)rest[20]) && rest[21] == ':')
                    Add(ref hits, new ContentHit(HitKind.PuttyPrivateKey, offset, "PuTTY private key", Digest(Clip(rest, 256))));
                return;
            case 'A' when rest.StartsWith("AKIA"u8) || rest.StartsWith("ASIA"u8):
                if (BoundaryBefore(data, p) && Run(rest[4..], IsUpperAlnum) == 16 && BoundaryAfter(rest, 20))
                    Add(ref hits, new ContentHit(HitKind.AwsAccessKeyId, offset, "AWS access key id", Digest(rest[..20])));
                return;
            case 'A' when rest.StartsWith("AIza"u8):
                if (BoundaryBefore(data, p) && Run(rest[4..], IsUrlSafe) == 35 && BoundaryAfter(rest, 39))
                    Add(ref hits, new ContentHit(HitKind.GoogleApiKey, offset, "Google API key", Digest(rest[..39])));
                return;
            case 'A' when rest.StartsWith("AccountKey="u8):
                {
                    var n = Run(rest[11..], IsBase64);
                    if (n >= 80)
                        Add(ref hits, new ContentHit(HitKind.AzureAccountKey, offset, "Azure storage account key", Digest(rest.Slice(11, n))));
                    return;
                }
            case 'g' when rest.StartsWith("github_pat_"u8):
                {
                    var n = Run(rest[11..], IsWordChar);
                    if (BoundaryBefore(data, p) && n >= 60)
                        Add(ref hits, new ContentHit(HitKind.GitHubToken, offset, "GitHub fine-grained token", Digest(rest[..(11 + n)])));
                    return;
                }
            case 'g' when rest.StartsWith("glpat-"u8):
                {
                    var n = Run(rest[6..], IsUrlSafe);
                    if (BoundaryBefore(data, p) && n >= 20)
                        Add(ref hits, new ContentHit(HitKind.GitLabToken, offset, "GitLab personal access token", Digest(rest[..(6 + n)])));
                    return;
                }
            case 'g':
                if (BoundaryBefore(data, p) && Run(rest[4..], IsAlnum) == 36 && BoundaryAfter(rest, 40))
                    Add(ref hits, new ContentHit(HitKind.GitHubToken, offset, "GitHub token", Digest(rest[..40])));
                return;
            case 'x':
                {
                    var n = Run(rest[5..], b => IsAlnum(b) || b == '-');
                    if (BoundaryBefore(data, p) && n >= 20 && rest.Slice(5, n).IndexOfAnyInRange((byte)'0', (byte)'9') >= 0)
                        Add(ref hits, new ContentHit(HitKind.SlackToken, offset, "Slack token", Digest(rest[..(5 + n)])));
                    return;
                }
            case 'h':
                {
                    const int prefix = 25; // hooks.slack.com/services/
                    var n = Run(rest[prefix..], b => IsAlnum(b) || b == '/');
                    if (n >= 40)
                        Add(ref hits, new ContentHit(HitKind.SlackWebhook, offset, "Slack webhook URL", Digest(rest[..(prefix + n)])));
                    return;
                }
            case 's' when rest.StartsWith("service_account"u8):
                Add(ref hits, new ContentHit(HitKind.MarkerGcpServiceAccount, offset, "GCP service account", []));
                return;
            case 's' or 'r':
                {
                    var n = Run(rest[8..], IsAlnum);
                    if (BoundaryBefore(data, p) && n >= 24)
                        Add(ref hits, new ContentHit(HitKind.StripeKey, offset, "Stripe secret key", Digest(rest[..(8 + n)])));
                    return;
                }
            case 'n':
                if (BoundaryBefore(data, p) && Run(rest[4..], IsAlnum) == 36 && BoundaryAfter(rest, 40))
                    Add(ref hits, new ContentHit(HitKind.NpmToken, offset, "npm token", Digest(rest[..40])));
                return;
            case 'a' or 'A':
                Add(ref hits, new ContentHit(HitKind.MarkerAwsSecret, offset, "AWS secret access key", []));
                return;
        }
    }

    private static void Pem(ReadOnlySpan<byte> rest, long offset, ref List<ContentHit>? hits)
    {
        var afterBegin = rest[11..];
        var end = afterBegin[..Math.Min(afterBegin.Length, 64)].IndexOf("-----"u8);
        if (end <= 0) return;
        var label = afterBegin[..end];
        if (!label.EndsWith("PRIVATE KEY"u8) && !label.EndsWith("PRIVATE KEY BLOCK"u8)) return;
        var body = afterBegin[(end + 5)..];
        // Skip the line break: a real one, or an escaped one (\n inside JSON or a string literal).
        var skip = 0;
        while (skip < body.Length && skip < 8 && (body[skip] is (byte)'\r' or (byte)'\n' || (body[skip] == '\\' && skip + 1 < body.Length && body[skip + 1] is (byte)'n' or (byte)'r')))
            skip += body[skip] == '\\' ? 2 : 1;
        if (skip == 0) return;
        body = body[skip..];
        var labelText = Encoding.ASCII.GetString(label);
        var kind = labelText switch
        {
            "OPENSSH PRIVATE KEY" => HitKind.OpenSshPrivateKey,
            "PGP PRIVATE KEY BLOCK" => HitKind.PgpPrivateKey,
            _ => HitKind.PemPrivateKey,
        };
        var valid = kind == HitKind.PgpPrivateKey || body.StartsWith("Proc-Type:"u8) || Run(body, IsBase64) >= 40;
        if (!valid) return;
        var description = kind switch
        {
            HitKind.OpenSshPrivateKey => "OpenSSH private key",
            HitKind.PgpPrivateKey => "PGP private key block",
            _ when labelText == "PRIVATE KEY" => "PKCS#8 private key (PEM)",
            _ when labelText == "ENCRYPTED PRIVATE KEY" => "encrypted PKCS#8 private key (PEM)",
            _ => $"{labelText.Replace(" PRIVATE KEY", "", StringComparison.Ordinal)} private key (PEM)",
        };
        Add(ref hits, new ContentHit(kind, offset, description, Digest(Clip(body, 256))));
    }

    private static void CheckMagic(ReadOnlySpan<byte> data, ref List<ContentHit>? hits)
    {
        if (data.Length >= 4 && data[0] == 0x05 && data[1] is 0x01 or 0x02)
            Add(ref hits, new ContentHit(HitKind.KeytabMagic, 0, "Kerberos keytab", []));
        if (IsPkcs12(data))
            Add(ref hits, new ContentHit(HitKind.Pkcs12, 0, "PKCS#12 key store", Digest(Clip(data, 4096))));
        if (JavaKeystoreHasPrivateEntry(data) is { } label)
            Add(ref hits, new ContentHit(HitKind.JavaKeystorePrivate, 0, label, Digest(Clip(data, 4096))));
    }

    /// <summary>PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data | pkcs7-signedData … } … }.</summary>
    internal static bool IsPkcs12(ReadOnlySpan<byte> d)
    {
        if (d.Length < 24 || d[0] != 0x30) return false;
        var i = 1;
        if (d[i] < 0x80) i++;
        else
        {
            var n = d[i] & 0x7F;
            if (n is 0 or > 4) return false;
            i += 1 + n;
        }
        if (!d[i..].StartsWith(stackalloc byte[] { 0x02, 0x01, 0x03, 0x30 })) return false;
        var oid = (ReadOnlySpan<byte>)[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07];
        var window = d.Slice(i, Math.Min(24, d.Length - i));
        return window.IndexOf(oid) >= 0;
    }

    /// <summary>JKS (FEEDFEED) or JCEKS (CECECECE): walks the entries in the first chunk; returns a label when one is a private (or secret) key.</summary>
    internal static string? JavaKeystoreHasPrivateEntry(ReadOnlySpan<byte> d)
    {
        if (d.Length < 12) return null;
        var magic = BinaryPrimitives.ReadUInt32BigEndian(d);
        if (magic is not (0xFEEDFEED or 0xCECECECE)) return null;
        var version = BinaryPrimitives.ReadUInt32BigEndian(d[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(d[8..]);
        var pos = 12;
        for (var e = 0u; e < count && e < 100_000; e++)
        {
            if (pos + 4 > d.Length) return null;
            var tag = BinaryPrimitives.ReadUInt32BigEndian(d[pos..]);
            if (tag == 1 || (tag == 3 && magic == 0xCECECECE))
                return magic == 0xFEEDFEED ? "Java key store (JKS) with a private-key entry" : "Java key store (JCEKS) with a key entry";
            if (tag != 2) return null;
            pos += 4;
            if (!SkipUtf(d, ref pos) || !Skip(d, ref pos, 8)) return null;
            if (version == 2 && !SkipUtf(d, ref pos)) return null;
            if (!SkipBlock(d, ref pos)) return null;
        }
        return null;

        static bool Skip(ReadOnlySpan<byte> d, ref int pos, int n) { pos += n; return pos <= d.Length; }
        static bool SkipUtf(ReadOnlySpan<byte> d, ref int pos) =>
            pos + 2 <= d.Length && Skip(d, ref pos, 2 + BinaryPrimitives.ReadUInt16BigEndian(d[pos..]));
        static bool SkipBlock(ReadOnlySpan<byte> d, ref int pos)
        {
            if (pos + 4 > d.Length) return false;
            var n = BinaryPrimitives.ReadInt32BigEndian(d[pos..]);
            return n >= 0 && Skip(d, ref pos, 4 + n);
        }
    }

    private static ReadOnlySpan<byte> Clip(ReadOnlySpan<byte> s, int n) => s[..Math.Min(n, s.Length)];

    private static int Run(ReadOnlySpan<byte> s, Func<byte, bool> accept)
    {
        var n = 0;
        while (n < s.Length && accept(s[n])) n++;
        return n;
    }

    private static bool BoundaryBefore(ReadOnlySpan<byte> data, int p) => p == 0 || !IsWordChar(data[p - 1]);

    private static bool BoundaryAfter(ReadOnlySpan<byte> rest, int length) => rest.Length == length || !IsWordChar(rest[length]);

    private static bool IsAlnum(byte b) => char.IsAsciiLetterOrDigit((char)b);
    private static bool IsUpperAlnum(byte b) => char.IsAsciiLetterUpper((char)b) || char.IsAsciiDigit((char)b);
    private static bool IsWordChar(byte b) => IsAlnum(b) || b == '_';
    private static bool IsUrlSafe(byte b) => IsAlnum(b) || b is (byte)'_' or (byte)'-';
    private static bool IsBase64(byte b) => IsAlnum(b) || b is (byte)'+' or (byte)'/' or (byte)'=';
}
