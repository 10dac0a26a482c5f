using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Lists.Reading;
using ImageGate.Testing.Lists;

namespace ImageGate.Testing.Sites;

/// <summary>Publishes test lists: has the real publisher write <c>endorsed-images.json</c> and signs it with a fresh ECDSA
/// P-256 key into a Sigstore bundle (v0.3, messageSignature, publicKey hint), as the publisher does with a key.</summary>
public sealed class ListSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary><c>endorsed-images.json</c> as the real publisher writes it (<see cref="ListPublication"/>) for
    /// <paramref name="images"/>, created at <paramref name="created"/>, expiring at <paramref name="expires"/>, numbered
    /// <paramref name="version"/>.</summary>
    public static byte[] Compose(long version, DateTimeOffset created, DateTimeOffset expires, IEnumerable<SiteImage> images) =>
        ListPublication.Publish(images.Select(i => ListPublication.Record(i, created)), created, expires, version);

    /// <summary>A time as lists write it (<see cref="ImageGate.Lists.ListJson.Time"/>).</summary>
    public static string Time(DateTimeOffset t) => ImageGate.Lists.ListJson.Time(t);

    public string Sign(byte[] content)
    {
        var digest = SHA256.HashData(content);
        var signature = _key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        var hint = Convert.ToBase64String(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));
        return new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = hint } },
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        }.ToJsonString();
    }

    /// <summary>Writes LIST and LIST.sigstore.json into <paramref name="dir"/>; returns the list's path.</summary>
    public string WriteSigned(string dir, byte[] content, string name = "endorsed-images.json")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        File.WriteAllText(path + ".sigstore.json", Sign(content));
        return path;
    }

    public string WritePublicKey(string dir)
    {
        var path = Path.Combine(dir, $"key-{Guid.NewGuid():N}.pub");
        File.WriteAllText(path, PublicKeyPem);
        return path;
    }

    public void Dispose() => _key.Dispose();
}
