using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary>Wiring of the site verbs: which signature verifier checks list bundles.</summary>
internal static class SiteServices
{
    /// <summary>LEAD: replace with ImageGate.Signing's verifier (adapted to <see cref="ISignatureVerifier"/>) at merge.</summary>
    public static ISignatureVerifier CreateSignatureVerifier() => new InterimKeyBundleVerifier();
}
