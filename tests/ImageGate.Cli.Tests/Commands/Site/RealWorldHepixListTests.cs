using System.Text;
using ImageGate.Testing.Sites;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Site;

/// <summary><c>site sync --ca-dir</c> on HEPiX lists shaped as the EGI AppDB (vmcaster) writes them — fields ImageGate
/// does not write, sizes as text, upper-case formats, titles with spaces and brackets, an empty <c>hv:ca</c>, per-image
/// <c>dc:date:*</c> — and, when a field it needs is missing, a refusal naming that field (exit 2).</summary>
public sealed class RealWorldHepixListTests : IAsyncDisposable
{
    private readonly SiteWorld _world = new();
    private readonly HepixPublisher _endorser;
    private readonly TestImage _ubuntu = TestImage.Random("ubuntu", "2024.01.15", kib: 48, format: "ova");
    private readonly TestImage _cernvm = TestImage.Random("cernvm", "3.3.0-1", kib: 40, format: "qcow2");

    public RealWorldHepixListTests() => _endorser = new HepixPublisher(_world.Temp.Combine("endorser"));

    /// <summary>An AppDB VO-wide image list (as https://vmcaster.appdb.egi.eu/store/vo/NAME/image.list serves it), with
    /// the field shapes of AppDB's lists; <paramref name="drop"/> leaves a field out of the first image.</summary>
    private string AppDbList(string? drop = null, bool secondExpired = false)
    {
        var created = ListSigner.Time(DateTimeOffset.UtcNow.AddHours(-1));
        var expires = ListSigner.Time(DateTimeOffset.UtcNow.AddDays(20));
        string Image(TestImage image, string title, string osName, string osVersion, string hypervisor, string? imageExpires = null) => $$"""
                {
                  "hv:image": {
                    "ad:appid": "1017",
                    "ad:group": "General group",
                    "ad:mpuri": "https://appdb.egi.eu/store/vm/image/7f1c5d25-614e-4409-bfa6-625d3ae7b9d4:{{image.Name.Length}}/",
                    "ad:user:fullname": "Jane Doe",
                    "ad:user:guid": "b1946ac9-2492-4d7e-a5a3-2f8e0b2c1d10",
                    "ad:user:uri": "https://appdb.egi.eu/store/person/jane.doe",
                    "ad:vo": "vo.example.eu",
                    "dc:date:created": "{{created}}",
                    "dc:date:expires": "{{imageExpires ?? expires}}",
                    "dc:description": "{{title}} for the VO",
                    "dc:identifier": "{{Guid.NewGuid()}}",
                    "dc:title": "{{title}}",
                    "hv:core_minimum": "1",
                    "ad:core_recommended": "4",
                    "hv:format": "{{image.Format.ToUpperInvariant()}}",
                    "hv:hypervisor": "{{hypervisor}}",
                    "hv:ram_minimum": "512",
                    "ad:ram_recommended": "1024",
                    "hv:size": "{{image.Bytes.Length}}",
                    "hv:uri": "{{_world.Server.BaseUrl}}{{image.UrlPath}}",
                    "hv:version": "{{image.Version}}",
                    "sl:arch": "x86_64",
                    "sl:checksum:sha512": "{{image.Sha512}}",
                    "sl:comments": "",
                    "sl:os": "Linux",
                    "sl:osname": "{{osName}}",
                    "sl:osversion": "{{osVersion}}"
                  }
                }
            """;
        var first = Image(_ubuntu, "Image for EGI Ubuntu 22.04 [Ubuntu/22.04/VirtualBox]", "Ubuntu", "22.04", "VirtualBox");
        if (drop is not null)
            first = string.Join('\n', first.Split('\n').Where(l => !l.TrimStart().StartsWith($"\"{drop}\":", StringComparison.Ordinal)));
        return $$"""
            {
              "hv:imagelist": {
                "ad:swid": "810",
                "ad:vo": "vo.example.eu",
                "dc:date:created": "{{created}}",
                "dc:date:expires": "{{expires}}",
                "dc:description": "Images of vo.example.eu",
                "dc:identifier": "5e4f0b2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
                "dc:source": "https://appdb.egi.eu/",
                "dc:title": "vo.example.eu",
                "hv:endorser": {
                  "hv:x509": {
                    "dc:creator": "EGI Applications Database",
                    "hv:ca": "",
                    "hv:dn": "{{_endorser.SignerDn}}",
                    "hv:email": "appdb-support@example.eu"
                  }
                },
                "hv:images": [
            {{first}},
            {{Image(_cernvm, "Image [Scientific Linux/6.0/KVM]", "Scientific Linux", "6.0", "KVM", secondExpired ? ListSigner.Time(DateTimeOffset.UtcNow.AddMinutes(-5)) : null)}}
                ],
                "hv:uri": "https://vmcaster.appdb.egi.eu/store/vo/vo.example.eu/image.list",
                "hv:version": "3.3.0"
              }
            }
            """;
    }

    /// <summary>The list signed as an opaque S/MIME message (<c>openssl smime -sign -nodetach</c>: application/pkcs7-mime
    /// signed-data carrying the list), which vmcatcher (M2Crypto's smime_load_pkcs7) and atrope (openssl smime -verify) read.</summary>
    private byte[] SignOpaque(string json, bool text)
    {
        var dir = _world.Temp.Combine("endorser");
        var input = Path.Combine(dir, $"opaque-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, json);
        List<string> args = ["smime", "-sign", "-nodetach", "-in", input, "-signer", Path.Combine(dir, "signer.pem"), "-inkey", Path.Combine(dir, "signer.key"), "-out", input + ".p7m"];
        if (text) args.Add("-text");
        var r = ExternalProcess.Run("openssl", args);
        Assert.True(r.ExitCode == 0, r.StandardError);
        return File.ReadAllBytes(input + ".p7m");
    }

    private async Task<CliResult> SyncAsync(string json, byte[]? signed = null)
    {
        var list = _world.Temp.Combine($"image-{Guid.NewGuid():N}.list");
        await File.WriteAllBytesAsync(list, signed ?? _endorser.Sign(Encoding.UTF8.GetBytes(json)), TestContext.Current.CancellationToken);
        foreach (var image in new[] { _ubuntu, _cernvm })
            _world.Server.Serve(image.UrlPath, image.Bytes);
        return await CliRunner.RunAsync(["site", "sync", "--list", list, "--ca-dir", _endorser.CaDirectory, "--signer-dn", _endorser.SignerDn, "--cache", _world.Cache]);
    }

    [Fact]
    public async Task Site_sync_leaves_out_an_image_whose_own_expiry_has_passed_as_atrope_does()
    {
        var r = await SyncAsync(AppDbList(secondExpired: true));
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_world.Cache, "images")));
        Assert.EndsWith(".ova", file, StringComparison.Ordinal);
        Assert.Equal(0, _world.Server.CountRequests(_cernvm.UrlPath));
    }

    [Fact]
    public async Task Site_sync_accepts_an_AppDB_shaped_list_detached_and_downloads_its_images()
    {
        var r = await SyncAsync(AppDbList());
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var files = Directory.GetFiles(Path.Combine(_world.Cache, "images")).Select(Path.GetFileName).ToArray();
        Assert.Equal(2, files.Length);
        Assert.Contains(files, f => f!.EndsWith(".ova", StringComparison.Ordinal) && f.Contains("Ubuntu", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.EndsWith(".qcow2", StringComparison.Ordinal) && f.Contains("Scientific-Linux", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Site_sync_accepts_an_opaque_signed_list_and_refuses_it_tampered(bool text)
    {
        var json = AppDbList();
        var signed = SignOpaque(json, text);
        Assert.Contains("pkcs7-mime", Encoding.ASCII.GetString(signed));
        var r = await SyncAsync(json, signed);
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_world.Cache, "images")).Length);

        // One base64 character of the signed data changed (in the carried list, past the headers): not this endorser's list.
        var message = Encoding.ASCII.GetString(signed);
        var at = message.IndexOf("\n\n", StringComparison.Ordinal) + 400;
        var tampered = message[..at] + (message[at] == 'A' ? 'B' : 'A') + message[(at + 1)..];
        var bad = await SyncAsync(json, Encoding.ASCII.GetBytes(tampered));
        Assert.NotEqual(0, bad.ExitCode);
    }

    [Theory]
    [InlineData("sl:checksum:sha512")]
    [InlineData("hv:uri")]
    [InlineData("hv:size")]
    [InlineData("dc:identifier")]
    public async Task Site_sync_refuses_a_list_missing_a_field_it_needs_and_names_the_field(string field)
    {
        var r = await SyncAsync(AppDbList(drop: field));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"hv:images[0].{field}", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
