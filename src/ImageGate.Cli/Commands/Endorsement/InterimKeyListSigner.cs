using System.Security.Cryptography;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Publishing;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>INTERIM, for the lead to replace at merge: signs the published list with an ECDSA P-256 PEM key and
/// returns a minimal Sigstore v0.3 bundle (messageSignature + publicKey hint), so publish runs end to end before
/// ImageGate.Signing lands. Replace its construction in <see cref="PublishCommand"/> with ImageGate.Signing's
/// key and keyless signers behind <see cref="IListSigner"/>.</summary>
internal sealed class InterimKeyListSigner : IListSigner
{
    private readonly string _keyPath;

    public InterimKeyListSigner(string keyPath) => _keyPath = keyPath;

    public Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create();
        try
        {
            var pem = File.ReadAllText(_keyPath);
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot read the signing key: {ex.Message}", _keyPath, ex);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new BadInputException("not an unencrypted ECDSA private key in PEM form", _keyPath, ex);
        }
        var digest = SHA256.HashData(content.Span);
        var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        var hint = Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        var bundle = new Dictionary<string, object>
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new Dictionary<string, object> { ["publicKey"] = new Dictionary<string, string> { ["hint"] = hint } },
            ["messageSignature"] = new Dictionary<string, object>
            {
                ["messageDigest"] = new Dictionary<string, string> { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        };
        return Task.FromResult(JsonSerializer.Serialize(bundle, new JsonSerializerOptions { WriteIndented = true }));
    }
}
