using ImageGate.Core.Errors;

namespace ImageGate.Site.Verification;

/// <summary>Who must have signed: a keyless identity (certificate SAN and OIDC issuer, both required) or a public key.</summary>
public sealed record SignerIdentity
{
    private SignerIdentity(string? identity, string? issuer, string? publicKeyPem, string? caDirectory = null, string? subjectDn = null, string? repository = null)
    {
        Repository = repository;
        Identity = identity;
        Issuer = issuer;
        PublicKeyPem = publicKeyPem;
        CaDirectory = caDirectory;
        SubjectDn = subjectDn;
    }

    /// <summary>For S/MIME-signed HEPiX lists: the folder of trusted CA certificates (PEM or DER; an OpenSSL hashed folder works).</summary>
    public string? CaDirectory { get; }

    /// <summary>For S/MIME-signed HEPiX lists: the signer certificate's expected subject DN (either <c>/C=../CN=..</c> or <c>CN=.., C=..</c>), when pinned.</summary>
    public string? SubjectDn { get; }

    /// <summary>True for an X.509 (S/MIME, HEPiX) identity.</summary>
    public bool IsX509 => CaDirectory is not null;

    /// <summary>An X.509 identity for S/MIME-signed HEPiX image lists: a CA folder and optionally the signer's DN.</summary>
    public static SignerIdentity X509(string caDirectory, string? subjectDn)
    {
        if (!Directory.Exists(caDirectory))
            throw new BadInputException("no such CA folder", caDirectory);
        return new SignerIdentity(null, null, null, caDirectory, string.IsNullOrWhiteSpace(subjectDn) ? null : subjectDn);
    }

    /// <summary>The expected certificate identity (SAN: e-mail or workflow URI) for keyless signatures.</summary>
    public string? Identity { get; }

    /// <summary>The repository a keyless (GitHub Actions) signature must have been made for, when pinned.</summary>
    public string? Repository { get; }

    /// <summary>The expected OIDC issuer for keyless signatures.</summary>
    public string? Issuer { get; }

    /// <summary>The expected public key (PEM, SubjectPublicKeyInfo) for key signatures.</summary>
    public string? PublicKeyPem { get; }

    /// <summary>True for a key identity, false for a keyless one.</summary>
    public bool IsKey => PublicKeyPem is not null;

    /// <summary>A keyless identity; identity and issuer are required, the repository pin is optional.</summary>
    public static SignerIdentity Keyless(string identity, string issuer, string? repository = null)
    {
        if (string.IsNullOrWhiteSpace(identity) || string.IsNullOrWhiteSpace(issuer))
            throw new BadInputException("a keyless identity needs both --certificate-identity and --certificate-oidc-issuer");
        return new SignerIdentity(identity, issuer, null, repository: repository);
    }

    /// <summary>A public key identity from PEM text.</summary>
    public static SignerIdentity Key(string publicKeyPem)
    {
        if (!publicKeyPem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            throw new BadInputException("the public key is not a PEM 'PUBLIC KEY'");
        return new SignerIdentity(null, null, publicKeyPem);
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsKey ? "the given public key" : IsX509 ? $"{SubjectDn ?? "any signer"} (CAs in {CaDirectory})" : $"{Identity} (issuer {Issuer}{(Repository is null ? "" : ", repository " + Repository)})";
}
