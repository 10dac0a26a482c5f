using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Signing.Internal;

namespace ImageGate.Signing.Verification;

/// <summary>What a bundle must prove, given per call: a certificate identity (keyless) or a public key.</summary>
public sealed record VerificationPolicy
{
    /// <summary>The signer identity for certificate bundles; null for key bundles.</summary>
    public CertificateIdentity? Identity { get; init; }

    /// <summary>The signer's public key (DER SubjectPublicKeyInfo) for key bundles; null for certificate bundles.</summary>
    public byte[]? PublicKey { get; init; }

    /// <summary>Require at least one verified transparency log entry (default true). Only key bundles of
    /// air-gapped sites may turn this off.</summary>
    public bool RequireTransparencyLog { get; init; } = true;

    /// <summary>A policy for keyless bundles with an exact identity.</summary>
    public static VerificationPolicy ForIdentity(string subjectAlternativeName, string issuer) =>
        new() { Identity = CertificateIdentity.Exact(subjectAlternativeName, issuer) };

    /// <summary>A policy for keyless bundles.</summary>
    public static VerificationPolicy ForIdentity(CertificateIdentity identity) => new() { Identity = identity };

    /// <summary>A policy for key bundles, from a PEM public key (<c>PUBLIC KEY</c>).</summary>
    public static VerificationPolicy ForPublicKeyPem(string pem)
    {
        var der = Pem.Decode(pem, "PUBLIC KEY") ?? throw new BadInputException("no PEM 'PUBLIC KEY' block found in the key");
        try { using var _ = PublicKeyVerifier.FromSubjectPublicKeyInfo(der); }
        catch (CryptographicException ex) { throw new BadInputException($"the public key cannot be used: {ex.Message}"); }
        return new VerificationPolicy { PublicKey = der };
    }

    /// <summary>The policy the bundles of a key signer with <paramref name="signing"/> meet: its key's public half, and a
    /// transparency-log entry only when the signing logs one (<see cref="SigningOptions.LogsToTransparencyLog"/>).</summary>
    public static VerificationPolicy ForKeySigning(SigningOptions signing)
    {
        ArgumentNullException.ThrowIfNull(signing);
        var key = signing.Key ?? throw new ArgumentException("key signing needs a key", nameof(signing));
        return new VerificationPolicy { PublicKey = key.PublicKeyDer, RequireTransparencyLog = signing.LogsToTransparencyLog };
    }

    /// <summary>A policy for key bundles, from a PEM public key file.</summary>
    public static VerificationPolicy ForPublicKeyFile(string path)
    {
        if (!File.Exists(path)) throw new BadInputException("public key file not found", path);
        try { return ForPublicKeyPem(File.ReadAllText(path)); }
        catch (BadInputException ex) { throw new BadInputException(ex.Message, path); }
    }
}
