using System.Text;
using ImageGate.Core.Errors;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace ImageGate.Patches.OpenPgp;

/// <summary>The outcome of a good signature: the signed bytes, who signed and when.</summary>
internal sealed record VerifiedSignature(byte[] SignedContent, string KeyId, string Fingerprint, DateTimeOffset SignedAt);

/// <summary>OpenPGP signature checks (BouncyCastle) against a keyring the image trusts: clear-signed
/// <c>InRelease</c> files and detached signatures (<c>Release.gpg</c>, <c>repomd.xml.asc</c>). At least one
/// signature must be good and made by a key of the keyring; weak hashes, expired or revoked keys do not count.</summary>
internal sealed class OpenPgpVerifier
{
    private readonly List<PgpPublicKeyRing> _rings = [];

    /// <summary>Loads one or more keyrings (binary or ASCII-armoured, concatenated or not).</summary>
    public OpenPgpVerifier(IEnumerable<(string Name, byte[] Bytes)> keyrings)
    {
        foreach (var (name, bytes) in keyrings)
            _rings.AddRange(ReadRings(name, bytes));
        if (_rings.Count == 0)
            throw new BadInputException("no OpenPGP public key found in the trusted keyring(s)", string.Join(", ", keyrings.Select(k => k.Name)));
    }

    /// <summary>Number of public key rings loaded.</summary>
    public int KeyCount => _rings.Count;

    internal static List<PgpPublicKeyRing> ReadRings(string name, byte[] bytes)
    {
        var rings = new List<PgpPublicKeyRing>();
        try
        {
            // Armoured files may hold several armour blocks; binary keyrings are concatenated rings.
            using var input = new MemoryStream(bytes);
            while (input.Position < input.Length)
            {
                var start = input.Position;
                var decoder = PgpUtilities.GetDecoderStream(input);
                var factory = new PgpObjectFactory(decoder);
                PgpObject? o;
                var any = false;
                while ((o = factory.NextPgpObject()) is not null)
                {
                    if (o is PgpPublicKeyRing ring) rings.Add(ring);
                    any = true;
                }
                if (!any || decoder is not ArmoredInputStream || input.Position == start) break;
                SkipWhitespace(input);
            }
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException)
        {
            throw new BadInputException($"cannot read the OpenPGP keyring: {e.Message}", name, e);
        }
        return rings;
    }

    private static void SkipWhitespace(MemoryStream s)
    {
        while (s.Position < s.Length)
        {
            var b = s.ReadByte();
            if (b is not (' ' or '\n' or '\r' or '\t')) { s.Position--; return; }
        }
    }

    /// <summary>Verifies a clear-signed message (<c>InRelease</c>) and returns the signed text as bytes (LF line ends).</summary>
    public VerifiedSignature VerifyClearSigned(byte[] file, string what)
    {
        var text = Encoding.UTF8.GetString(file);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var i = 0;
        while (i < lines.Count && lines[i].Trim().Length == 0) i++;
        if (i >= lines.Count || lines[i] != "-----BEGIN PGP SIGNED MESSAGE-----")
            throw new VerificationException(RepositoryReasons.NotSigned, $"{what}: not a clear-signed OpenPGP message (no BEGIN PGP SIGNED MESSAGE line)");
        if (i != 0)
            throw new VerificationException(RepositoryReasons.UnsignedContent, $"{what}: content before the signed message");
        i++;
        var hashHeaders = new List<string>();
        while (i < lines.Count && lines[i].Length > 0)
        {
            if (!lines[i].StartsWith("Hash:", StringComparison.Ordinal))
                throw new VerificationException(RepositoryReasons.BadArmour, $"{what}: unexpected armour header '{Truncate(lines[i])}'");
            hashHeaders.Add(lines[i]);
            i++;
        }
        if (i >= lines.Count)
            throw new VerificationException(RepositoryReasons.BadArmour, $"{what}: truncated clear-signed message");
        i++; // the blank line
        var body = new List<string>();
        while (i < lines.Count && lines[i] != "-----BEGIN PGP SIGNATURE-----")
        {
            var line = lines[i];
            if (line.StartsWith("- ", StringComparison.Ordinal)) line = line[2..];
            else if (line.StartsWith('-'))
                throw new VerificationException(RepositoryReasons.BadArmour, $"{what}: a line of the signed text starts with an unescaped dash");
            body.Add(line);
            i++;
        }
        if (i >= lines.Count)
            throw new VerificationException(RepositoryReasons.NotSigned, $"{what}: no signature after the signed text");
        var sigStart = i;
        var end = lines.FindIndex(sigStart, l => l == "-----END PGP SIGNATURE-----");
        if (end < 0)
            throw new VerificationException(RepositoryReasons.BadArmour, $"{what}: the signature block is not terminated");
        if (lines.Skip(end + 1).Any(l => l.Trim().Length > 0))
            throw new VerificationException(RepositoryReasons.UnsignedContent, $"{what}: content after the signature");
        var armoured = string.Join("\n", lines.Skip(sigStart).Take(end - sigStart + 1)) + "\n";

        // The signed text in canonical form: CRLF line ends, trailing blanks removed, no final line end.
        var canonical = Encoding.UTF8.GetBytes(string.Join("\r\n", body.Select(l => l.TrimEnd(' ', '\t'))));
        var signatures = ReadSignatures(Encoding.ASCII.GetBytes(armoured), what);
        var result = Check(signatures, canonical, canonical, what);
        var content = Encoding.UTF8.GetBytes(string.Join("\n", body) + "\n");
        return result with { SignedContent = content };
    }

    /// <summary>Verifies a detached signature (binary or armoured) over <paramref name="data"/>.</summary>
    public VerifiedSignature VerifyDetached(byte[] data, byte[] signature, string what)
    {
        var signatures = ReadSignatures(signature, what);
        byte[]? canonical = null;
        if (signatures.Any(s => s.SignatureType == PgpSignature.CanonicalTextDocument))
            canonical = CanonicalText(data);
        return Check(signatures, data, canonical ?? data, what) with { SignedContent = data };
    }

    private static byte[] CanonicalText(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data).Replace("\r\n", "\n");
        return Encoding.UTF8.GetBytes(string.Join("\r\n", text.Split('\n').Select(l => l.TrimEnd(' ', '\t'))));
    }

    private static List<PgpSignature> ReadSignatures(byte[] bytes, string what)
    {
        var list = new List<PgpSignature>();
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(bytes));
            var factory = new PgpObjectFactory(input);
            PgpObject? o;
            while ((o = factory.NextPgpObject()) is not null)
            {
                if (o is PgpSignatureList sl)
                    for (var k = 0; k < sl.Count; k++) list.Add(sl[k]);
                else if (o is PgpCompressedData cd)
                {
                    var inner = new PgpObjectFactory(cd.GetDataStream());
                    if (inner.NextPgpObject() is PgpSignatureList csl)
                        for (var k = 0; k < csl.Count; k++) list.Add(csl[k]);
                }
            }
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new VerificationException(RepositoryReasons.BadSignature, $"{what}: the OpenPGP signature cannot be read: {e.Message}", e);
        }
        if (list.Count == 0)
            throw new VerificationException(RepositoryReasons.NotSigned, $"{what}: no OpenPGP signature found");
        return list;
    }

    private VerifiedSignature Check(List<PgpSignature> signatures, byte[] binaryData, byte[] textData, string what)
    {
        var problems = new List<string>();
        foreach (var sig in signatures)
        {
            var keyId = sig.KeyId.ToString("X16");
            if (sig.HashAlgorithm is HashAlgorithmTag.MD5 or HashAlgorithmTag.Sha1 or HashAlgorithmTag.RipeMD160 or HashAlgorithmTag.MD2)
            {
                problems.Add($"signature by {keyId} uses the weak hash {sig.HashAlgorithm}");
                continue;
            }
            var (key, ring) = FindKey(sig.KeyId);
            if (key is null || ring is null)
            {
                problems.Add($"signature by unknown key {keyId}");
                continue;
            }
            var primary = ring.GetPublicKey();
            if (primary.HasRevocation() || key.HasRevocation())
            {
                problems.Add($"key {keyId} is revoked");
                continue;
            }
            var signedAt = new DateTimeOffset(sig.CreationTime, TimeSpan.Zero);
            if (Expired(primary, signedAt) || Expired(key, signedAt))
            {
                problems.Add($"key {keyId} had expired when the signature was made ({signedAt:yyyy-MM-dd})");
                continue;
            }
            bool good;
            try
            {
                InitVerify(sig, key);
                var data = sig.SignatureType == PgpSignature.CanonicalTextDocument ? textData : binaryData;
                sig.Update(data);
                good = sig.Verify();
            }
            catch (Exception e) when (e is PgpException or ArgumentException or InvalidOperationException)
            {
                problems.Add($"signature by {keyId} cannot be checked: {e.Message}");
                continue;
            }
            if (good)
                return new VerifiedSignature([], keyId, Convert.ToHexString(primary.GetFingerprint()), signedAt);
            problems.Add($"BAD signature by {keyId}");
        }
        var bad = problems.Any(p => p.StartsWith("BAD", StringComparison.Ordinal));
        throw new VerificationException(bad ? RepositoryReasons.BadSignature : RepositoryReasons.UntrustedSignature,
            $"{what}: no good signature by a trusted key ({string.Join("; ", problems)})");
    }

    /// <summary>Starts checking <paramref name="sig"/> with <paramref name="key"/>, a key of the trusted keyring.
    /// BouncyCastle runs Miller-Rabin tests on an RSA modulus every time it builds the key (about 0.35 s of CPU per
    /// 4096-bit key, a tenth of a scan's own work); they guard against a malformed key from an untrusted source, and
    /// only the trusted keyring's keys reach here, so they are skipped for this call on this thread.</summary>
    private static void InitVerify(PgpSignature sig, PgpPublicKey key)
    {
        Org.BouncyCastle.Utilities.Properties.WithThreadProperty(MaxMillerRabinTests, "0", () => sig.InitVerify(key));
    }

    private const string MaxMillerRabinTests = "Org.BouncyCastle.Rsa.MaxMRTests";

    private static bool Expired(PgpPublicKey key, DateTimeOffset at)
    {
        var seconds = key.GetValidSeconds();
        if (seconds <= 0) return false;
        return new DateTimeOffset(key.CreationTime, TimeSpan.Zero).AddSeconds(seconds) < at;
    }

    private (PgpPublicKey? Key, PgpPublicKeyRing? Ring) FindKey(long keyId)
    {
        foreach (var ring in _rings)
        {
            var key = ring.GetPublicKey(keyId);
            if (key is not null) return (key, ring);
        }
        return (null, null);
    }

    private static string Truncate(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
