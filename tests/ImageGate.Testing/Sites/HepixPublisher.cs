using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageGate.Testing.Sites;

/// <summary>A HEPiX endorser made with the real openssl: a CA, an endorser certificate it issued, and
/// <c>openssl smime -sign</c> (detached multipart/signed) over a HEPiX image list.</summary>
public sealed class HepixPublisher
{
    private readonly string _dir;

    /// <summary>Makes the CA and the endorser certificate; <paramref name="signerExtensions"/> and <paramref name="caExtensions"/>
    /// are openssl extension lines (e.g. <c>keyUsage=keyEncipherment</c>) for the endorser's and the CA's certificate.</summary>
    public HepixPublisher(string dir, string cn = "Endorser", string? signerExtensions = null, string? caExtensions = null)
    {
        ExternalProcess.Require("openssl");
        _dir = dir;
        Directory.CreateDirectory(dir);
        CaDirectory = Path.Combine(dir, "ca");
        Directory.CreateDirectory(CaDirectory);
        var caArgs = new List<string> { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("ca.key"),
            "-out", Path.Combine(CaDirectory, "test-ca.pem"), "-days", "30", "-subj", "/C=CH/O=ImageGate Test/CN=Test CA" };
        if (caExtensions is not null)
        {
            File.WriteAllText(P("ca.cnf"), $"[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\n{caExtensions}\n");
            caArgs.AddRange(["-config", P("ca.cnf"), "-extensions", "v3"]);
        }
        Openssl([.. caArgs]);
        Openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("signer.key"), "-out", P("signer.csr"),
            "-subj", $"/C=CH/O=ImageGate Test/CN={cn}");
        var signerArgs = new List<string> { "x509", "-req", "-in", P("signer.csr"), "-CA", Path.Combine(CaDirectory, "test-ca.pem"), "-CAkey", P("ca.key"),
            "-CAcreateserial", "-out", P("signer.pem"), "-days", "10" };
        if (signerExtensions is not null)
        {
            File.WriteAllText(P("signer.ext"), signerExtensions + "\n");
            signerArgs.AddRange(["-extfile", P("signer.ext")]);
        }
        Openssl([.. signerArgs]);
        SignerDn = $"/C=CH/O=ImageGate Test/CN={cn}";
    }

    public string CaDirectory { get; }

    public string SignerDn { get; }

    public static byte[] Compose(DateTimeOffset created, DateTimeOffset expires, IEnumerable<(TestImage Image, string BaseUrl)> images)
    {
        var array = new JsonArray();
        foreach (var (image, baseUrl) in images)
            array.Add(new JsonObject
            {
                ["hv:image"] = new JsonObject
                {
                    ["dc:identifier"] = $"id-{image.Name}",
                    ["dc:title"] = image.Name,
                    ["dc:description"] = "test image",
                    ["hv:size"] = image.Bytes.Length,
                    ["sl:checksum:sha512"] = image.Sha512,
                    ["sl:arch"] = "x86_64",
                    ["hv:uri"] = baseUrl + image.UrlPath,
                    ["sl:os"] = "Linux",
                    ["sl:osversion"] = "Debian 12",
                    ["hv:hypervisor"] = "QEMU,KVM",
                    ["hv:version"] = image.Version,
                    ["hv:format"] = image.Format.ToUpperInvariant(),
                },
            });
        var root = new JsonObject
        {
            ["hv:imagelist"] = new JsonObject
            {
                ["dc:date:created"] = ListSigner.Time(created),
                ["dc:date:expires"] = ListSigner.Time(expires),
                ["dc:identifier"] = "8d5f6a2e-0000-4000-8000-000000000001",
                ["dc:title"] = "ImageGate test list",
                ["hv:version"] = created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["hv:uri"] = "https://example.org/imagelist.smime",
                ["hv:endorser"] = new JsonObject { ["hv:x509"] = new JsonObject { ["hv:dn"] = "/C=CH/O=ImageGate Test/CN=Endorser", ["hv:ca"] = "/C=CH/O=ImageGate Test/CN=Test CA" } },
                ["hv:images"] = array,
            },
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString(new() { WriteIndented = true }) + "\n");
    }

    /// <summary>Signs <paramref name="json"/> with <c>openssl smime -sign</c> and returns the S/MIME message.</summary>
    public byte[] Sign(byte[] json, bool text = false)
    {
        var input = P($"in-{Guid.NewGuid():N}.json");
        var output = input + ".smime";
        File.WriteAllBytes(input, json);
        var args = new List<string> { "smime", "-sign", "-in", input, "-signer", P("signer.pem"), "-inkey", P("signer.key"), "-out", output };
        if (text) args.Add("-text");
        Openssl([.. args]);
        return File.ReadAllBytes(output);
    }

    /// <summary>What <c>openssl smime -verify</c> (its default purpose, no <c>-purpose any</c>) says of <paramref name="smime"/>
    /// against the CA: the exit code and standard error.</summary>
    public (int ExitCode, string Error) OpensslVerify(byte[] smime)
    {
        var input = P($"verify-{Guid.NewGuid():N}.smime");
        File.WriteAllBytes(input, smime);
        var r = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", input, "-CAfile", Path.Combine(CaDirectory, "test-ca.pem"), "-out", "/dev/null"],
            timeout: TimeSpan.FromSeconds(60));
        return (r.ExitCode, r.StandardError);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private static void Openssl(params string[] args)
    {
        var r = ExternalProcess.Run("openssl", args, timeout: TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {r.StandardError}");
    }
}
