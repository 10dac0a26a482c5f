using System.Security.Cryptography.X509Certificates;

namespace ImageGate.Signing.TrustRoot;

/// <summary>A certificate authority (Fulcio) or timestamp authority of a trusted root: its chain, leaf-most first.</summary>
/// <param name="Uri">The authority's URL.</param>
/// <param name="Chain">The certificates, from the issuing certificate to the root.</param>
/// <param name="ValidFor">When the authority may be used.</param>
public sealed record CertificateAuthorityInstance(string Uri, IReadOnlyList<X509Certificate2> Chain, TimeRange ValidFor)
{
    /// <summary>The root (last) certificate of the chain.</summary>
    public X509Certificate2 Root => Chain[^1];
}
