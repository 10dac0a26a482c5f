using ImageGate.Core.Errors;

namespace ImageGate.Site.Verification;

/// <summary>Who must have signed: a keyless identity (certificate SAN and OIDC issuer, both required) or a public key.</summary>
public sealed record SignerIdentity
{
    private SignerIdentity(string? identity, string? issuer, string? publicKeyPem, string? caDirectory = null, string? subjectDn = null, string? repository = null, bool anySignerUnsafe = false)
    {
        Repository = repository;
        Identity = identity;
        Issuer = issuer;
        PublicKeyPem = publicKeyPem;
        CaDirectory = caDirectory;
        SubjectDn = subjectDn;
        AnySignerUnsafe = anySignerUnsafe;
    }

    /// <summary>For S/MIME-signed HEPiX lists: the folder of trusted CA certificates (PEM or DER; an OpenSSL hashed folder works).</summary>
    public string? CaDirectory { get; }

    /// <summary>For S/MIME-signed HEPiX lists: the signer certificate's expected subject DN (either <c>/C=../CN=..</c> or
    /// <c>CN=.., C=..</c>); null only with <see cref="AnySignerUnsafe"/>.</summary>
    public string? SubjectDn { get; }

    /// <summary>For S/MIME-signed HEPiX lists: any certificate the CAs issued for S/MIME is taken as the endorser
    /// (<c>--insecure-any-signer</c>): every holder of such a certificate could publish the site's list.</summary>
    public bool AnySignerUnsafe { get; }

    /// <summary>True for an X.509 (S/MIME, HEPiX) identity.</summary>
    public bool IsX509 => CaDirectory is not null;

    /// <summary>An X.509 identity for S/MIME-signed HEPiX image lists: a CA folder and the signer's DN (required).</summary>
    public static SignerIdentity X509(string caDirectory, string subjectDn)
    {
        if (string.IsNullOrWhiteSpace(subjectDn))
            throw new BadInputException("an S/MIME-signed HEPiX list needs --signer-dn: the endorser's certificate subject (e.g. /C=CH/O=CERN/CN=Endorser)");
        if (!Directory.Exists(caDirectory))
            throw new BadInputException("no such CA folder", caDirectory);
        return new SignerIdentity(null, null, null, caDirectory, subjectDn);
    }

    /// <summary>An X.509 identity that takes any S/MIME signer the CAs in <paramref name="caDirectory"/> vouch for as the
    /// endorser (<c>--insecure-any-signer</c>). Unsafe: a grid CA issues certificates to thousands of people.</summary>
    public static SignerIdentity X509AnySignerUnsafe(string caDirectory)
    {
        if (!Directory.Exists(caDirectory))
            throw new BadInputException("no such CA folder", caDirectory);
        return new SignerIdentity(null, null, null, caDirectory, null, anySignerUnsafe: true);
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

    /// <summary>The name the site gave this signer (an entry of <c>--image-signers</c>, or the key file of <c>--image-key</c>);
    /// null: none, and <see cref="Label"/> describes the identity.</summary>
    public string? Name { get; init; }

    /// <summary>How results and messages name this signer: <see cref="Name"/>, else the identity itself.</summary>
    public string Label => Name ?? ToString();

    /// <inheritdoc />
    public override string ToString() =>
        IsKey ? "the given public key" : IsX509 ? $"{SubjectDn ?? "ANY signer (--insecure-any-signer)"} (CAs in {CaDirectory})" : $"{Identity} (issuer {Issuer}{(Repository is null ? "" : ", repository " + Repository)})";
}
