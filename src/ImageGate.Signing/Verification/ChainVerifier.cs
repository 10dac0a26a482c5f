using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Verification;

/// <summary>Builds a certificate chain from a leaf to the root of one trusted-root authority, using only that
/// authority's certificates (never certificates supplied by the bundle), at a given time.</summary>
internal static class ChainVerifier
{
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="authority"/>'s root at <paramref name="time"/>;
    /// returns the issuing certificate in <paramref name="issuer"/>.</summary>
    public static bool TryVerify(X509Certificate2 leaf, CertificateAuthorityInstance authority, DateTimeOffset time, string? eku,
        out X509Certificate2? issuer, out string error)
    {
        issuer = null;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(authority.Root);
        foreach (var c in authority.Chain.Take(authority.Chain.Count - 1)) policy.ExtraStore.Add(c);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = time.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        if (eku is not null) policy.ApplicationPolicy.Add(new Oid(eku));
        bool ok;
        try { ok = chain.Build(leaf); }
        catch (CryptographicException ex) { error = ex.Message; return false; }
        if (!ok)
        {
            error = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            if (error.Length == 0) error = "the chain does not build";
            return false;
        }
        var elements = chain.ChainElements;
        if (elements.Count < 2 && !leaf.RawData.AsSpan().SequenceEqual(authority.Root.RawData))
        { error = "the chain is too short"; return false; }
        if (!elements[^1].Certificate.RawData.AsSpan().SequenceEqual(authority.Root.RawData))
        { error = "the chain ends at a root that is not the authority's"; return false; }
        issuer = elements.Count > 1 ? elements[1].Certificate : elements[0].Certificate;
        error = "";
        return true;
    }
}
