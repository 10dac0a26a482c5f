using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Scanning.Content;

/// <summary>The one pass over a file's bytes: a vectorised multi-pattern search (<see cref="PrefixFinder"/>, over the
/// bytes themselves) for private-key headers, token prefixes and markers, each candidate then validated on the bytes
/// around it; file-type magic (PKCS#12, Java key store, keytab) checked on the first chunk.
/// Reads in fixed chunks with pooled buffers, carrying a small overlap so a match across a chunk boundary is found
/// exactly once. Optionally keeps the first bytes of the file for path rules that parse small files.</summary>
internal static class ContentSearcher
{
    public const int ChunkSize = 256 * 1024;
    /// <summary>How far past a match's start validation may look (longest prefix plus longest token).</summary>
    public const int Lookahead = 384;
    private const int Back = 8;
    private const int MaxHitsPerFile = 64;

    internal static readonly string[] Patterns =
    [
        "-----BEGIN ", "PuTTY-User-Key-File-",
        "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
        "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "hooks.slack.com/services/",
        "AIza", "sk_live_", "rk_live_", "npm_", "AccountKey=",
        "service_account", "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY",
        // Credentials II: more documented prefixes, Vault tokens, JWTs, base64-encoded PEM keys.
        "glrt-", "gldt-", "hf_", "dckr_pat_", "pypi-AgEIcHlwaS5vcmc", "sk-",
        "hvs.", "hvb.", "hvr.", "VAULT_TOKEN", "vault_token", "eyJ", "LS0tLS1CRUdJTi",
    ];

    private static readonly PrefixFinder Finder = new(Patterns);

    /// <summary>Searches <paramref name="stream"/>; returns the hits and (when <paramref name="captureLimit"/> &gt; 0) its first bytes.</summary>
    public static FileScanResult Search(Stream stream, int captureLimit, CancellationToken cancellationToken)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkSize + Lookahead + Back);
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
                var pos = searchFrom;
                while (pos < limit)
                {
                    var p = Finder.IndexOf(data, pos, limit);
                    if (p < 0) break;
                    if (hits is null || hits.Count < MaxHitsPerFile)
                        Handle(data, p, baseOffset, ref hits);
                    pos = p + 1;
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

    private static void Handle(ReadOnlySpan<byte> data, int p, long baseOffset, ref List<ContentHit>? hits)
    {
        var rest = data[p..];
        var offset = baseOffset + p;
        switch ((char)data[p])
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
            case 'g' when rest.StartsWith("glrt-"u8) || rest.StartsWith("gldt-"u8):
                {
                    var n = Run(rest[5..], IsUrlSafe);
                    if (BoundaryBefore(data, p) && n >= 20)
                        Add(ref hits, new ContentHit(HitKind.GitLabToken, offset, rest[3] == 'r' ? "GitLab runner token" : "GitLab deploy token", Digest(rest[..(5 + n)])));
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
            case 'h' when rest.StartsWith("hf_"u8):
                if (BoundaryBefore(data, p) && Run(rest[3..], IsAlnum) == 34 && BoundaryAfter(rest, 37))
                    Add(ref hits, new ContentHit(HitKind.HuggingFaceToken, offset, "Hugging Face token", Digest(rest[..37])));
                return;
            case 'h' when rest.StartsWith("hvs."u8) || rest.StartsWith("hvb."u8) || rest.StartsWith("hvr."u8):
                {
                    var n = Run(rest[4..], IsUrlSafe);
                    if (BoundaryBefore(data, p) && n >= 24)
                        Add(ref hits, new ContentHit(HitKind.VaultToken, offset,
                            rest[2] switch { (byte)'s' => "HashiCorp Vault service token", (byte)'b' => "HashiCorp Vault batch token", _ => "HashiCorp Vault recovery token" },
                            Digest(Clip(rest[..(4 + n)], 256))));
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
            case 's' when rest.StartsWith("sk-"u8):
                {
                    var n = Run(rest[3..], IsUrlSafe);
                    var token = rest[..(3 + n)];
                    if (!BoundaryBefore(data, p)) return;
                    if (token.StartsWith("sk-ant-api"u8) && n >= 80)
                        Add(ref hits, new ContentHit(HitKind.AnthropicKey, offset, "Anthropic API key", Digest(token)));
                    else if (n >= 40 && token.IndexOf("T3BlbkFJ"u8) > 0)
                        Add(ref hits, new ContentHit(HitKind.OpenAiKey, offset, "OpenAI API key", Digest(token)));
                    return;
                }
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
            case 'd':
                {
                    var n = Run(rest[9..], IsUrlSafe);
                    if (BoundaryBefore(data, p) && n >= 24)
                        Add(ref hits, new ContentHit(HitKind.DockerHubToken, offset, "Docker Hub access token", Digest(rest[..(9 + n)])));
                    return;
                }
            case 'p':
                {
                    var n = Run(rest[20..], IsUrlSafe);
                    if (BoundaryBefore(data, p) && n >= 50)
                        Add(ref hits, new ContentHit(HitKind.PyPiToken, offset, "PyPI API token", Digest(rest[..(20 + n)])));
                    return;
                }
            case 'V' or 'v':
                LegacyVaultToken(data, rest, p, offset, ref hits);
                return;
            case 'e':
                Jwt(data, rest, p, offset, ref hits);
                return;
            case 'L':
                Base64Pem(data, rest, p, offset, ref hits);
                return;
            case 'a' or 'A':
                Add(ref hits, new ContentHit(HitKind.MarkerAwsSecret, offset, "AWS secret access key", []));
                return;
        }
    }

    /// <summary>A legacy Vault token (<c>s.</c> and 24 letters or digits) only where it is named: VAULT_TOKEN=… or vault_token: ….</summary>
    private static void LegacyVaultToken(ReadOnlySpan<byte> data, ReadOnlySpan<byte> rest, int p, long offset, ref List<ContentHit>? hits)
    {
        if (!rest.StartsWith("VAULT_TOKEN"u8) && !rest.StartsWith("vault_token"u8)) return;
        if (p > 0 && IsWordChar(data[p - 1]) && data[p - 1] != '_') return;
        var i = 11;
        while (i < rest.Length && i < 24 && rest[i] is (byte)'"' or (byte)'\'' or (byte)' ' or (byte)'\t') i++;
        if (i >= rest.Length || rest[i] is not ((byte)'=' or (byte)':')) return;
        i++;
        while (i < rest.Length && i < 40 && rest[i] is (byte)'"' or (byte)'\'' or (byte)' ' or (byte)'\t') i++;
        var token = rest[i..];
        if (token.StartsWith("s."u8) && Run(token[2..], IsAlnum) == 24 && BoundaryAfter(token, 26))
            Add(ref hits, new ContentHit(HitKind.VaultToken, offset + i, "HashiCorp Vault token (legacy format)", Digest(token[..26])));
    }

    /// <summary>A JSON Web Token: base64url header that decodes to a JSON object with <c>alg</c>, a dot, a base64url
    /// payload (and, when it ends within reach, a dot before the signature).</summary>
    private static void Jwt(ReadOnlySpan<byte> data, ReadOnlySpan<byte> rest, int p, long offset, ref List<ContentHit>? hits)
    {
        if (p > 0 && (IsUrlSafe(data[p - 1]) || data[p - 1] == '.')) return;
        var window = Clip(rest, Lookahead);
        var h = Run(window, IsUrlSafe);
        if (h < 16 || h >= window.Length || window[h] != '.') return;
        var payload = window[(h + 1)..];
        var n = Run(payload, IsUrlSafe);
        if (n < 8) return;
        if (h + 1 + n < window.Length && payload[n] != '.') return;
        if (DecodeBase64(window[..h], url: true) is not { } header) return;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object || !doc.RootElement.TryGetProperty("alg", out _)) return;
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }
        Add(ref hits, new ContentHit(HitKind.JsonWebToken, offset, "JSON Web Token", Digest(window[..(h + 1 + n)])));
    }

    /// <summary>A base64-encoded PEM private key (kubeconfig <c>client-key-data</c>, Helm values, JSON/INI fields):
    /// the run of base64 starting with the encoding of "-----BEGIN", decoded and validated like any PEM key.</summary>
    private static void Base64Pem(ReadOnlySpan<byte> data, ReadOnlySpan<byte> rest, int p, long offset, ref List<ContentHit>? hits)
    {
        if (p > 0 && IsBase64(data[p - 1])) return;
        var n = Run(Clip(rest, Lookahead), IsBase64);
        if (n < 96) return;
        if (DecodeBase64(rest[..(n - n % 4)], url: false) is not { } decoded) return;
        List<ContentHit>? inner = null;
        Pem(decoded, offset, ref inner);
        if (inner is not [var key, ..]) return;
        Add(ref hits, new ContentHit(HitKind.EmbeddedPrivateKey, offset, $"base64-encoded {key.Label}", key.SecretDigest));
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> s, bool url)
    {
        var length = s.Length % 4 == 1 ? s.Length - 1 : s.Length;
        var chars = new char[(length + 3) / 4 * 4];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = i < length ? (char)s[i] : '=';
            chars[i] = url ? c switch { '-' => '+', '_' => '/', _ => c } : c;
        }
        var bytes = new byte[chars.Length / 4 * 3];
        return Convert.TryFromBase64Chars(chars, bytes, out var written) ? bytes[..written] : null;
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
        // Then any indentation (a YAML block scalar) and further escapes (a doubly escaped \\n).
        var skip = 0;
        var breaks = 0;
        while (skip < body.Length && skip < 16)
        {
            if (body[skip] is (byte)'\r' or (byte)'\n') { breaks++; skip++; }
            else if (body[skip] == '\\' && skip + 1 < body.Length && body[skip + 1] is (byte)'n' or (byte)'r') { breaks++; skip += 2; }
            else if (breaks > 0 && body[skip] is (byte)' ' or (byte)'\t' or (byte)'\\') skip++;
            else break;
        }
        if (breaks == 0) return;
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
