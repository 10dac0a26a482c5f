using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Site.Lists;

namespace ImageGate.Site.Tests.Support;

/// <summary>Publishes test lists: composes <c>endorsed-images.json</c> and signs it with a fresh ECDSA P-256 key into a
/// Sigstore bundle (v0.3, messageSignature, publicKey hint), as the publisher does with a key.</summary>
internal sealed class ListSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static byte[] Compose(long version, DateTimeOffset created, DateTimeOffset expires, IEnumerable<EndorsedImage> images)
    {
        var array = new JsonArray();
        foreach (var i in images)
            array.Add(new JsonObject
            {
                ["identifier"] = i.Identifier,
                ["name"] = i.Name,
                ["version"] = i.Version,
                ["sha256"] = i.Sha256,
                ["sha512"] = i.Sha512,
                ["size"] = i.Size,
                ["uri"] = i.Uri,
                ["oci"] = i.Oci is null ? null : new JsonObject { ["reference"] = i.Oci.Reference, ["layerDigest"] = i.Oci.LayerDigest },
                ["os"] = i.Os,
                ["arch"] = i.Arch,
                ["format"] = i.Format,
            });
        var root = new JsonObject
        {
            ["version"] = version,
            ["created"] = Time(created),
            ["expires"] = Time(expires),
            ["endorser"] = new JsonObject { ["identity"] = "https://github.com/example/list/.github/workflows/publish.yml@refs/heads/main" },
            ["images"] = array,
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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
