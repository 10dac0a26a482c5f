using BenchmarkDotNet.Attributes;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Benchmarks;

/// <summary>Sigstore bundle verification of two sigstore-conformance cases: keyless (certificate chain, SCT,
/// Rekor inclusion proof and checkpoint) and managed key.</summary>
public class BundleVerificationBenchmarks
{
    private const string Identity =
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private BundleVerifier _verifier = null!;
    private VerificationArtifact _artifact = null!;
    private byte[] _keyless = [];
    private byte[] _keyed = [];
    private VerificationPolicy _keylessPolicy = null!;
    private VerificationPolicy _keyPolicy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cases = Path.Combine(RepositoryPaths.Conformance, "bundle-verify");
        _verifier = new BundleVerifier(TrustedRoot.PublicGood);
        _artifact = VerificationArtifact.FromFile(Path.Combine(cases, "a.txt"));
        _keyless = File.ReadAllBytes(Path.Combine(cases, "happy-path-v0.3", "bundle.sigstore.json"));
        _keyed = File.ReadAllBytes(Path.Combine(cases, "managed-key-happy-path", "bundle.sigstore.json"));
        _keylessPolicy = VerificationPolicy.ForIdentity(Identity, Issuer);
        _keyPolicy = VerificationPolicy.ForPublicKeyFile(Path.Combine(cases, "managed-key-happy-path", "key.pub"));
        Keyless();
        Key();
    }

    [Benchmark(Description = "keyless bundle (happy-path-v0.3)")]
    public object Keyless() => _verifier.Verify(_keyless, _artifact, _keylessPolicy);

    [Benchmark(Description = "key bundle (managed-key-happy-path)")]
    public object Key() => _verifier.Verify(_keyed, _artifact, _keyPolicy);
}
