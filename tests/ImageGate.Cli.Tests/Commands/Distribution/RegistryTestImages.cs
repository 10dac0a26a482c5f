using System.Security.Cryptography;
using System.Text;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Distribution;

/// <summary>Small images for the push and pull tests.</summary>
internal static class RegistryTestImages
{
    /// <summary>A qcow2 with no file system (qemu-img create), <paramref name="megabytes"/> virtual size.</summary>
    public static string EmptyQcow2(TempDirectory dir, string name, int megabytes)
    {
        ExternalProcess.Require("qemu-img");
        var path = dir.Combine(name);
        var r = ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", path, $"{megabytes}M"]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        return path;
    }

    /// <summary>The sha256 hex of a file.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>An OCI image layout holding one artifact shaped like EGI's (empty config, one
    /// <c>application/x-qemu-disk</c> layer of <paramref name="layer"/>), tagged <paramref name="tag"/>.</summary>
    public static string OciLayout(TempDirectory dir, byte[] layer, string tag)
    {
        var root = dir.Combine("layout");
        var blobs = Path.Combine(root, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        string Put(byte[] bytes)
        {
            var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
            File.WriteAllBytes(Path.Combine(blobs, hex), bytes);
            return hex;
        }
        var config = Put("{}"u8.ToArray());
        var layerHex = Put(layer);
        var manifest = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.example.other-client","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:{{{config}}}","size":2},"layers":[{"mediaType":"application/x-qemu-disk","digest":"sha256:{{{layerHex}}}","size":{{{layer.Length}}},"annotations":{"org.opencontainers.image.title":"other.qcow2"}}]}""");
        var manifestHex = Put(manifest);
        File.WriteAllText(Path.Combine(root, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(root, "index.json"),
            $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{{manifestHex}}}","size":{{{manifest.Length}}},"annotations":{"org.opencontainers.image.ref.name":"{{{tag}}}"}}]}""");
        return root;
    }
}
