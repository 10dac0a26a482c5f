using ImageGate.Testing;
using ImageGate.Testing.Sites;

namespace ImageGate.Cli.Tests.Commands.Site;

/// <summary><c>site verify</c> and <c>site check</c> of S/MIME-signed HEPiX image lists (vmcatcher's format), signed by
/// the real openssl.</summary>
public sealed class SiteHepixListTests : IAsyncDisposable
{
    private readonly SiteWorld _world = new();
    private readonly HepixPublisher _endorser;
    private readonly TestImage _debian = TestImage.Random("debian-12", "2026.11.01", kib: 64);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SiteHepixListTests() => _endorser = new HepixPublisher(_world.Temp.Combine("endorser"));

    private byte[] Json(TimeSpan? expiresIn = null, DateTimeOffset? created = null)
    {
        var c = created ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return HepixPublisher.Compose(c, c + (expiresIn ?? TimeSpan.FromDays(28)), [(_debian, _world.Server.BaseUrl)]);
    }

    [Fact]
    public async Task Site_verify_and_check_take_a_HEPiX_list_with_ca_dir()
    {
        var list = _world.Temp.Combine("imagelist.smime");
        await File.WriteAllBytesAsync(list, _endorser.Sign(Json()), Ct);
        var r = await CliRunner.RunAsync(["site", "verify", list, "--ca-dir", _endorser.CaDirectory, "--signer-dn", _endorser.SignerDn]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        var image = _world.Temp.Combine("disk.qcow2");
        await File.WriteAllBytesAsync(image, _debian.Bytes, Ct);
        var c = await CliRunner.RunAsync(["site", "check", image, "--list", list, "--ca-dir", _endorser.CaDirectory, "--signer-dn", _endorser.SignerDn]);
        Assert.True(c.ExitCode == 0, c.StandardError);
        var wrong = await CliRunner.RunAsync(["site", "verify", list, "--ca-dir", _endorser.CaDirectory, "--signer-dn", "/CN=nobody"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("[wrong-signer]", wrong.StandardError);
    }

    [Fact]
    public async Task The_site_verbs_refuse_a_HEPiX_list_without_a_signer_dn_unless_told_insecure_any_signer()
    {
        var list = _world.Temp.Combine("imagelist.smime");
        await File.WriteAllBytesAsync(list, _endorser.Sign(Json()), Ct);
        var image = _world.Temp.Combine("disk.qcow2");
        await File.WriteAllBytesAsync(image, _debian.Bytes, Ct);
        foreach (var args in new[] { new[] { "site", "verify", list }, ["site", "check", image, "--list", list] })
        {
            var refused = await CliRunner.RunAsync([.. args, "--ca-dir", _endorser.CaDirectory]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--signer-dn", refused.StandardError);
            Assert.Contains("--insecure-any-signer", refused.StandardError);
        }
        var anyone = await CliRunner.RunAsync(["site", "verify", list, "--ca-dir", _endorser.CaDirectory, "--insecure-any-signer"]);
        Assert.True(anyone.ExitCode == 0, anyone.StandardError);
        Assert.Contains("warning: --insecure-any-signer", anyone.StandardError);
        var both = await CliRunner.RunAsync(["site", "verify", list, "--ca-dir", _endorser.CaDirectory, "--insecure-any-signer", "--signer-dn", _endorser.SignerDn]);
        Assert.Equal(2, both.ExitCode);
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
