using ImageGate.Core.Errors;

namespace ImageGate.Site.Verification;

/// <summary>Who must have signed: a keyless identity (certificate SAN and OIDC issuer, both required) or a public key.</summary>
public sealed record SignerIdentity
{
    private SignerIdentity(string? identity, string? issuer, string? publicKeyPem)
    {
        Identity = identity;
        Issuer = issuer;
        PublicKeyPem = publicKeyPem;
    }

    /// <summary>The expected certificate identity (SAN: e-mail or workflow URI) for keyless signatures.</summary>
    public string? Identity { get; }

    /// <summary>The expected OIDC issuer for keyless signatures.</summary>
    public string? Issuer { get; }

    /// <summary>The expected public key (PEM, SubjectPublicKeyInfo) for key signatures.</summary>
    public string? PublicKeyPem { get; }

    /// <summary>True for a key identity, false for a keyless one.</summary>
    public bool IsKey => PublicKeyPem is not null;

    /// <summary>A keyless identity; both parts are required.</summary>
    public static SignerIdentity Keyless(string identity, string issuer)
    {
        if (string.IsNullOrWhiteSpace(identity) || string.IsNullOrWhiteSpace(issuer))
            throw new BadInputException("a keyless identity needs both --certificate-identity and --certificate-oidc-issuer");
        return new SignerIdentity(identity, issuer, null);
    }

    /// <summary>A public key identity from PEM text.</summary>
    public static SignerIdentity Key(string publicKeyPem)
    {
        if (!publicKeyPem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            throw new BadInputException("the public key is not a PEM 'PUBLIC KEY'");
        return new SignerIdentity(null, null, publicKeyPem);
    }

    /// <inheritdoc />
    public override string ToString() => IsKey ? "the given public key" : $"{Identity} (issuer {Issuer})";
}
